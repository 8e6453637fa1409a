"""Every page of the demo journeys at 200 % zoom and at 320 px, in a real Chromium: no
horizontal scrolling, nothing cut off at the right edge, and no axe-core WCAG 2.1 A/AA
violation (WCAG 1.4.4 resize text, 1.4.10 reflow).

200 % zoom of a 1280 px window is emulated as a 640 px wide viewport with a device scale
factor of 2. That is what browser zoom does: the page is laid out for 1280 / 2 = 640 CSS
pixels (media queries and all), drawn with two device pixels per CSS pixel. CSS `zoom` on
the root would not narrow the layout viewport, so media queries would not see the change.
WCAG 1.4.10 measures reflow at 320 CSS px (1280 px at 400 %): the second width.

Set A11Y_SHOTS to a directory to keep a screenshot of each page at 320 px.
"""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import axe_violations, browser_login, verified_login
from samordna.meetings import links
from samordna.meetings.services import invite_from_preparation
from samordna.notifications.models import Notification
from samordna.people.tests.helpers import make_child, make_guardian
from samordna.plans.tests.content_helpers import approve, ready_to_approve

pytestmark = pytest.mark.browser

WIDTHS = {
    "1280px-at-200%": {"viewport": {"width": 640, "height": 800}, "device_scale_factor": 2},
    "320px": {"viewport": {"width": 320, "height": 640}, "device_scale_factor": 1},
}

# Elements with text of their own, and form controls, that reach past the right edge of
# the viewport; the inside of a scrolling box (a wide table) does not count: it scrolls.
CUT_OFF = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(box).overflowX)) return true;
    }
    return false;
  };
  const found = [];
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest(".skip-link, .visually-hidden, script, style, template")) continue;
    const ownText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!ownText && !el.matches("input, select, textarea, button, img, svg")) continue;
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(el).visibility === "hidden") continue;
    if (box.right > width + 1 && !scrolls(el)) found.push(el.outerHTML.slice(0, 140));
  }
  return found;
}"""
SCROLLS_SIDEWAYS = "document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"


@pytest.fixture
def journeys(world, transactional_db):
    """The demo journeys' objects: a child with long names, a SIP ready for approval and an
    approved one, a notification in the inbox."""
    child = make_child(
        world.school, given_name="Alva-Kristina Maja", family_name="Testlund-Sagström"
    )
    make_guardian(child, given_name="Karin", family_name="Testlund-Sagström")
    plan = ready_to_approve(world, child=child)
    active = ready_to_approve(world)
    assert approve(verified_login(Client(), world.teacher), active).status_code == 302
    Notification.objects.create(
        user=world.teacher,
        kind="reminder",
        text="Påminnelse: uppföljningen av en SIP är om två veckor",
        url=reverse("plans:detail", args=[active.pk]),
    )
    active.next_follow_up = timezone.localdate() + timedelta(days=14)
    active.save(update_fields=["next_follow_up"])
    # The meeting's invitees fill its table; the guardian's answer link is a public page,
    # which works until the meeting begins: three weeks ahead.
    meeting = plan.meetings.get()
    meeting.convener = world.teacher
    meeting.starts_at = timezone.now() + timedelta(weeks=3)
    meeting.save(update_fields=["convener", "starts_at"])
    invite_from_preparation(meeting, world.school)
    guardian = meeting.participants.get(kind="guardian")
    guardian.new_link_nonce()
    guardian.save()
    confirm = reverse("meetings:confirm", args=[links.token_for(guardian)])
    return {"child": child, "plan": plan, "active": active, "confirm": confirm}


def pages_of(journeys) -> dict:
    """{user: [(name, url)]}: who sees which page, in the order the journeys reach them."""
    child, plan, active = journeys["child"], journeys["plan"], journeys["active"]
    on_plan = [
        ("plan", "plans:detail"),
        ("plan-edit", "plans:edit"),
        ("goal-add", "plans:goal_add"),
        ("measure-add", "plans:measure_add"),
        ("coordinator", "plans:coordinator"),
        ("preparation", "plans:preparation"),
        ("book-meeting", "plans:book_meeting"),
        ("approve", "plans:approve"),
        ("close", "plans:close"),
    ]
    return {
        None: [
            ("login", reverse("accounts:login")),
            ("accessibility-statement", reverse("core:accessibility")),
            ("meeting-answer", journeys["confirm"]),
        ],
        "teacher": [
            ("start", reverse("core:start")),
            ("child-list", reverse("people:child_list") + "?q=Testlund"),
            ("child", reverse("people:child_detail", args=[child.pk])),
            ("child-edit", reverse("people:child_edit", args=[child.pk])),
            ("plan-list", reverse("plans:list")),
            *[(name, reverse(route, args=[plan.pk])) for name, route in on_plan],
            ("meeting", reverse("meetings:detail", args=[plan.pk, plan.meetings.get().pk])),
            ("meeting-hold", reverse("meetings:hold", args=[plan.pk, plan.meetings.get().pk])),
            ("follow-up", reverse("plans:follow_up", args=[active.pk])),
            ("compare", reverse("plans:compare", args=[active.pk])),
            ("consents", reverse("consents:list", args=[plan.pk])),
            ("consent-record", reverse("consents:record", args=[plan.pk])),
            ("inbox", reverse("notifications:inbox")),
            ("preferences", reverse("notifications:preferences")),
            ("directory", reverse("organisations:directory")),
            ("accessibility-statement-logged-in", reverse("core:accessibility")),
        ],
        "school_head": [("log-review", reverse("audit:review"))],
    }


def problems_on(page, url: str) -> list:
    response = page.goto(url)
    problems = []
    if response.status != 200:
        return [f"answered {response.status}"]
    if page.evaluate(SCROLLS_SIDEWAYS):
        problems.append("scrolls sideways")
    if cut_off := page.evaluate(CUT_OFF):
        problems.append({"cut off": cut_off[:5]})
    if violations := axe_violations(page):
        problems.append({"axe": violations})
    return problems


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_reflows_without_loss(browser, live_server, world, journeys, width):
    shots = os.environ.get("A11Y_SHOTS") if width == "320px" else None
    found = {}
    for user, pages in pages_of(journeys).items():
        context = browser.new_context(locale="en-US", base_url=live_server.url, **WIDTHS[width])
        context.set_default_timeout(10_000)
        page = context.new_page()
        if user is not None:
            browser_login(page, getattr(world, user))
        for name, url in pages:
            if problems := problems_on(page, url):
                found[name] = problems
            if shots:
                Path(shots).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=f"{shots}/{name}.png", full_page=True)
        context.close()
    assert found == {}
