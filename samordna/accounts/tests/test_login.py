from django.urls import reverse

from conftest import PASSWORD


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
