"""Builders for the tests of the plan's content, versions, follow-up, closure and prints.

A plan is started by the school (teacher convenes); `share_with` adds units under a valid
consent; `ready_to_approve` brings a plan to where the SIP meeting can approve it.
"""

import subprocess
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from samordna.consents.models import Consent, ConsentParty
from samordna.meetings.models import Meeting
from samordna.people.tests.helpers import make_child
from samordna.plans import lifecycle
from samordna.plans.models import ClosureReason, Goal, Measure, Plan, Status

# The law's four points (SoL 10 kap. 8–9 §§, HSL 16 kap. 4 §), as the plan and its PDF head them.
LAW_POINTS = [
    "Which measures are needed",
    "Which measures each principal is responsible for",
    "Which measures are taken by someone other than the municipality or region",
    "Which principal has the overall responsibility for the plan",
]


def make_plan(world, child=None, **fields) -> Plan:
    defaults = {
        "child_wishes": "Jag vill ha kompisar på rasten",
        "reason": "Skolan och socialtjänsten behöver samordna stödet",
        "purpose": "Hur får Alva en trygg skoldag?",
    }
    return Plan.objects.create(
        child=child or make_child(world.school),
        initiating_unit=world.school,
        convener=world.teacher,
        **{**defaults, **fields},
    )


def share_with(plan, world, *units) -> Consent:
    consent = Consent.objects.create(
        plan=plan,
        information="Skolgång och hälsa",
        form="oral",
        given_on=date.today(),
        documented_by=world.teacher,
        documented_by_unit=world.school,
    )
    consent.units.add(*units)
    ConsentParty.objects.create(consent=consent, is_child=True)
    advance(plan, Status.CONSENT)
    return consent


def advance(plan, status) -> Plan:
    lifecycle.advance(plan, status)
    plan.save(update_fields=["status"])
    return plan


def book(plan, world, starts_at=None) -> Meeting:
    meeting = Meeting.objects.create(
        plan=plan,
        starts_at=starts_at or timezone.now() + timedelta(days=21),
        booked_by=world.teacher,
    )
    advance(plan, Status.BOOKED)
    return meeting


def add_goal(plan, text="Alva trivs i skolan", term=Goal.Term.LONG) -> Goal:
    return Goal.objects.create(plan=plan, term=term, text=text)


def add_measure(plan, unit, description="Stödsamtal varje vecka", **fields) -> Measure:
    """A measure `unit` wrote down: its own, unless another actor is named in `fields`."""
    if fields.get("other_actor"):
        fields.setdefault("other_actor_kind", Measure.OtherActor.CIVIL_SOCIETY)
    else:
        fields.setdefault("responsible_unit", unit)
    return Measure.objects.create(plan=plan, kept_by_unit=unit, description=description, **fields)


def ready_to_approve(world, **fields) -> Plan:
    """Shared with social services, its SIP meeting under way (begun an hour ago),
    coordinated by the teacher, one measure with goal, responsible and time."""
    plan = make_plan(world, **fields)
    share_with(plan, world, world.social)
    book(plan, world, starts_at=timezone.now() - timedelta(hours=1))
    plan.coordinator, plan.coordinator_unit = world.teacher, world.school
    plan.overall_responsibility = world.municipality
    plan.save()
    add_measure(
        plan,
        world.school,
        goal=add_goal(plan),
        responsible_person=world.teacher,
        timing="varje vecka",
    )
    return plan


def approve(client, plan, attendees="Alva, mamma Kim, Larare (skolan), Soc (socialtjänsten)"):
    """Approve at the plan's latest meeting that has begun."""
    meeting = lifecycle.meetings_begun(plan).first()
    data = {"attendees": attendees, "meeting": meeting.pk if meeting else ""}
    return client.post(reverse("plans:approve", args=[plan.pk]), data)


def close(client, plan, reason=ClosureReason.NO_JOINT_NEEDS, **fields):
    data = {"reason": reason, "note": "", "confirm": "on", **fields}
    return client.post(reverse("plans:close", args=[plan.pk]), data)


def pdf_pages(response, tmp_path) -> list[str]:
    """The PDF's pages as pdftotext reads them, runs of white space made single spaces."""
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "document.pdf"
    path.write_bytes(response.content)
    result = subprocess.run(
        ["/usr/bin/pdftotext", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return [" ".join(page.split()) for page in result.stdout.split("\f") if page.strip()]


def pdf_text(response, tmp_path) -> str:
    """The PDF's text as pdftotext reads it, with runs of white space made single spaces."""
    return " ".join(pdf_pages(response, tmp_path))
