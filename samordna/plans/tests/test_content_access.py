"""Every URL of the plan's content answers 404 to a unit outside the plan, and writes no log."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import verified_login
from samordna.audit.models import AccessLog
from samordna.plans.models import Plan, PlanVersion, Status
from samordna.plans.tests.content_helpers import approve, ready_to_approve

READING = ["detail", "compare", "pdf", "my_plan_pdf", "closure_letter"]
CHANGING = ["edit", "goal_add", "measure_add", "coordinator", "approve", "follow_up", "close"]


def changing_urls(plan) -> list[str]:
    return [
        *(reverse(f"plans:{name}", args=[plan.pk]) for name in CHANGING),
        reverse("plans:goal_edit", args=[plan.pk, plan.goals.get().pk]),
        reverse("plans:measure_edit", args=[plan.pk, plan.measures.get().pk]),
    ]


def reading_urls(plan) -> list[str]:
    return [reverse(f"plans:{name}", args=[plan.pk]) for name in READING]


@pytest.fixture
def plan(world, login) -> Plan:
    """Approved: every view has something to show the units that take part."""
    plan = ready_to_approve(world)
    approve(login(world.teacher), plan)
    return plan


@pytest.mark.parametrize("outsider", ["psychologist", "local_admin", "region_admin"])
def test_it_answers_404_to_a_unit_outside_the_plan(client, world, plan, outsider):
    verified_login(client, getattr(world, outsider))
    logged = AccessLog.objects.count()
    for closed in (False, True):
        if closed:
            Plan.objects.filter(pk=plan.pk).update(status=Status.CLOSED)
        for url in [*reading_urls(plan), *changing_urls(plan)]:
            assert client.get(url).status_code == 404, url
        for url in changing_urls(plan):
            assert client.post(url, {"attendees": "X", "description": "X"}).status_code == 404, url
    assert AccessLog.objects.count() == logged
    assert PlanVersion.objects.count() == 1


def test_it_answers_404_for_a_plan_that_does_not_exist(login, world):
    client = login(world.teacher)
    assert client.get(reverse("plans:detail", args=[999999])).status_code == 404
    assert client.get(reverse("plans:pdf", args=[999999])).status_code == 404


def test_it_sends_anonymous_users_to_log_in(world, plan):
    client = Client()
    for url in [*reading_urls(plan), *changing_urls(plan)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", READING)
def test_it_answers_405_to_a_post_on_a_reading_view(login, world, plan, name):
    response = login(world.teacher).post(reverse(f"plans:{name}", args=[plan.pk]))
    assert response.status_code == 405
