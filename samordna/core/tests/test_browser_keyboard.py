"""The core of a SIP with the keyboard alone, in a real Chromium: log in, open the child,
start the SIP, reach the plan, add a goal and a measure, approve it. Only Tab, typing and
Enter: no clicks. Every element Tab reaches shows where the focus is (WCAG 2.4.7), and the
first Tab stop of a page is the skip link, which moves the focus to the content (2.4.1).

What a keyboard cannot reach in this journey is set up in the database instead: the
guardian's consent and the booked SIP meeting, which other tests walk through.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from conftest import app_code, app_device
from samordna.people.tests.helpers import make_child, make_guardian
from samordna.plans.models import Goal, Plan, Status
from samordna.plans.tests.content_helpers import book, share_with

pytestmark = pytest.mark.browser

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== "none";
  return {
    html: el.outerHTML.slice(0, 160),
    visible: outline || shadow,
    style: [style.outlineStyle, style.outlineWidth, style.boxShadow].join(" / "),
  };
}"""


def focus_is_on(page, selector: str) -> bool:
    return page.evaluate("s => !!document.activeElement?.matches(s)", selector)


def tab(page) -> None:
    """One Tab; the element it reaches must show its focus."""
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert focused is None or focused["visible"], f"no visible focus: {focused}"


def tab_to(page, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        tab(page)
        if focus_is_on(page, selector):
            return
    raise AssertionError(f"Tab never reached {selector} on {page.url}")


def follow(page, selector: str) -> None:
    """Tab to a link or button and press Enter on it, waiting for the next page."""
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def skip_link_first(page) -> None:
    """On a freshly loaded page the first Tab stop is the skip link; Enter moves to main."""
    page.keyboard.press("Tab")
    assert focus_is_on(page, "a.skip-link"), page.evaluate(FOCUSED)
    assert page.evaluate(FOCUSED)["visible"]
    assert page.locator("a.skip-link").bounding_box()["x"] >= 0, "the skip link stays hidden"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def submit(page) -> None:
    follow(page, "main form button[type=submit]")


def test_the_sip_by_keyboard_alone(page, world):
    child = make_child(world.school, given_name="Alva", family_name="Tangentsson")
    make_guardian(child)
    device = app_device(world.teacher)
    with translation.override("sv"):
        long_term = str(Goal.Term.LONG.label)

    # Log in: the e-mail field has the focus from the start; then the app's code.
    page.goto(reverse("accounts:login"))
    assert focus_is_on(page, "#id_username")
    page.keyboard.type(world.teacher.email)
    type_into(page, "#id_password", "a-long-test-password-42")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    if not focus_is_on(page, "#id_code"):
        tab_to(page, "#id_code")
    page.keyboard.type(app_code(device))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/")

    # The start page: the skip link first; then the menu to the children and the child.
    skip_link_first(page)
    follow(page, f"a[href='{reverse('people:child_list')}']")
    follow(page, f"main a[href='{reverse('people:child_detail', args=[child.pk])}']")
    skip_link_first(page)

    # Start the SIP, the child's own words first.
    follow(page, f"main a[href='{reverse('plans:initiate', args=[child.pk])}']")
    type_into(page, "#id_child_wishes", "Jag vill ha lugn på rasterna")
    type_into(page, "#id_purpose", "Hur får Alva stöd i skolan och hemma?")
    type_into(page, "#id_reason", "Skolan ser oro som hemmet också berättar om")
    submit(page)
    plan = Plan.objects.get(child=child)
    assert page.url.endswith(reverse("plans:preparation", args=[plan.pk]))

    # From the preparation to the plan; a goal.
    follow(page, f"main a[href='{reverse('plans:detail', args=[plan.pk])}']")
    skip_link_first(page)
    follow(page, f"main a[href='{reverse('plans:goal_add', args=[plan.pk])}']")
    type_into(page, "#id_term", long_term)
    type_into(page, "#id_text", "Alva trivs på rasterna")
    submit(page)
    assert plan.goals.get().text == "Alva trivs på rasterna"

    # The guardian consented to social services and the meeting has begun (not the point
    # here); the school names itself coordinator and the municipality responsible.
    share_with(plan, world, world.social)
    book(plan, world, starts_at=timezone.now() - timedelta(minutes=10))
    plan.refresh_from_db()
    plan.coordinator, plan.coordinator_unit = world.teacher, world.school
    plan.overall_responsibility = world.municipality
    plan.save()

    # A measure, its person chosen by typing the name into the list.
    follow(page, f"main a[href='{reverse('plans:measure_add', args=[plan.pk])}']")
    type_into(page, "#id_description", "Mentorn träffar Alva varje måndag")
    type_into(page, "#id_goal", "Alva trivs")
    type_into(page, "#id_responsible_person", world.teacher.get_full_name())
    type_into(page, "#id_timing", "varje måndag")
    submit(page)
    assert plan.measures.get().responsible_person == world.teacher

    # Approve at the meeting.
    follow(page, f"main a[href='{reverse('plans:approve', args=[plan.pk])}']")
    type_into(page, "#id_attendees", "Alva, Kim Testsson, Larare Testsson")
    submit(page)
    plan.refresh_from_db()
    assert plan.status == Status.ACTIVE
    assert page.url.endswith(reverse("plans:detail", args=[plan.pk]))
