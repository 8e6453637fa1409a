"""Sessions end after 30 minutes without activity and after 10 hours in all, with a warning
before the idle logout; a new password ends every other session."""

import re
import time
from datetime import UTC, datetime

import time_machine
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from conftest import verified_login
from samordna.core.middleware import SESSION_LAST_ACTIVITY, SESSION_STARTED
from samordna.people.tests.helpers import make_child

IDLE_MESSAGE = "You have been logged out after %(minutes)s minutes without activity."
LONG_MESSAGE = (
    "You have been logged out because you have been logged in for %(hours)s hours. "
    "Log in again to go on."
)


def swedish(msgid: str, **values) -> str:
    with translation.override("sv"):
        return gettext(msgid) % values


def age_session(client, **seconds_ago) -> None:
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_the_limits_are_30_minutes_idle_and_10_hours_in_all(settings):
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60
    assert settings.SESSION_ABSOLUTE_TIMEOUT == settings.SESSION_COOKIE_AGE == 10 * 60 * 60


def test_activity_within_30_minutes_keeps_the_session(login, world):
    client = login(world.teacher)
    assert client.get(reverse("core:start")).status_code == 200
    age_session(client, **{SESSION_LAST_ACTIVITY: 29 * 60})
    assert client.get(reverse("core:start")).status_code == 200
    assert client.session[SESSION_LAST_ACTIVITY] >= int(time.time()) - 5


def test_30_minutes_without_activity_log_the_user_out_with_a_message(login, world):
    # The last activity is noted once a minute: the limit is kept to within that minute.
    client = login(world.teacher)
    client.get(reverse("core:start"))
    age_session(client, **{SESSION_LAST_ACTIVITY: 31 * 60 + 1})
    url = reverse("people:child_list")
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={url.replace('/', '%2F')}"
    assert SESSION_KEY not in client.session
    login_page = client.get(response.url).content.decode()
    assert swedish(IDLE_MESSAGE, minutes=30) in login_page
    assert client.get(reverse("core:start")).status_code == 302


def test_an_htmx_request_after_the_idle_limit_goes_to_the_login_page(login, world):
    client = login(world.teacher)
    client.get(reverse("core:start"))
    age_session(client, **{SESSION_LAST_ACTIVITY: 32 * 60})
    response = client.get(reverse("people:child_list"), {"q": "x"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("accounts:login")
    assert SESSION_KEY not in client.session


def test_a_post_after_the_idle_limit_does_nothing_but_log_out(login, world):
    client = login(world.teacher)
    client.get(reverse("core:start"))
    age_session(client, **{SESSION_LAST_ACTIVITY: 32 * 60})
    response = client.post(reverse("accounts:logout"))
    assert response.url == reverse("accounts:login")
    assert SESSION_KEY not in client.session


def test_10_hours_end_the_session_even_with_activity(login, world):
    client = login(world.teacher)
    client.get(reverse("core:start"))
    age_session(client, **{SESSION_STARTED: 10 * 60 * 60 + 1, SESSION_LAST_ACTIVITY: 60})
    response = client.get(reverse("core:start"), follow=True)
    assert response.redirect_chain[0][1] == 302
    assert swedish(LONG_MESSAGE, hours=10) in response.content.decode()
    assert SESSION_KEY not in client.session


def test_the_keep_alive_endpoint_notes_activity(login, world):
    client = login(world.teacher)
    client.get(reverse("core:start"))
    age_session(client, **{SESSION_LAST_ACTIVITY: 28 * 60})
    response = client.get(reverse("core:keep_alive"))
    assert response.status_code == 204
    assert "no-cache" in response["Cache-Control"]
    assert client.session[SESSION_LAST_ACTIVITY] >= int(time.time()) - 5


def test_the_keep_alive_endpoint_needs_a_session(client, db):
    assert client.get(reverse("core:keep_alive")).status_code == 302


def test_logged_in_pages_carry_the_warning_and_its_script(login, world):
    body = login(world.teacher).get(reverse("core:start")).content.decode()
    region = re.search(r'<div id="session-warning"[^>]*>', body)[0]
    assert re.search(r'<template id="session-warning-content">\s*<div role="alert">', body)
    assert 'data-timeout="1800"' in region
    assert f'data-keep-alive-url="{reverse("core:keep_alive")}"' in region
    assert re.search(r'<script src="[^"]*js/session-timeout\.js" defer></script>', body)


def test_the_login_page_has_no_warning(client, db):
    body = client.get(reverse("accounts:login")).content.decode()
    assert "session-timeout.js" not in body
    assert "session-warning" not in body


def test_a_new_password_ends_every_other_session(client, world):
    elsewhere = Client()
    verified_login(elsewhere, world.teacher)
    assert elsewhere.get(reverse("core:start")).status_code == 200

    client.post(reverse("accounts:password_reset"), {"email": world.teacher.email})
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url
    new = "ett-nytt-bra-losenord-77"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.url == reverse("accounts:password_reset_complete")

    answer = elsewhere.get(reverse("core:start"))
    assert answer.status_code == 302
    assert answer.url.startswith(reverse("accounts:login"))
    assert SESSION_KEY not in elsewhere.session


POLL = {"HTTP_HX_REQUEST": "true", "HTTP_X_BACKGROUND_REQUEST": "true"}


def test_the_inbox_poll_is_marked_as_background(login, world):
    body = login(world.teacher).get(reverse("core:start")).content.decode()
    link = re.search(r'<a id="inbox-link"[^>]*>', body)[0]
    assert 'hx-trigger="every 60s"' in link
    assert """hx-headers='{"X-Background-Request": "true"}'""" in link


def test_a_tab_that_only_polls_is_logged_out_after_the_idle_limit(login, world):
    """The inbox count every minute neither notes activity nor slides Django's expiry."""
    child = make_child(world.school)
    with time_machine.travel(datetime(2031, 3, 3, 9, tzinfo=UTC), tick=False) as clock:
        client = login(world.teacher)
        assert client.get(reverse("people:child_detail", args=[child.pk])).status_code == 200
        key = client.session.session_key
        expires = Session.objects.get(pk=key).expire_date
        for _ in range(31):
            clock.shift(60)
            assert client.get(reverse("notifications:unread_count"), **POLL).status_code == 200
        assert Session.objects.get(pk=key).expire_date == expires
        clock.shift(60)
        url = reverse("people:child_detail", args=[child.pk])
        response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={url.replace('/', '%2F')}"
    assert SESSION_KEY not in client.session


def test_the_poll_after_the_idle_limit_sends_the_page_to_the_login(login, world):
    with time_machine.travel(datetime(2031, 3, 3, 9, tzinfo=UTC), tick=False) as clock:
        client = login(world.teacher)
        client.get(reverse("core:start"))
        clock.shift(32 * 60)
        response = client.get(reverse("notifications:unread_count"), **POLL)
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("accounts:login")
    assert SESSION_KEY not in client.session


def test_a_tab_that_polls_stays_logged_in_while_its_user_works(login, world):
    child = make_child(world.school)
    url = reverse("people:child_detail", args=[child.pk])
    with time_machine.travel(datetime(2031, 3, 3, 9, tzinfo=UTC), tick=False) as clock:
        client = login(world.teacher)
        client.get(url)
        for minute in range(1, 41):
            clock.shift(60)
            client.get(reverse("notifications:unread_count"), **POLL)
            if minute == 20:
                assert client.get(reverse("plans:list")).status_code == 200
        assert client.get(url).status_code == 200
