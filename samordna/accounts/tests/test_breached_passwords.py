"""Passwords in a list of breached or first-guessed passwords are refused: the list
samordna ships (built by accounts/password_list.py), or the operator's own."""

import gzip
import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from samordna.accounts import password_list
from samordna.accounts.passwords import SHIPPED_LIST, BreachedPasswordValidator


@pytest.mark.parametrize(
    "password",
    [
        "sommar2024!!!",
        "Sommaren2031?",
        "password1234",
        "hemligt12345",
        "lösenord1234",
        "Losenord2025!",
        "Stockholm2024!",
        "Hammarby2024!",
        "1qaz2wsx3edc4rfv",
        "qwertyuiopå123",
    ],
)
def test_breached_and_first_guessed_passwords_are_refused(world, password):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, world.teacher)
    assert "password_breached" in {error.code for error in refused.value.error_list}


def test_a_long_unguessable_password_is_accepted(world):
    validate_password("blå-cykel-under-granen-7", world.teacher)


def test_the_reset_page_says_why_in_swedish(client, world):
    client.post(reverse("accounts:password_reset"), {"email": world.teacher.email})
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url
    assert "listan över läckta eller lättgissade lösenord" in client.get(form_url).content.decode()
    response = client.post(
        form_url, {"new_password1": "Vinter2026!!", "new_password2": "Vinter2026!!"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Lösenordet finns i en lista över läckta eller lättgissade lösenord." in body
    world.teacher.refresh_from_db()
    assert not world.teacher.check_password("Vinter2026!!")


@pytest.mark.parametrize("packed", [False, True])
def test_an_operator_can_use_a_list_of_their_own(settings, tmp_path, packed):
    own = tmp_path / ("own.txt.gz" if packed else "own.txt")
    text = "Kommunens-Eget-Losen-1\nett annat läckt lösenord\n"
    if packed:
        own.write_bytes(gzip.compress(text.encode()))
    else:
        own.write_text(text)
    settings.BREACHED_PASSWORD_LIST = str(own)
    validator = BreachedPasswordValidator()
    for password in ["kommunens-eget-losen-1", "ETT ANNAT LÄCKT LÖSENORD"]:
        with pytest.raises(ValidationError):
            validator.validate(password)
    validator.validate("sommar2024!!!")  # the list replaces the shipped one


def test_the_shipped_list_is_what_the_script_builds():
    """Long passwords only, in lower case; rebuilt by password_list.py, never by hand."""
    with gzip.open(SHIPPED_LIST, "rt", encoding="utf-8") as shipped:
        passwords = shipped.read().splitlines()
    assert passwords == sorted(password_list.candidates())
    assert len(passwords) > 50_000
    assert all(len(p) >= 12 and p == p.lower() for p in passwords)
