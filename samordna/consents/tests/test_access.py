"""Consent drives access: a unit sees the child and the plan exactly while a consent covers it."""

import pytest
from django.urls import reverse

from samordna.consents.models import Consent
from samordna.consents.tests.helpers import (
    PDF,
    consent_data,
    days,
    make_consent,
    make_plan,
    url,
    whole_withdrawal,
    withdrawal_data,
)
from samordna.people.tests.helpers import client_for, make_child

CONSENT_URLS = ["list", "record", "form_pdf", "document", "withdraw"]


def child_page(plan) -> str:
    return reverse("people:child_detail", args=[plan.child.pk])


def consent_url(name, plan, consent) -> str:
    return url(name, plan, consent if name in ("document", "withdraw") else None)


def test_consent_gives_and_withdrawal_takes_away_access(login, world, plan):
    teacher = login(world.teacher)
    social = client_for(world.social_worker)

    assert social.get(url("list", plan)).status_code == 404
    assert social.get(child_page(plan)).status_code == 404

    teacher.post(url("record", plan), consent_data(plan, [world.school, world.social]))
    assert social.get(url("list", plan)).status_code == 200
    assert social.get(child_page(plan)).status_code == 200

    consent = Consent.objects.get()
    data = withdrawal_data(consent, confirmed=True, units=[str(world.social.pk)])
    assert teacher.post(url("withdraw", plan, consent), data).status_code == 302

    assert social.get(url("list", plan)).status_code == 404
    assert social.get(child_page(plan)).status_code == 404
    assert teacher.get(url("list", plan)).status_code == 200


def test_a_whole_withdrawal_takes_away_access_too(login, world, plan):
    consent = make_consent(plan, [world.social])
    social = client_for(world.social_worker)
    assert social.get(child_page(plan)).status_code == 200

    login(world.teacher).post(url("withdraw", plan, consent), whole_withdrawal(consent))

    assert social.get(url("list", plan)).status_code == 404
    assert social.get(child_page(plan)).status_code == 404


def test_an_expired_consent_gives_no_access(world, plan):
    make_consent(plan, [world.social], given_on=days(-30), valid_until=days(-1))

    assert client_for(world.social_worker).get(url("list", plan)).status_code == 404


def test_a_consent_covers_every_unit_of_a_principal(login, world, plan):
    make_consent(plan, principals=[world.region])

    assert login(world.psychologist).get(url("list", plan)).status_code == 200


@pytest.mark.parametrize("name", CONSENT_URLS)
def test_an_outsider_gets_404_on_every_consent_url(login, world, plan, name):
    consent = make_consent(plan, [world.social], document=PDF)

    response = login(world.psychologist).get(consent_url(name, plan, consent))

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["record", "withdraw"])
def test_an_outsider_gets_404_when_posting(login, world, plan, name):
    consent = make_consent(plan, [world.school, world.social])
    data = withdrawal_data(consent, confirmed=True, units=[str(world.social.pk)])

    response = login(world.psychologist).post(consent_url(name, plan, consent), data)

    assert response.status_code == 404
    assert consent.units.count() == 2
    assert Consent.objects.count() == 1


@pytest.mark.parametrize("name", CONSENT_URLS)
def test_staff_without_a_role_for_children_see_nothing(login, world, plan, name):
    consent = make_consent(plan, [world.social], document=PDF)  # covers the admin's unit

    response = login(world.local_admin).get(consent_url(name, plan, consent))

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["document", "withdraw"])
def test_a_consent_of_another_plan_is_not_found(login, world, plan, name):
    other = make_consent(plan, [world.social], document=PDF)
    own = make_plan(world, make_child(world.school))

    assert login(world.teacher).get(url(name, own, other)).status_code == 404
