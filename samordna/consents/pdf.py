"""The printable consent form (samtyckesblankett), pre-filled from the plan.

Modelled on the shared form that school and social services use: who the child is, who
the guardians (or the god man) are, who consents (samordna.consents.who), why the SIP is
proposed, which organisations would take part and what they share, what consent means, and
a signature block for each person who consents in the child's situation. Addresses follow
documents.postal: a protected person's is never printed, for the paper travels to the
family and between organisations. The file name carries the date only.
"""

from dataclasses import dataclass

from django.http import HttpResponse
from django.utils import timezone

from samordna.consents.who import who_consents
from samordna.documents import pdf, postal
from samordna.organisations.models import Unit
from samordna.plans.access import leading_unit


@dataclass
class Person:
    name: str
    address: str


def _address(person) -> str:
    contact = postal.contact(person)
    return contact.address if contact else ""


def proposed_units(plan) -> list[Unit]:
    """The units the consent would cover: the plan's own and those chosen to be invited."""
    pks = {plan.initiating_unit_id, plan.coordinator_unit_id} - {None}
    preparation = getattr(plan, "preparation", None)
    if preparation is not None:
        pks |= set(preparation.invited_units.values_list("pk", flat=True))
    return list(Unit.objects.filter(pk__in=pks).select_related("principal"))


def context(plan) -> dict:
    child = plan.child
    who = who_consents(child)
    return {
        "plan": plan,
        "who": who,
        "child": Person(child.full_name, _address(child)),
        "identity_number": child.formatted_identity_number,
        "guardians": [Person(guardian.full_name, _address(guardian)) for guardian in who.guardians],
        "trustees": [Person(trustee.name, _address(trustee)) for trustee in who.trustees],
        "chief_guardians": sorted({trustee.chief_guardian for trustee in who.trustees}),
        "units": proposed_units(plan),
        "return_unit": leading_unit(plan),
        "printed_on": timezone.localdate(),
    }


def form_response(plan) -> HttpResponse:
    return pdf.response(
        "consent_form", "consents/form_pdf.html", context(plan), "samtyckesblankett"
    )
