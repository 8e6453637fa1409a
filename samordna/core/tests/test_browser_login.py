"""A real Chromium logs in, sees the Swedish start page; axe-core finds no WCAG 2.1 AA fault."""

import pytest

from conftest import axe_violations, browser_login

pytestmark = pytest.mark.browser


def test_it_logs_in_and_sees_the_start_page_in_swedish(page, world):
    page.goto("/logga-in/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert axe_violations(page) == []
    browser_login(page, world.teacher)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Välkommen")
    assert page.get_by_text("Agerar för").is_visible()
    assert axe_violations(page) == []


def test_a_wrong_password_is_explained_accessibly(page, world):
    page.goto("/logga-in/")
    page.get_by_label("E-postadress").fill(world.teacher.email)
    page.get_by_label("Lösenord").fill("fel-losenord-123")
    page.get_by_role("button", name="Logga in").click()
    assert page.get_by_role("alert").inner_text().count("Fel e-postadress eller lösenord") == 1
    assert axe_violations(page) == []


def test_the_start_page_works_at_320_px(page, world):
    page.set_viewport_size({"width": 320, "height": 640})
    browser_login(page, world.local_admin)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert axe_violations(page) == []
