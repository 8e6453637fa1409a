"""The printed SIP (WeasyPrint, A4): the plan as the paper document, "Min plan" for the child
in plain language, and the letter to the family when the SIP is closed.

The plan prints as its latest approved version, or as the draft, clearly marked, when asked
or before any approval. Addresses of the child and the guardians are printed only for a unit
that may see them (protected personal data). File names carry no name or number of the child.
The views log each print.
"""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from samordna.plans import document, services
from samordna.plans.access import leading_unit


def _content(plan, draft: bool) -> tuple[dict, object]:
    """(content, version): the latest approved version; the draft when asked or when none."""
    version = None if draft else plan.versions.select_related("approved_by").first()
    return (version.content if version else services.snapshot(plan)), version


def _people(request, plan) -> dict:
    unit = request.acting_unit
    child = plan.child
    guardians = [g.guardian for g in child.guardianships.select_related("guardian")]
    return {
        "child": child,
        "child_address": child.may_see_contact_details(unit),
        "guardians": [(guardian, guardian.may_see_contact_details(unit)) for guardian in guardians],
    }


def _response(template: str, context: dict, name: str) -> HttpResponse:
    from weasyprint import HTML  # heavy: loaded on the first PDF, not at every start

    html = render_to_string(template, {**context, "printed_at": timezone.now()})
    filename = f"{name}-{timezone.localdate():%Y-%m-%d}.pdf"
    return HttpResponse(
        HTML(string=html).write_pdf(),
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def plan_document(request, plan, *, draft: bool) -> HttpResponse:
    content, version = _content(plan, draft)
    context = {
        "plan": plan,
        "content": content,
        "version": version,
        "printed_by": request.user,
        **document.from_content(content),
        **_people(request, plan),
    }
    name = f"sip-v{version.number}" if version else "sip-utkast"
    return _response("plans/pdf/plan.html", context, name)


def my_plan(request, plan, *, draft: bool) -> HttpResponse:
    content, version = _content(plan, draft)
    context = {"plan": plan, "child": plan.child, "content": content, "version": version}
    return _response("plans/pdf/my_plan.html", context, "min-plan")


def closure_letter(request, plan) -> HttpResponse:
    context = {
        "plan": plan,
        "contact_unit": leading_unit(plan),
        "sender": request.user,
        "sender_unit": request.acting_unit,
        **_people(request, plan),
    }
    return _response("plans/pdf/closure_letter.html", context, "sip-avslut")
