"""Setting up the authenticator app (QR code, key, a first code) and the backup codes."""

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, app_code, app_device

ENROL = reverse("accounts:two_factor_enrol")
CODES = reverse("accounts:two_factor_backup_codes")
SETTINGS = reverse("accounts:two_factor_settings")


@pytest.fixture
def newcomer(client, world):
    """The teacher has given the password and has no app yet."""
    client.post(reverse("accounts:login"), {"username": world.teacher.email, "password": PASSWORD})
    return client


def unconfirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=False)


def shown_codes(body: str) -> list[str]:
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", body)


def test_it_sends_a_newcomer_from_the_start_page_to_setting_up_the_app(newcomer):
    response = newcomer.get(reverse("core:start"), follow=True)
    assert response.redirect_chain[-1][0] == f"{ENROL}?next=%2F"


def test_it_shows_a_qr_code_and_the_key(newcomer, world):
    body = newcomer.get(ENROL).content.decode()
    assert "Aktivera tvåstegsverifiering" in body
    assert '<svg role="img"' in body
    assert "<title>QR-kod att skanna med din autentiseringsapp</title>" in body
    assert " style=" not in body
    key = re.search(r"<code>([A-Z2-7 ]+)</code>", body)[1]
    assert len(key.replace(" ", "")) == 32
    # A reload keeps the key the user may already have typed in.
    assert key in newcomer.get(ENROL).content.decode()
    assert TOTPDevice.objects.filter(user=world.teacher).count() == 1


def test_it_refuses_a_wrong_code(newcomer, world):
    newcomer.get(ENROL)
    response = newcomer.post(ENROL, {"code": "000000"})
    assert response.status_code == 200
    assert "Koden är fel. Kontrollera att klockan i telefonen" in response.content.decode()
    assert not unconfirmed_device(world.teacher).confirmed


def test_the_first_code_confirms_the_app_and_shows_ten_backup_codes_once(newcomer, world):
    newcomer.get(ENROL)
    code = app_code(unconfirmed_device(world.teacher))
    response = newcomer.post(f"{ENROL}?next=/barn/", {"code": code, "next": "/barn/"})
    assert response.url == f"{CODES}?next=%2Fbarn%2F"
    assert app_device(world.teacher).name == "Autentiseringsapp"

    page = newcomer.get(response.url).content.decode()
    codes = shown_codes(page)
    assert len(set(codes)) == 10
    assert "Reservkoder" in page
    assert 'href="/barn/"' in page
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=world.teacher).values_list("token", flat=True)
    )
    # The session is verified; the codes are not shown again.
    assert newcomer.get(CODES).url == SETTINGS
    assert newcomer.get(reverse("core:start")).status_code == 200


def test_it_will_not_replace_a_confirmed_app_without_the_code(client, world):
    """Someone with only the password cannot set up an app of their own."""
    app_device(world.teacher)
    client.post(reverse("accounts:login"), {"username": world.teacher.email, "password": PASSWORD})
    response = client.get(ENROL, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:two_factor"))
    assert TOTPDevice.objects.filter(user=world.teacher).count() == 1


def test_the_settings_page_makes_new_backup_codes(login, world):
    client = login(world.teacher)
    page = client.get(SETTINGS).content.decode()
    assert "Du har 0 oanvända reservkoder." in page
    response = client.post(reverse("accounts:two_factor_new_backup_codes"), {"next": SETTINGS})
    first = shown_codes(client.get(response.url).content.decode())
    client.post(reverse("accounts:two_factor_new_backup_codes"), {"next": SETTINGS})
    second = shown_codes(client.get(response.url).content.decode())
    assert len(first) == len(second) == 10
    assert not set(first) & set(second)
    assert "Du har 10 oanvända reservkoder." in client.get(SETTINGS).content.decode()


def test_new_backup_codes_only_with_post(login, world):
    response = login(world.teacher).get(reverse("accounts:two_factor_new_backup_codes"))
    assert response.status_code == 405


@pytest.mark.parametrize(
    ("password", "code"),
    [("kort-lösen1", "password_too_short"), ("larare.testby", "password_too_similar")],
)
def test_passwords_shorter_than_12_characters_are_refused(world, password, code):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, world.teacher)
    assert code in {error.code for error in refused.value.error_list}
