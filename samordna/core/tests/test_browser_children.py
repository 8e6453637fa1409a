"""A caseworker registers a child in a real Chromium and opens the record."""

import pytest

from conftest import axe_violations, browser_login
from samordna.audit.models import AccessLog
from samordna.people.models import Child
from samordna.people.tests.helpers import digits, make_child

pytestmark = pytest.mark.browser
NORA = "20140312-9826"


def test_it_registers_a_child_and_opens_the_record(page, world):
    browser_login(page, world.teacher)
    page.goto("/barn/ny/")
    assert axe_violations(page) == []
    page.locator("#id_given_name").fill("Alva")
    page.locator("#id_family_name").fill("Testlund")
    page.locator("#id_identity_number").fill("140312-9826")
    page.locator("#id_guardian-0-given_name").fill("Vera")
    page.locator("#id_guardian-0-family_name").fill("Testlund")
    page.locator("#id_guardian-0-identity_number").fill("197804159866")
    page.locator("main button[type=submit]").click()
    # A typed number takes a second step, the same whether samordna knows it (decision 29).
    page.get_by_role("heading", name="Innan barnet registreras").wait_for()
    assert not Child.objects.exists()
    assert axe_violations(page) == []
    page.locator("#id_reason").fill("Ny elev som behöver stöd")
    page.get_by_role("button", name="Registrera eller be om att få delta").first.click()
    page.wait_for_url("**/barn/*/")
    child = Child.objects.get(identity_number="201403129826")
    assert page.get_by_role("heading", level=1).inner_text() == "Alva Testlund"
    assert "Vera Testlund" in page.content()
    assert axe_violations(page) == []
    assert AccessLog.objects.filter(child_id=child.pk, action="view").count() == 1

    page.goto("/barn/?q=20140312-9826")
    assert page.get_by_role("link", name="Alva Testlund").is_visible()


def test_a_bad_number_is_explained_and_nothing_is_lost(page, world):
    browser_login(page, world.teacher)
    page.goto("/barn/ny/")
    page.locator("#id_given_name").fill("Alva")
    page.locator("#id_family_name").fill("Testlund")
    page.locator("#id_identity_number").fill("140230-9826")
    page.locator("main button[type=submit]").click()
    assert page.locator("#id_identity_number_error").inner_text().strip() != ""
    assert page.locator("#id_given_name").input_value() == "Alva"
    assert page.locator("#id_identity_number").input_value() == "140230-9826"
    assert Child.objects.count() == 0
    assert axe_violations(page) == []


def test_the_start_pages_search_keeps_the_number_out_of_the_address_bar(page, world):
    """Typed on the start page, the number goes in the request's body: not in the address
    bar, the history or the server's log."""
    make_child(world.school, given_name="Nora", family_name="Sagström", number=NORA)
    browser_login(page, world.teacher)
    page.get_by_label("Sök barn på personnummer eller namn").fill(NORA)
    with page.expect_navigation():
        page.locator("#children-heading ~ form").get_by_role("button", name="Sök").click()
    assert page.get_by_role("link", name="Nora Sagström").is_visible()
    history = page.evaluate("() => [location.href, document.referrer, history.length]")
    for number in (NORA, digits(NORA), "9826"):
        assert number not in page.url
        assert number not in history[0] + history[1]
