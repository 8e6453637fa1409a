"""Refused requests are security events: who, what, from where, when; a scanner cannot flood
the table, and system administrators read it in the admin."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from conftest import verified_login
from samordna.audit.models import AccessLog, SecurityEvent, SecurityEventCount

MIDMINUTE = datetime(2026, 12, 1, 9, 30, 5, tzinfo=UTC)


@pytest.fixture
def social_child(world, make_child):
    """A child social services registered: the school may not see it."""
    return make_child(990, unit=world.social)


def test_another_units_child_answers_404_and_is_a_security_event(login, world, social_child):
    url = reverse("people:child_detail", args=[social_child.pk])
    response = login(world.teacher).get(url, REMOTE_ADDR="192.0.2.44")
    assert response.status_code == 404
    event = SecurityEvent.objects.get()
    assert (event.user, event.acting_unit, event.client_ip) == (
        world.teacher,
        world.school,
        "192.0.2.44",
    )
    assert (event.method, event.path, event.status) == ("GET", url, 404)
    assert event.refused == f"people.child {social_child.pk}"
    assert not AccessLog.objects.exists()


def test_an_id_that_does_not_exist_is_an_event_too(login, world):
    """The access rule's 404 is the same for a child that is hidden and one that is not."""
    assert login(world.teacher).get("/barn/999999/").status_code == 404
    assert SecurityEvent.objects.get().refused == "people.child 999999"


@time_machine.travel(MIDMINUTE, tick=False)
def test_fifty_refusals_in_a_minute_write_the_limit_and_count_the_rest(
    login, world, social_child, settings
):
    client = login(world.teacher)
    url = reverse("people:child_detail", args=[social_child.pk])
    for _ in range(50):
        assert client.get(url).status_code == 404
    assert SecurityEvent.objects.count() == settings.SECURITY_EVENTS_PER_MINUTE == 10
    tally = SecurityEventCount.objects.get()
    assert (tally.user, tally.client_ip, tally.count) == (world.teacher, "127.0.0.1", 50)
    assert tally.at == MIDMINUTE.replace(second=0)
    # The next minute is a new one; another user from the same address is counted apart.
    with time_machine.travel(MIDMINUTE + timedelta(minutes=1), tick=False):
        client.get(url)
    login(world.psychologist).get(url)
    assert SecurityEvent.objects.count() == 12
    assert sorted(SecurityEventCount.objects.values_list("count", flat=True)) == [1, 1, 50]


def test_a_normal_request_or_a_mistyped_address_is_no_event(login, world, make_child):
    client = login(world.teacher)
    assert client.get(reverse("people:child_detail", args=[make_child().pk])).status_code == 200
    assert client.get("/barn/inte-ett-nummer/").status_code == 404
    assert client.get("/finns-inte/").status_code == 404
    assert not SecurityEvent.objects.exists()
    assert not SecurityEventCount.objects.exists()


def test_a_post_without_its_csrf_token_is_an_event(world):
    client = verified_login(Client(enforce_csrf_checks=True), world.teacher)
    assert client.post(reverse("accounts:logout")).status_code == 403
    event = SecurityEvent.objects.get()
    assert (event.user, event.method, event.status) == (world.teacher, "POST", 403)
    assert event.refused == "accounts:logout"


def test_the_system_administrator_reads_the_events_and_cannot_change_them(
    login, world, social_child
):
    login(world.teacher).get(reverse("people:child_detail", args=[social_child.pk]))
    admin = login(world.system_admin)
    response = admin.get("/admin/audit/securityevent/")
    assert response.status_code == 200
    assert f"people.child {social_child.pk}" in response.text
    assert admin.get("/admin/audit/securityeventcount/").status_code == 200
    event = SecurityEvent.objects.get(user=world.teacher)
    assert admin.post(f"/admin/audit/securityevent/{event.pk}/delete/").status_code == 403
    # That refusal is itself an event, the system administrator's.
    assert SecurityEvent.objects.filter(user=world.system_admin, status=403).exists()
    response = login(world.school_head).get("/admin/audit/securityevent/")
    assert response.url.startswith(reverse("admin:login"))
