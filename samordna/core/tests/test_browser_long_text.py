"""Long text wraps in the web pages too (issue 12 §5): a 240-character URL in a measure, a
place or a name without a space does not push a table or the page past the window's edge.

The pages that show a SIP's free text in tables and lists, at a desktop width and at 200 %
zoom, in a real Chromium: no horizontal scrolling, and nothing reaches past the right edge
(the inside of a box that scrolls by design, a wide table on a narrow screen, excepted).
"""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import browser_login, verified_login
from samordna.core.tests.test_browser_zoom import CUT_OFF, SCROLLS_SIDEWAYS, WIDTHS
from samordna.documents.tests.test_long_text import free_text, unbroken, url
from samordna.meetings.services import invite_from_preparation
from samordna.people.tests.helpers import make_child, make_guardian
from samordna.plans.tests.content_helpers import add_measure, approve, ready_to_approve

pytestmark = pytest.mark.browser

SIZES = {"1280px": {"viewport": {"width": 1280, "height": 800}}, **WIDTHS}


@pytest.fixture
def long_plan(world, transactional_db):
    """A SIP whose measures, meeting and people carry the longest text samordna accepts."""
    child = make_child(
        world.school, given_name=unbroken(100, "Alva"), family_name=unbroken(100, "Test")
    )
    make_guardian(child, given_name=unbroken(100, "Kim"), street_address=unbroken(200, "Gata"))
    plan = ready_to_approve(world, child=child, purpose=free_text("Syfte"))
    plan.child_wishes = free_text("Onskan")
    plan.save()
    add_measure(
        plan,
        world.school,
        description=free_text("Insats"),
        goal=plan.goals.first(),
        timing=unbroken(200, "Tid"),
    )
    add_measure(
        plan,
        world.school,
        description=free_text("Annan"),
        other_actor=unbroken(200, "Annan"),
        goal=plan.goals.first(),
        timing="varje vecka",
    )
    assert approve(verified_login(Client(), world.teacher), plan).status_code == 302
    meeting = plan.meetings.get()
    meeting.place, meeting.link = unbroken(200, "Plats"), url(200, "lank")
    meeting.convener = world.teacher
    meeting.save()
    invite_from_preparation(meeting, world.school)
    return plan


def pages(plan) -> dict[str, str]:
    meeting = plan.meetings.get()
    return {
        "plan": reverse("plans:detail", args=[plan.pk]),
        "versions": reverse("plans:compare", args=[plan.pk]),
        "meeting": reverse("meetings:detail", args=[plan.pk, meeting.pk]),
        "child": reverse("people:child_detail", args=[plan.child.pk]),
        "plans": reverse("plans:list"),
    }


@pytest.mark.parametrize("size", SIZES)
def test_long_text_wraps_inside_the_window(browser, live_server, world, long_plan, size):
    context = browser.new_context(locale="en-US", base_url=live_server.url, **SIZES[size])
    context.set_default_timeout(10_000)
    page = context.new_page()
    browser_login(page, world.teacher)
    found = {}
    for name, path in pages(long_plan).items():
        response = page.goto(path)
        assert response.status == 200, name
        assert unbroken(60, "Alva") in page.content(), name
        problems = []
        if page.evaluate(SCROLLS_SIDEWAYS):
            problems.append("scrolls sideways")
        if cut_off := page.evaluate(CUT_OFF):
            problems.append({"cut off": cut_off[:3]})
        if problems:
            found[name] = problems
    context.close()
    assert found == {}
