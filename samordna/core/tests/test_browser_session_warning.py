"""The warning before the idle logout, in a real Chromium: it appears two minutes before,
as an alert, and its button keeps the session; the inbox poll does not put it off."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from conftest import browser_login

pytestmark = pytest.mark.browser


def test_the_warning_comes_two_minutes_before_and_the_button_keeps_the_session(
    page, world, settings
):
    settings.SESSION_IDLE_TIMEOUT = 120 + 2  # the warning after two seconds
    with translation.override("sv"):
        stay = gettext("Stay logged in")
    keep_alive_calls = []
    page.on(
        "response",
        lambda r: keep_alive_calls.append(r.status) if "/session/forlang/" in r.url else None,
    )
    browser_login(page, world.teacher)

    assert page.get_by_role("alert").count() == 0
    alert = page.locator("#session-warning").get_by_role("alert")
    button = alert.get_by_role("button", name=stay)
    button.wait_for(timeout=8_000)
    assert button.evaluate("element => element === document.activeElement")
    button.click()
    button.wait_for(state="detached")
    assert keep_alive_calls == [204]
    assert page.locator("#session-warning").inner_text().strip() == ""


def test_the_inbox_poll_does_not_postpone_the_warning(page, world):
    """With the page's clock in hand: the poll at one minute reaches the server, and the
    warning still comes 28 minutes after the page was loaded, not 28 after the poll."""
    page.clock.install()
    browser_login(page, world.teacher)
    page.evaluate(
        "() => { window.polled = 0; document.body.addEventListener("
        "'htmx:afterRequest', () => { window.polled += 1; }); }"
    )
    with page.expect_response(lambda r: "/inkorg/antal/" in r.url) as poll:
        page.clock.run_for("01:01")
    assert poll.value.status == 200
    for _ in range(100):  # the poll's htmx:afterRequest, in real time
        if page.evaluate("window.polled"):
            break
        page.wait_for_timeout(50)
    assert page.evaluate("window.polled") == 1

    alert = page.locator("#session-warning").get_by_role("alert")
    page.clock.run_for("26:00")
    assert alert.count() == 0
    page.clock.run_for("01:00")
    assert alert.count() == 1
