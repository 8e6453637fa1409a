"""Registering a number is no oracle (decision 29): the first answer is the same whether
samordna knows the child, and whether the child has a SIP; every look-up of a known number is
logged and told to the registering unit; the second step registers an unknown child or sends
the request to take part, to the coordinator or, without a SIP, to the registering unit."""

import re
from datetime import date

import pytest
from django.urls import reverse

from samordna.audit.models import AccessLog, Action
from samordna.notifications.models import Kind, Notification
from samordna.people.models import Child, Guardian
from samordna.people.tests.helpers import fictional_number, make_child, registration_data
from samordna.plans.models import JoinRequest
from samordna.plans.tests.factories import make_plan

URL = reverse("people:child_register")
KNOWN = fictional_number(date(2014, 3, 12), 982)
UNKNOWN = fictional_number(date(2014, 3, 12), 983)
MOTHER = {"given_name": "Karin", "family_name": "Sagström"}


@pytest.fixture(params=["with a SIP", "without a SIP", "protected identity"])
def known(request, world):
    """Social services' child, with or without its SIP, or BUP's with protected identity."""
    if request.param == "protected identity":
        return make_child(
            world.bup,
            given_name="Vilja",
            family_name="Skyddsson",
            number=KNOWN,
            protected_identity="registration",
        )
    child = make_child(world.social, given_name="Hemlig", family_name="Okändsson", number=KNOWN)
    if request.param == "with a SIP":
        make_plan(child, world.social, world.social_worker, purpose="Hemligt syfte 123")
    return child


def _page(response, number: str) -> str:
    """The page apart from the number typed and the tokens every page gets anew."""
    assert response.status_code == 200
    body = response.content.decode().replace(number, "NUMMER")
    body = re.sub(r"\b[A-Za-z0-9]{64}\b", "CSRF", body)
    return re.sub(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", "ONCE", body)


def _post(client, number: str, **fields):
    return client.post(URL, registration_data(MOTHER, identity_number=number, **fields))


def test_the_first_answer_is_the_same_for_a_known_and_an_unknown_number(login, world, known):
    client = login(world.teacher)
    for_known = _page(_post(client, KNOWN, confirm=False), KNOWN)
    for_unknown = _page(_post(client, UNKNOWN, confirm=False), UNKNOWN)
    assert for_known == for_unknown
    assert "Innan barnet registreras" in for_known
    for secret in [known.given_name, known.family_name, "Hemligt syfte"]:
        assert secret not in for_known
    assert Child.objects.get() == known  # nothing registered yet, nothing asked
    assert not (Guardian.objects.exists() or JoinRequest.objects.exists())


def test_an_empty_reason_is_refused_alike(login, world, known):
    client = login(world.teacher)
    for_known = _post(client, KNOWN, reason="")
    for_unknown = _post(client, UNKNOWN, reason="")
    assert list(for_known.context["take_part"].errors) == ["reason"]
    assert _page(for_known, KNOWN) == _page(for_unknown, UNKNOWN)
    assert Child.objects.get() == known
    assert not JoinRequest.objects.exists()


def test_every_look_up_is_logged_and_told_to_the_registering_unit(login, world, known):
    client = login(world.teacher)
    _post(client, KNOWN, confirm=False)
    _post(client, KNOWN, confirm=False)
    rows = AccessLog.objects.filter(child_id=known.pk, user=world.teacher)
    assert list(rows.values_list("action", "acting_unit")) == [(Action.SEARCH, world.school.pk)] * 2
    registering_staff = {world.social: world.social_worker, world.bup: world.psychologist}
    [told] = Notification.objects.filter(kind=Kind.NUMBER_LOOKUP)  # once a day for the unit
    assert told.user == registering_staff[known.registered_by_unit]
    assert "Testskolan" in told.text
    assert told.url == reverse("people:child_detail", args=[known.pk])
    for secret in [known.given_name, known.family_name, known.identity_number, KNOWN]:
        assert secret not in told.text
    # An unknown number is no look-up of anyone: nothing is logged, nobody told.
    _post(client, UNKNOWN, confirm=False)
    assert AccessLog.objects.count() == 2 and Notification.objects.count() == 1


def test_the_second_answer_says_nothing_about_a_sip(login, world):
    with_sip = make_child(world.social, given_name="Hemlig", number=KNOWN)
    plan = make_plan(with_sip, world.social, world.social_worker)
    without = make_child(world.social, given_name="Ensam", number=UNKNOWN)
    client = login(world.teacher)
    pages = {
        child: _page(_post(client, child.identity_number), child.identity_number)
        for child in (with_sip, without)
    }
    assert pages[with_sip] == pages[without]
    assert "Förfrågan om att få delta har skickats" in pages[with_sip]
    assert {(j.child, j.plan) for j in JoinRequest.objects.all()} == {
        (with_sip, plan),
        (without, None),
    }
    assert Child.objects.count() == 2 and not Guardian.objects.exists()


def test_the_coordinator_is_asked_when_the_child_has_a_sip(login, world):
    child = make_child(world.social, number=KNOWN)
    plan = make_plan(child, world.social, world.social_worker)
    _post(login(world.teacher), KNOWN)
    join = JoinRequest.objects.get()
    assert (join.plan, join.unit, join.status, join.reason) == (
        plan,
        world.school,
        "pending",
        "Skolan ser ett behov av stöd",
    )
    assert Notification.objects.filter(user=world.social_worker, kind=Kind.JOIN_REQUEST).exists()


def test_without_a_sip_the_request_waits_with_the_registering_unit(login, world):
    child = make_child(world.social, number=KNOWN)
    _post(login(world.teacher), KNOWN, reason="Eleven är ofta borta")
    join = JoinRequest.objects.get()
    assert (join.child, join.plan, join.unit) == (child, None, world.school)
    [told] = Notification.objects.filter(user=world.social_worker, kind=Kind.JOIN_REQUEST)
    assert told.url == reverse("people:child_detail", args=[child.pk])

    client = login(world.social_worker)
    page = client.get(reverse("people:child_detail", args=[child.pk])).content.decode()
    assert "Enheter som ber att få delta" in page
    assert "Eleven är ofta borta" in page and "Testskolan" in page

    # The SIP started for the child takes the request, for its coordinator to answer.
    client.post(
        reverse("plans:initiate", args=[child.pk]),
        {"child_wishes": "Lugn", "purpose": "Stöd", "reason": "Oro", "kind": "sip"},
    )
    join.refresh_from_db()
    assert join.plan == child.plans.get()
    answers = client.get(reverse("plans:join_requests", args=[join.plan.pk])).content.decode()
    assert "Eleven är ofta borta" in answers


def test_a_unit_that_sees_the_child_is_led_to_the_record(login, world):
    child = make_child(world.school, number=KNOWN)
    response = _post(login(world.teacher), KNOWN, confirm=False)
    assert response.url == reverse("people:child_detail", args=[child.pk])
    assert not (AccessLog.objects.exists() or Notification.objects.exists())


def test_an_unknown_number_is_registered_at_the_second_step(login, world):
    client = login(world.teacher)
    _post(client, UNKNOWN, confirm=False)
    assert not Child.objects.exists()
    response = _post(client, UNKNOWN)
    child = Child.objects.get()
    assert response.url == reverse("people:child_detail", args=[child.pk])
    assert child.registered_by_unit == world.school
    assert not JoinRequest.objects.exists()
