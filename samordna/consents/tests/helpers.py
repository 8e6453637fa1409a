"""Factories and POST data for the consent tests."""

import subprocess
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from samordna.consents.models import Consent, ConsentParty
from samordna.people.models import Trustee
from samordna.people.tests.helpers import fictional_number, make_child, make_guardian
from samordna.plans.models import Plan

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
PURPOSE = "Att skolan och socialtjänsten planerar stödet till Nora tillsammans."


def today() -> date:
    return timezone.localdate()


def make_plan(world, child=None, **fields) -> Plan:
    if child is None:
        child = make_child(world.school, given_name="Nora", family_name="Sagström")
        make_guardian(child, given_name="Karin", family_name="Sagström")
        make_guardian(
            child,
            given_name="Jonas",
            family_name="Sagström",
            number=fictional_number(date(1979, 2, 3), 991),
        )
    fields.setdefault("purpose", PURPOSE)
    fields.setdefault("initiating_unit", world.school)
    fields.setdefault("convener", world.teacher)
    return Plan.objects.create(
        child=child,
        child_wishes="Att få vara med på rasterna.",
        reason="Hög frånvaro och oro hemma.",
        **fields,
    )


def born_years_ago(years: int, serial: int = 985) -> str:
    """A fictional number for a child who turned `years` thirty days ago."""
    day = today() - timedelta(days=30)
    return fictional_number(day.replace(year=day.year - years), serial)


def make_unaccompanied_child(world, years: int = 13):
    """Samir: a child with no guardian in Sweden and a god man appointed."""
    child = make_child(
        world.social, given_name="Samir", family_name="Testnouri", number=born_years_ago(years)
    )
    Trustee.objects.create(
        child=child,
        name="Göran Testholm",
        street_address="Godmansvägen 4",
        chief_guardian="Överförmyndarnämnden Testby",
        registered_by_unit=world.social,
    )
    return child


def make_consent(plan, units=(), *, principals=(), document=None, **fields) -> Consent:
    """A consent from every guardian, as the record view would save it."""
    fields.setdefault("information", "Skolnärvaro och hälsa.")
    fields.setdefault("form", Consent.Form.ORAL)
    fields.setdefault("given_on", today())
    fields.setdefault("informed_on", fields["given_on"])
    fields.setdefault("informed_how", [Consent.Informed.ORALLY])
    documented_by = fields.pop("documented_by", plan.convener)
    consent = Consent(
        plan=plan, documented_by=documented_by, documented_by_unit=plan.initiating_unit, **fields
    )
    if document is not None:
        consent.document.save("underskrift.pdf", ContentFile(document), save=False)
    consent.save()
    consent.units.set(units)
    consent.principals.set(principals)
    for guardian in plan.child.guardians.all():
        ConsentParty.objects.create(consent=consent, guardian=guardian)
    return consent


def upload(content: bytes = PDF, name: str = "Nora Sagström samtycke.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def consent_data(plan, scope=(), **changes) -> dict:
    """The record form as the page posts it: every guardian, told orally the day before, an
    oral consent given today."""
    data = {
        "informed": "on",
        "informed_on": days(-1).isoformat(),
        "informed_how": ["orally"],
        "informed_language": "",
        "guardians": [str(pk) for pk in plan.child.guardians.values_list("pk", flat=True)],
        "units": [str(unit.pk) for unit in scope],
        "information": "Skolnärvaro, hälsa och familjens situation.",
        "form": "oral",
        "given_on": today().isoformat(),
        "valid_until": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def withdrawal_data(consent, *, confirmed: bool = False, **fields) -> dict:
    """The withdrawal form as the page posts it: the first person who consented withdrew by
    phone today. `confirmed`: as the confirmation step posts it, with the box ticked."""
    data = {
        "party": str(consent.parties.order_by("pk").first().pk),
        "how": "phone",
        "withdrawn_on": today().isoformat(),
        **fields,
    }
    if confirmed:
        data |= {"step": "confirm", "confirmed": "on"}
    return data


def whole_withdrawal(consent) -> dict:
    """The confirmation step of withdrawing the whole consent, with the box ticked."""
    return withdrawal_data(consent, confirmed=True)


def url(name: str, plan, consent=None) -> str:
    args = [plan.pk] if consent is None else [plan.pk, consent.pk]
    return reverse(f"consents:{name}", args=args)


def days(n: int) -> date:
    return today() + timedelta(days=n)


def pdf_text(content: bytes, tmp_path) -> str:
    """The PDF's text with runs of whitespace made single spaces."""
    path = tmp_path / "form.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["/usr/bin/pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return " ".join(text.split())
