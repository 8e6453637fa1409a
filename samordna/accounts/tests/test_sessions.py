"""Each user sees the sessions they are logged in with and can end the others: the browser,
the address, when it logged in and was last active; this one marked."""

import re
from datetime import UTC, datetime

import time_machine
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from conftest import PASSWORD, app_code, app_device
from samordna.accounts.models import UserSession

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:135.0) Gecko/20100101 Firefox/135.0"
SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_3 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.3 Mobile/15E148 Safari/604.1"
)
EDGE = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/133.0.0.0 Safari/537.36 Edg/133.0.0.0"
)
PAGE = reverse("accounts:sessions")
POLL = {"HTTP_HX_REQUEST": "true", "HTTP_X_BACKGROUND_REQUEST": "true"}


def logged_in(user, agent="", ip="192.0.2.30") -> Client:
    """A browser of its own, logged in through the login page (where the session is
    recorded), its second factor given, that has opened the start page."""
    client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=ip)
    client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = app_device(user).persistent_id  # as after the code
    session.save()
    assert client.get(reverse("core:start")).status_code == 200
    return client


def rows(body: str) -> list[str]:
    return re.findall(r"<tr>.*?</tr>", body.split("<tbody>")[1], re.S)


def record_of(client) -> UserSession:
    return UserSession.objects.get(session_id=client.session.session_key)


def test_the_page_lists_the_users_own_sessions_and_marks_this_one(world):
    here = logged_in(world.teacher, EDGE, "192.0.2.31")
    logged_in(world.teacher, SAFARI, "2001:db8::7")
    logged_in(world.social_worker, FIREFOX, "198.51.100.99")

    response = here.get(PAGE)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Dina inloggningar</h1>" in body
    listed = rows(body)
    assert len(listed) == 2
    (this,) = [row for row in listed if "den här inloggningen" in row]
    assert "Edge på Windows" in this and "192.0.2.31" in this
    assert "<button" not in this
    (other,) = [row for row in listed if row is not this]
    assert "Safari på iOS" in other and "2001:db8::7" in other
    assert "Avsluta inloggningen i Safari på iOS" in other
    assert "Firefox" not in body and "198.51.100.99" not in body
    assert "Avsluta alla andra inloggningar" in body
    assert f'href="{PAGE}"' in here.get(reverse("core:start")).content.decode()


def test_ending_another_session_logs_it_out(world):
    here = logged_in(world.teacher)
    there = logged_in(world.teacher, FIREFOX)
    response = here.post(reverse("accounts:end_session", args=[record_of(there).pk]))
    assert response.url == PAGE
    assert "Inloggningen är avslutad" in here.get(PAGE).content.decode()

    answer = there.get(reverse("core:start"))
    assert answer.status_code == 302
    assert answer.url.startswith(reverse("accounts:login"))
    assert SESSION_KEY not in there.session
    assert here.get(reverse("core:start")).status_code == 200
    assert UserSession.objects.filter(user=world.teacher).count() == 1


def test_another_users_session_and_this_one_cannot_be_ended(world):
    here = logged_in(world.teacher)
    theirs = logged_in(world.social_worker)
    for record in [record_of(theirs), record_of(here)]:
        assert here.post(reverse("accounts:end_session", args=[record.pk])).status_code == 404
    assert theirs.get(reverse("core:start")).status_code == 200
    assert here.get(reverse("core:start")).status_code == 200


def test_ending_all_other_sessions_keeps_only_this_one(world):
    here = logged_in(world.teacher)
    others = [logged_in(world.teacher, agent) for agent in (FIREFOX, SAFARI)]
    theirs = logged_in(world.social_worker)
    response = here.post(reverse("accounts:end_other_sessions"), follow=True)
    assert "Dina andra inloggningar är avslutade" in response.content.decode()
    assert len(rows(response.content.decode())) == 1
    for client in others:
        assert client.get(reverse("core:start")).status_code == 302
    assert here.get(reverse("core:start")).status_code == 200
    assert theirs.get(reverse("core:start")).status_code == 200


def test_the_session_is_recorded_at_login(client, world):
    client.post(
        reverse("accounts:login"),
        {"username": world.teacher.email, "password": PASSWORD},
        HTTP_USER_AGENT=FIREFOX,
        REMOTE_ADDR="192.0.2.44",
    )
    record = record_of(client)
    assert (record.user, record.browser, record.ip_address) == (
        world.teacher,
        "Firefox på Windows",
        "192.0.2.44",
    )


def test_a_login_through_the_pages_is_listed_after_the_second_factor(client, world):
    """The second factor cycles the session key: the new key is what is listed."""
    device = app_device(world.teacher)
    client.post(reverse("accounts:login"), {"username": world.teacher.email, "password": PASSWORD})
    client.get(reverse("accounts:two_factor"))
    client.post(reverse("accounts:two_factor"), {"code": app_code(device)})
    body = client.get(PAGE).content.decode()
    assert len(rows(body)) == 1
    assert "den här inloggningen" in body
    assert record_of(client).user == world.teacher


def test_a_poll_is_not_activity_and_an_idle_session_is_not_listed(world):
    with time_machine.travel(datetime(2031, 3, 3, 9, tzinfo=UTC), tick=False) as clock:
        here = logged_in(world.teacher)
        idle = logged_in(world.teacher, FIREFOX)
        first = record_of(idle).last_active
        for _ in range(20):
            clock.shift(60)
            idle.get(reverse("notifications:unread_count"), **POLL)
            here.get(reverse("core:start"))
        assert record_of(idle).last_active == first
        assert record_of(here).last_active == datetime(2031, 3, 3, 9, 20, tzinfo=UTC)
        assert len(rows(here.get(PAGE).content.decode())) == 2
        clock.shift(11 * 60 + 1)
        assert len(rows(here.get(PAGE).content.decode())) == 1
