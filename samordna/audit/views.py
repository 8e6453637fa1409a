"""The manager's log review, the log extract for one child and the record of role changes.
Nothing here changes a log."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_http_methods

from samordna.accounts.models import MembershipChange
from samordna.audit import extract, review
from samordna.audit.forms import LogFilterForm, PeriodForm
from samordna.audit.models import AccessLog, Action
from samordna.audit.services import log_access, log_search
from samordna.people.models import Child


@login_required
@require_http_methods(["GET", "POST"])
def review_log(request: HttpRequest) -> HttpResponse:
    principal = review.require_manager(request)
    # The filter posts: the child's identity number stays out of the URL, the history and
    # proxy logs. GET still works for a link.
    data = request.POST if request.method == "POST" else request.GET
    # The children the reviewer's unit may see: only these are named, or found by number.
    visible = Child.objects.visible_to(request.user, request.acting_unit)
    form = LogFilterForm(data, principal=principal, children=visible)
    context = {"form": form, "principal": principal}
    if form.is_valid():
        rows = form.filter(AccessLog.objects.reviewed_by(principal).with_participation_flag())
        rows = rows.select_related("user", "acting_unit__principal")
        page = review.log_page(rows, data)
        # The page shows the names and numbers of these children: a read of each of them.
        log_search(request, review.attach_children(page.rows, visible, principal))
        context |= {
            "page": page,
            "extract_child": review.logged_child(principal, visible, form.cleaned_data["child"]),
            "period_query": urlencode(form.query()),
        }
    return render(request, "audit/review.html", context)


def _extract(request: HttpRequest, child_pk: int, action: str) -> extract.Extract | None:
    """A child the principal's log knows, or 404: the answer reveals nothing about others."""
    principal = review.require_manager(request)
    child = get_object_or_404(review.logged_children(principal), pk=child_pk)
    period = PeriodForm(request.GET)
    if not period.is_valid():
        return None
    visible = Child.objects.visible_to(request.user, request.acting_unit)
    built = extract.build(
        request, principal, child, period, named=visible.filter(pk=child.pk).exists()
    )
    log_access(request, child=child, action=action)
    return built


def _refused(request: HttpRequest) -> HttpResponse:
    """A period that is no date range (a link changed by hand): say what is wrong with it."""
    period = PeriodForm(request.GET)
    period.is_valid()
    return render(request, "audit/extract_refused.html", {"form": period}, status=400)


@login_required
@require_GET
def extract_csv(request: HttpRequest, child_pk: int) -> HttpResponse:
    built = _extract(request, child_pk, Action.EXPORT)
    return extract.csv_response(built) if built else _refused(request)


@login_required
@require_GET
def extract_pdf(request: HttpRequest, child_pk: int) -> HttpResponse:
    built = _extract(request, child_pk, Action.PRINT)
    return extract.pdf_response(built) if built else _refused(request)


@login_required
@require_GET
def role_changes(request: HttpRequest) -> HttpResponse:
    """Who gave or took which role at the units of the manager's principal, newest first."""
    principal = review.require_manager(request)
    changes = MembershipChange.objects.filter(unit__principal=principal).select_related(
        "changed_by", "user", "unit"
    )
    page = Paginator(changes, review.PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "audit/role_changes.html", {"principal": principal, "page": page})
