"""The plan on paper: the SIP document, "Min plan" for the child, the letter at closure.

Each print is logged as such (get_plan_or_404 with Action.PRINT).
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from samordna.audit.models import Action
from samordna.plans import pdf
from samordna.plans.access import get_plan_or_404
from samordna.plans.models import Plan, Status


def _draft(request: HttpRequest) -> bool:
    return request.GET.get("utkast") == "1"


@login_required
@require_GET
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The latest approved version, or the draft (?utkast=1, or before any approval)."""
    plan = get_plan_or_404(request, pk, action=Action.PRINT)
    return pdf.plan_document(request, plan, draft=_draft(request))


@login_required
@require_GET
def my_plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_or_404(request, pk, action=Action.PRINT)
    return pdf.my_plan(request, plan, draft=_draft(request))


@login_required
@require_GET
def closure_letter(request: HttpRequest, pk: int) -> HttpResponse:
    # An open SIP has no such letter: 404 before anything is read or logged.
    if not Plan.objects.filter(pk=pk, status=Status.CLOSED).exists():
        raise Http404
    plan = get_plan_or_404(request, pk, action=Action.PRINT)
    return pdf.closure_letters(request, plan)
