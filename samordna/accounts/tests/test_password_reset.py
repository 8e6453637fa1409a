import re

from django.core import mail
from django.urls import reverse


def test_it_sends_a_reset_link_in_swedish(client, world):
    response = client.post(reverse("accounts:password_reset"), {"email": world.teacher.email})
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.teacher.email]
    assert message.subject == "Välj ett nytt lösenord till samordna"
    assert "Någon har bett om att återställa lösenordet" in message.body


def test_it_does_not_reveal_whether_an_account_exists(client, world):
    response = client.post(reverse("accounts:password_reset"), {"email": "ingen@testby.example"})
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_it_sets_a_new_password_through_the_link(client, world):
    client.post(reverse("accounts:password_reset"), {"email": world.teacher.email})
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url  # Django swaps the token for a session key
    response = client.post(
        form_url,
        {"new_password1": "ett-nytt-bra-losenord-77", "new_password2": "ett-nytt-bra-losenord-77"},
    )
    assert response.url == reverse("accounts:password_reset_complete")
    world.teacher.refresh_from_db()
    assert world.teacher.check_password("ett-nytt-bra-losenord-77")


def test_it_refuses_a_short_password_in_swedish(client, world):
    client.post(reverse("accounts:password_reset"), {"email": world.teacher.email})
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    response = client.post(client.get(link).url, {"new_password1": "kort", "new_password2": "kort"})
    assert response.status_code == 200
    assert "minst 12 tecken" in response.content.decode()
