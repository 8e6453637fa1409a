"""The printed SIP (WeasyPrint, A4): the plan as the paper document, "Min plan" for the child
in plain language, and the letters to the family when the SIP is closed.

The plan prints as its latest approved version, or as the draft, clearly marked, when asked
or before any approval. Contact details follow documents.postal: a protected person's are
never printed, whoever prints. File names carry no name or number of the child. The views
log each print.
"""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation

from samordna.documents import pdf, postal
from samordna.documents.letters import language_of, sender_block
from samordna.meetings.mail import when
from samordna.meetings.models import Meeting
from samordna.plans import measures, services
from samordna.plans.access import leading_unit


def _content(plan, draft: bool) -> tuple[dict, object]:
    """(content, version): the latest approved version; the draft when asked or when none."""
    version = None if draft else plan.versions.select_related("approved_by").first()
    return (version.content if version else services.snapshot(plan)), version


def _guardians(child) -> list:
    return [g.guardian for g in child.guardianships.select_related("guardian")]


def plan_document(request, plan, *, draft: bool) -> HttpResponse:
    content, version = _content(plan, draft)
    child = plan.child
    context = {
        "plan": plan,
        "content": content,
        "version": version,
        "printed_by": request.user,
        "child": child,
        "child_contact": postal.contact(child),
        "guardians": [(guardian, postal.contact(guardian)) for guardian in _guardians(child)],
        **measures.law_points(content.get("measures", [])),
    }
    name = f"sip-v{version.number}" if version else "sip-utkast"
    return pdf.response("plan", "plans/pdf/plan.html", context, name)


def my_plan(request, plan, *, draft: bool) -> HttpResponse:
    content, version = _content(plan, draft)
    context = {"plan": plan, "child": plan.child, "content": content, "version": version}
    return pdf.response("my_plan", "plans/pdf/my_plan.html", context, "min-plan")


def closure_recipients(plan) -> list:
    """Who is told by letter that the SIP no longer applies: the child, each guardian and
    each trustee (god man), one letter each (seed 004 §4.6)."""
    child = plan.child
    return [child, *_guardians(child), *child.trustees.select_related("registered_by_unit")]


def closure_letters(request, plan) -> HttpResponse:
    """One letter per recipient, each in the recipient's language and with only the
    recipient's own address (or "c/o") in the envelope window."""
    contact_unit = leading_unit(plan)
    sender = sender_block(contact_unit, request.user)
    # The meetings that were still to come when the SIP closed, and were cancelled with it.
    cancelled = list(
        plan.meetings.filter(status=Meeting.Status.CANCELLED, starts_at__gt=plan.closed_at)
    )
    today = timezone.localdate()
    sections = []
    for person in closure_recipients(plan):
        name = getattr(person, "full_name", None) or person.name
        language = language_of(person)
        with translation.override(language):
            sections.append(
                render_to_string(
                    "plans/pdf/_closure_letter.html",
                    {
                        "plan": plan,
                        "child": plan.child,
                        "is_child": person == plan.child,
                        "language": language,
                        "address": postal.envelope(person, name),
                        "sender": sender,
                        "contact_unit": contact_unit,
                        "cancelled": [when(meeting) for meeting in cancelled],
                        "today": today,
                    },
                )
            )
    html = render_to_string("plans/pdf/closure_letters.html", {"sections": sections})
    return pdf.attachment(pdf.write("closure_letters", html), "sip-avslut")
