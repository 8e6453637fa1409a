from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse

from conftest import PASSWORD, make_user
from samordna.accounts.models import Role, User


def test_it_shows_the_login_page_in_swedish(client, db):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert '<html lang="sv">' in response.content.decode()
    assert "Logga in" in response.content.decode()


def test_it_logs_in_with_email_and_password(client, world):
    response = client.post(
        reverse("accounts:login"), {"username": "LARARE@testby.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("core:start")


def test_it_refuses_a_wrong_password_in_swedish(client, world):
    response = client.post(
        reverse("accounts:login"), {"username": world.teacher.email, "password": "wrong-password"}
    )
    assert response.status_code == 200
    assert "Fel e-postadress eller lösenord" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_gives_the_same_message_for_an_unknown_account(client, world):
    known = client.post(
        reverse("accounts:login"), {"username": world.teacher.email, "password": "x" * 12}
    )
    unknown = client.post(
        reverse("accounts:login"), {"username": "ingen@testby.example", "password": "x" * 12}
    )
    assert known.context["form"].errors == unknown.context["form"].errors


def test_it_logs_out_only_with_post(login, world):
    client = login(world.teacher)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.url == reverse("accounts:login")
    assert client.get(reverse("core:start")).status_code == 302


def test_it_sends_anonymous_users_to_the_login_page(client, db):
    response = client.get(reverse("core:start"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_addresses_are_stored_in_one_spelling(world):
    user = make_user(" Hanna.Falk@Angſvik.EXAMPLE", world.social, Role.CASEWORKER)
    assert user.email == "hanna.falk@angsvik.example"
    assert User.objects.get_by_natural_key("HANNA.FALK@ANGſVIK.example") == user
    with pytest.raises(User.DoesNotExist):
        User.objects.get_by_natural_key("hanna.falk@angsvık.example")  # dotless i: another name


def test_an_administrator_cannot_add_the_same_address_spelt_otherwise(login, world):
    client = login(world.local_admin)
    response = client.post(
        reverse("accounts:user_create"),
        {
            "email": "SOC@TESTBY.EXAMPLE",
            "given_name": "Sofia",
            "family_name": "Dubblett",
            "unit": world.social.pk,
            "role": Role.CASEWORKER,
        },
    )
    assert response.status_code == 200
    assert "Det finns redan en användare med den e-postadressen." in response.content.decode()
    response = client.post(
        reverse("accounts:user_detail", args=[world.social_worker.pk]),
        {"email": "Social@ＴＥＳＴＢＹ.ℯxample", "given_name": "Soc", "family_name": "Testsson"},
    )
    assert response.status_code == 302
    world.social_worker.refresh_from_db()
    assert world.social_worker.email == "social@testby.example"


def test_the_migration_stores_existing_addresses_in_one_spelling(world):
    migration = import_module("samordna.accounts.migrations.0003_normalise_login_names")
    User.objects.filter(pk=world.teacher.pk).update(email="Larare@Testbſ.EXAMPLE")
    migration.normalise_addresses(apps, None)
    world.teacher.refresh_from_db()
    assert world.teacher.email == "larare@testbs.example"
    User.objects.filter(pk=world.teacher.pk).update(email="SOC@testby.example")
    with pytest.raises(RuntimeError, match="SOC@testby.example = soc@testby.example"):
        migration.normalise_addresses(apps, None)
