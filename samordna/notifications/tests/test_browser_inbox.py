"""Two users in two browsers: one asks to take part, the other's inbox count goes up."""

import pytest
from django.urls import reverse

from conftest import axe_violations, browser_login
from samordna.notifications.models import Notification
from samordna.notifications.tests.helpers import secret_child
from samordna.plans.access import join_token
from samordna.plans.tests.content_helpers import make_plan

pytestmark = pytest.mark.browser


def test_a_join_request_reaches_the_leading_units_inbox(page, browser, live_server, world):
    child = secret_child(world.school)
    make_plan(world, child=child)
    browser_login(page, world.teacher)
    badge = page.locator("#inbox-link .badge")
    assert badge.inner_text() == "0"

    context = browser.new_context(locale="en-US", base_url=live_server.url)
    context.set_default_timeout(10_000)
    other = context.new_page()
    browser_login(other, world.psychologist)
    other.goto(reverse("plans:join_request", args=[join_token(child)]))
    other.locator("#id_reason").fill("Vi behöver samordna stödet")
    other.locator("main form button[type=submit]").click()
    other.wait_for_load_state()
    context.close()
    assert Notification.objects.filter(user=world.teacher).count() == 1

    page.reload()
    assert page.locator("#inbox-link .badge").inner_text() == "1"
    page.locator("#inbox-link").click()
    page.wait_for_url(f"**{reverse('notifications:inbox')}")
    assert child.given_name not in page.content()
    assert axe_violations(page) == []

    page.locator("main ul.notifications form button").first.click()
    page.wait_for_url("**/forfragningar/")
    assert page.locator("#inbox-link .badge").inner_text() == "0"
