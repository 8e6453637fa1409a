"""In a real Chromium the Content-Security-Policy refuses nothing samordna itself sends:
logging in, the start page, the children list with an htmx search, and the directory."""

import pytest

from conftest import browser_login
from samordna.people.tests.helpers import make_child

pytestmark = pytest.mark.browser


# Reports each securitypolicyviolation event on the console too (Chromium logs most of them
# as "Refused to ..." already). Playwright's init scripts are not subject to the page's CSP.
REPORT_VIOLATIONS = """
window.cspViolations = 0;
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations += 1;
  console.error(`securitypolicyviolation ${event.violatedDirective} ${event.blockedURI}`);
});
"""


def is_csp_report(text: str) -> bool:
    lowered = text.lower()
    return (
        "refused to" in lowered
        or "content security policy" in lowered
        or "securitypolicyviolation" in lowered
    )


def test_nothing_breaks_the_content_security_policy(page, world):
    messages = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: messages.append(f"pageerror: {error}"))
    page.add_init_script(REPORT_VIOLATIONS)
    make_child(world.school, given_name="Alva", family_name="Testlund")
    make_child(world.school, given_name="Bo", family_name="Testström")

    browser_login(page, world.teacher)
    response = page.goto("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.locator("#session-warning").count() == 1

    page.goto("/barn/")
    page.wait_for_load_state("networkidle")
    # The search posts: the typed text travels in the body, never in the URL.
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url.endswith("/barn/") and r.status == 200
    ) as search:
        page.locator("#id_q").fill("Alva")
    assert "Alva" not in search.value.url and "Alva" not in page.url
    results = page.locator("#results")
    results.get_by_role("link", name="Alva Testlund").wait_for()
    assert results.get_by_role("link", name="Bo Testström").count() == 0

    page.goto("/katalog/")
    page.wait_for_load_state("networkidle")

    violations = [message for message in messages if is_csp_report(message)]
    assert violations == []
    assert not [message for message in messages if message.startswith("pageerror")]

    # The listener does hear a violation: an image from elsewhere is refused.
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<img alt=\"\" src=\"https://example.invalid/x.png\">')"
    )
    page.wait_for_function("window.cspViolations > 0")
    assert [message for message in messages if is_csp_report(message)]
