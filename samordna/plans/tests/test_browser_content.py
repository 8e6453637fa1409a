"""At the SIP meeting, in a real Chromium: the school writes down its measure and approves."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import axe_violations, browser_login
from samordna.plans.models import Status
from samordna.plans.tests.content_helpers import add_goal, book, make_plan, share_with

pytestmark = pytest.mark.browser


def test_the_leading_unit_adds_a_measure_and_approves_the_plan(page, world):
    plan = make_plan(world, needs="Lugn miljö i klassrummet")
    share_with(plan, world, world.social)
    book(plan, world, starts_at=timezone.now() - timedelta(minutes=30))  # under way
    plan.coordinator, plan.coordinator_unit = world.teacher, world.school
    plan.overall_responsibility = world.municipality
    plan.save()
    goal = add_goal(plan, "Alva trivs i skolan")
    detail = reverse("plans:detail", args=[plan.pk])

    browser_login(page, world.teacher)
    page.goto(detail)
    assert page.get_by_role("heading", level=1).count() == 1
    assert axe_violations(page) == []

    page.locator(f"a[href='{reverse('plans:measure_add', args=[plan.pk])}']").click()
    page.wait_for_url("**/insatser/ny/")
    assert axe_violations(page) == []
    page.locator("#id_goal").select_option(str(goal.pk))
    page.locator("#id_description").fill("Mentorn träffar Alva varje måndag")
    page.locator("#id_responsible_person").select_option(str(world.teacher.pk))
    page.locator("#id_starts_on").fill("2026-06-01")
    page.locator("#id_ends_on").fill("2026-05-01")
    page.locator("main button[type=submit]").click()
    assert page.locator("#id_ends_on_error").inner_text().strip() != ""
    assert page.locator("#id_description").input_value() == "Mentorn träffar Alva varje måndag"
    assert axe_violations(page) == []
    page.locator("#id_ends_on").fill("2026-12-18")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**{detail}")
    assert "Mentorn träffar Alva varje måndag" in page.locator("#point-1 + table").inner_text()

    page.locator(f"a[href='{reverse('plans:approve', args=[plan.pk])}']").first.click()
    page.wait_for_url("**/godkann/")
    assert axe_violations(page) == []
    page.locator("#id_attendees").fill("Alva, mamma Kim, Larare (skolan), Soc (socialtjänsten)")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**{detail}")

    plan.refresh_from_db()
    assert plan.status == Status.ACTIVE
    assert plan.versions.get().content["measures"][0]["description"] == (
        "Mentorn träffar Alva varje måndag"
    )
    assert axe_violations(page) == []
