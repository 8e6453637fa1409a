"""The leading unit records an oral consent in a real Chromium; the pages pass axe."""

import pytest

from conftest import axe_violations, browser_login
from samordna.consents.models import Consent
from samordna.consents.tests.helpers import days, make_consent, make_plan, url
from samordna.plans.models import Status

pytestmark = pytest.mark.browser


def test_it_records_an_oral_consent_covering_a_second_unit(page, world):
    plan = make_plan(world)
    browser_login(page, world.teacher)

    page.goto(url("record", plan))
    assert page.get_by_role("heading", level=1).count() == 1
    assert axe_violations(page) == []
    page.get_by_role("checkbox", name="Barnet och vårdnadshavarna har fått veta").check()
    page.get_by_label("När fick de informationen?").fill(days(-2).isoformat())
    page.get_by_role("checkbox", name="Muntligt").check()
    page.get_by_role("checkbox", name="Karin Sagström").check()
    page.get_by_role("checkbox", name="Jonas Sagström").check()
    page.get_by_role("checkbox", name="Socialtjänsten Testby (Testby kommun)").check()
    page.locator("#id_information").fill("Skolnärvaro och hälsa.")
    page.locator("#id_form_1").check()  # paper, oral, digital
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**{url('list', plan)}")

    assert axe_violations(page) == []
    consent = Consent.objects.get()
    assert consent.form == Consent.Form.ORAL
    assert list(consent.units.all()) == [world.social]
    assert consent.parties.count() == 2
    plan.refresh_from_db()
    assert plan.status == Status.CONSENT
    assert page.locator(f"a[href='{url('withdraw', plan, consent)}']").is_visible()


def test_a_refusal_is_explained_next_to_the_field(page, world):
    plan = make_plan(world)
    browser_login(page, world.teacher)

    page.goto(url("record", plan))
    page.locator("#id_information").fill("Skolnärvaro.")
    page.locator("main button[type=submit]").click()

    assert page.locator("#id_guardians_error").inner_text().strip() != ""
    assert page.locator("#id_units_error").inner_text().strip() != ""
    assert page.get_by_role("alert").is_visible()
    assert page.locator("#id_information").input_value() == "Skolnärvaro."
    assert not Consent.objects.exists()
    assert axe_violations(page) == []


def test_it_records_a_withdrawal_after_stating_the_consequence(page, world):
    plan = make_plan(world)
    consent = make_consent(plan, [world.social])
    browser_login(page, world.social_worker)

    page.goto(url("list", plan))
    page.locator(f"a[href='{url('withdraw', plan, consent)}']").click()
    page.wait_for_url(f"**{url('withdraw', plan, consent)}")
    assert axe_violations(page) == []
    page.get_by_label("Jonas Sagström (vårdnadshavare)").check()
    page.get_by_label("Per telefon").check()
    page.locator("main button[type=submit]").click()

    # The whole consent: a confirmation step says what follows and needs the box ticked.
    page.get_by_role("heading", name="Bekräfta: dra tillbaka hela samtycket").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Dra tillbaka samtycket och avsluta SIP:en").click()
    assert page.locator("#id_confirmed_error").inner_text().strip() != ""
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    page.get_by_role("checkbox", name="Ja, dra tillbaka hela samtycket och avsluta SIP:en").check()
    page.get_by_role("button", name="Dra tillbaka samtycket och avsluta SIP:en").click()

    page.wait_for_url("**/barn/")  # the social services unit no longer takes part
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    plan.refresh_from_db()
    assert plan.status == Status.CLOSED
