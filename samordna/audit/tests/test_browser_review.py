"""A manager filters the log by a child's number in a real Chromium; axe finds no fault."""

import pytest
from playwright.sync_api import expect

from conftest import axe_violations, browser_login

pytestmark = pytest.mark.browser


def test_a_manager_finds_a_childs_reads_and_the_extract(page, world, make_child, log_row):
    child = make_child(given_name="Alva", family_name="Exempel")
    log_row(child)
    log_row(make_child(981, given_name="Bo"))
    browser_login(page, world.school_head)
    page.locator('nav a[href="/logg/"]').click()
    assert page.locator('nav a[aria-current="page"]').get_attribute("href") == "/logg/"
    assert axe_violations(page) == []
    number = child.identity_number
    page.locator("#id_child").fill(f"{number[2:8]}-{number[8:]}")
    page.locator("#filter-log").click()
    # The teacher's read, and the manager's own: the first page showed the child.
    rows = page.locator("#log-rows tbody tr")
    expect(rows).to_have_count(2)
    for row in rows.all():
        assert child.formatted_identity_number in row.inner_text()
        assert "Alva Exempel" in row.inner_text()
    assert page.locator("#extract-csv").get_attribute("href") == f"/logg/utdrag/{child.pk}/csv/"
    assert page.locator("#extract-pdf").is_visible()
    assert axe_violations(page) == []


def test_an_invalid_number_is_explained_accessibly(page, world):
    browser_login(page, world.school_head)
    page.goto("/logg/")
    page.locator("#id_child").fill("20140399-9800")
    page.locator("#filter-log").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert page.locator("#id_child_error").is_visible()
    assert axe_violations(page) == []
