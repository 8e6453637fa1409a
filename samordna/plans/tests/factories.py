"""Small builders for plan tests: a plan and a consent covering units (children come from
the people tests' helpers)."""

from datetime import date

from samordna.consents.models import Consent, ConsentParty
from samordna.plans.models import Plan


def make_plan(child, unit, convener, **fields) -> Plan:
    defaults = {
        "child_wishes": "Att få vara med mina kompisar",
        "reason": "Skola och socialtjänst behöver samordna stödet",
        "purpose": "Hur kan Alva få en trygg skolgång?",
    }
    return Plan.objects.create(
        child=child, initiating_unit=unit, convener=convener, **{**defaults, **fields}
    )


def give_consent(plan, *units, documented_by, given_on=None) -> Consent:
    consent = Consent.objects.create(
        plan=plan,
        information="Skolgång och familjens situation",
        form=Consent.Form.ORAL,
        given_on=given_on or date.today(),
        documented_by=documented_by,
        documented_by_unit=plan.initiating_unit,
    )
    consent.units.add(*units)
    ConsentParty.objects.create(consent=consent, is_child=True)
    return consent
