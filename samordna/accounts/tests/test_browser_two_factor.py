"""In a real Chromium: a newcomer sets up the app from the QR page's key, a returning user
types a code; axe-core finds no WCAG 2.1 AA fault on the two-factor pages."""

from base64 import b32decode

import pytest
from django_otp.oath import totp

from conftest import PASSWORD, app_code, app_device, axe_violations

pytestmark = pytest.mark.browser


def log_in_with_password(page, user) -> None:
    page.goto("/logga-in/")
    page.get_by_label("E-postadress").fill(user.email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def test_a_newcomer_sets_up_the_app_and_reaches_the_start_page(page, world):
    log_in_with_password(page, world.teacher)
    page.wait_for_url("**/tvastegsverifiering/ny-app/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Aktivera tvåstegsverifiering"
    assert page.get_by_role("img", name="QR-kod att skanna med din autentiseringsapp").is_visible()
    assert axe_violations(page) == []

    # As an app would: from the key the page shows for typing in.
    key = page.locator("main code").inner_text().replace(" ", "")
    page.get_by_label("Kod").fill(f"{totp(b32decode(key)):06d}")
    page.get_by_role("button", name="Bekräfta").click()
    page.wait_for_url("**/reservkoder/**")
    assert page.get_by_role("list", name="Dina reservkoder").get_by_role("listitem").count() == 10
    assert axe_violations(page) == []

    page.get_by_role("link", name="Fortsätt").click()
    page.wait_for_url("**/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Välkommen")


def test_a_user_with_the_app_types_a_code(page, world, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the right code straight after the wrong one
    device = app_device(world.teacher)
    log_in_with_password(page, world.teacher)
    page.wait_for_url("**/tvastegsverifiering/?next=*")
    assert page.get_by_role("heading", level=1).inner_text() == "Tvåstegsverifiering"
    assert axe_violations(page) == []

    page.get_by_label("Kod").fill("000000")
    page.get_by_role("button", name="Verifiera").click()
    assert "Koden är fel eller har redan använts" in page.get_by_role("alert").inner_text()
    assert axe_violations(page) == []

    page.get_by_label("Kod").fill(app_code(device))
    page.get_by_role("button", name="Verifiera").click()
    page.wait_for_url("**/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Välkommen")
