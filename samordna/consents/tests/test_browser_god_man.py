"""Samir came to Sweden alone: he has no guardian here, and the överförmyndare has appointed a
god man. Social services records the god man's consent, and Samir's own as far as his age and
maturity allow, through the page in a real Chromium; the plan then has consent. Every page
passes axe."""

import pytest
from django.urls import reverse

from conftest import axe_violations, browser_login
from samordna.consents.models import Consent
from samordna.consents.tests.helpers import days, make_plan, make_unaccompanied_child, url
from samordna.plans.models import Status

pytestmark = pytest.mark.browser


def test_a_god_man_consents_for_an_unaccompanied_child(page, world):
    child = make_unaccompanied_child(world, years=13)
    plan = make_plan(world, child, initiating_unit=world.social, convener=world.social_worker)
    browser_login(page, world.social_worker)

    # The plan is a draft; the leading unit goes to record consent from it.
    page.goto(reverse("plans:detail", args=[plan.pk]))
    assert page.get_by_text("Utkast", exact=True).is_visible()
    page.get_by_role("link", name="Dokumentera samtycke").click()
    page.wait_for_url(f"**{url('record', plan)}")
    assert axe_violations(page) == []
    rule = page.locator("main").inner_text()
    assert "den gode mannen samtycker i vårdnadshavarnas ställe" in rule
    assert page.get_by_role("checkbox", name="Karin").count() == 0  # no guardian to offer

    # Told first: when, how, in which language.
    page.get_by_role(
        "checkbox", name="Barnet och den gode mannen har fått veta vad en SIP är"
    ).check()
    page.get_by_label("När fick de informationen?").fill(days(-3).isoformat())
    page.get_by_role("checkbox", name="Muntligt").check()
    page.get_by_role("checkbox", name="Med tolk").check()
    page.get_by_label("På vilket språk?").select_option(label="Dari")

    # Who consented: the god man, and Samir himself, at 13.
    page.get_by_role("checkbox", name="Göran Testholm").check()
    page.get_by_role("checkbox", name="Samir Testnouri (barnet) har samtyckt").check()
    page.get_by_role("checkbox", name="Testskolan (Testby kommun)").check()
    page.get_by_label("Vad enheterna dessutom får utbyta vid möten och samtal").fill(
        "Skolgång och hälsa."
    )
    page.get_by_role("radio", name="Muntligt").check()
    page.locator("main button[type=submit]").click()

    # Samir is under 15: his consent needs the staff member's assessment of age and maturity.
    assert page.get_by_role("alert").is_visible()
    assert (
        "skriv din bedömning av barnets ålder och mognad"
        in page.locator("#id_maturity_assessment_error").inner_text()
    )
    assert axe_violations(page) == []
    assert not Consent.objects.exists()
    page.get_by_label("Bedömning av barnets ålder och mognad").fill(
        "Samir förstod med tolkens hjälp vad en SIP är och vill att skolan är med."
    )
    page.locator("main button[type=submit]").click()

    page.wait_for_url(f"**{url('list', plan)}")
    assert axe_violations(page) == []
    listed = page.locator("main").inner_text()
    assert "Göran Testholm (god man)" in listed
    assert "Samir Testnouri (barnet)" in listed
    assert "muntligt, med tolk (Dari)" in listed
    consent = Consent.objects.get()
    assert consent.parties.get(trustee__isnull=False).trustee.name == "Göran Testholm"
    assert consent.informed_language == "prs"
    plan.refresh_from_db()
    assert plan.status == Status.CONSENT
    page.goto(reverse("plans:detail", args=[plan.pk]))
    assert page.get_by_text("Samtycke finns", exact=True).is_visible()
