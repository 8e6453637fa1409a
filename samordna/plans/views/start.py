"""Starting a SIP: initiate, ask to join an existing one, prepare, book the meeting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.audit.models import Action
from samordna.audit.services import log_access, log_search
from samordna.core import versioning
from samordna.core.keyset import keyset_page
from samordna.core.once import save_once
from samordna.core.refusals import Refused, refusing
from samordna.people.access import get_child_or_404, may_read_children
from samordna.plans import lifecycle, preparation, services
from samordna.plans.access import (
    child_of_join_token,
    get_plan_or_404,
    join_token,
    leads,
    require_lead,
)
from samordna.plans.forms_start import (
    BookMeetingForm,
    InitiateForm,
    JoinRequestForm,
    PreparationForm,
)
from samordna.plans.models import JoinRequest, Plan

PLAN_ORDER = ("next_follow_up", "-created_at", "-pk")


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """The SIPs the acting unit takes part in, next follow-up first; each child shown is
    logged. Paged by keyset (core/keyset.py), 50 a page."""
    if not may_read_children(request.user, request.acting_unit):
        raise Http404
    plans = (
        Plan.objects.visible_to(request.user, request.acting_unit)
        .open()
        .select_related("child", "coordinator", "coordinator_unit", "initiating_unit")
    )
    page = keyset_page(
        plans,
        PLAN_ORDER,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        size=50,
        ids_first=True,
    )
    log_search(request, [plan.child for plan in page])
    # Counted for the page's plans only: an annotation would group every plan before paging.
    pending = dict(
        JoinRequest.objects.filter(plan__in=page.rows, status=JoinRequest.Status.PENDING)
        .values_list("plan")
        .annotate(Count("pk"))
    )
    for plan in page:
        plan.led_here = leads(request, plan)
        plan.pending_joins = pending.get(plan.pk, 0)
    return render(request, "plans/start/plan_list.html", {"page": page})


@login_required
def initiate(request: HttpRequest, child_pk: int) -> HttpResponse:
    child = get_child_or_404(request, child_pk)
    form = InitiateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.initiate_plan(request, child, form)
        except services.AlreadyActive as active:
            return _already_active(request, child, active.plan)
        messages.success(
            request, _("The SIP was started. Prepare it with the child and guardians.")
        )
        return redirect("plans:preparation", pk=plan.pk)
    existing = Plan.objects.open().filter(child=child).first()
    if existing is not None:
        return _already_active(request, child, existing)
    return render(request, "plans/start/initiate.html", {"child": child, "form": form})


def _already_active(request: HttpRequest, child, plan) -> HttpResponse:
    """Lead to the plan if the unit takes part; otherwise offer to ask, revealing nothing."""
    visible = Plan.objects.visible_to(request.user, request.acting_unit)
    if visible.filter(pk=plan.pk).exists():
        messages.info(request, _("The child already has an active SIP; here it is."))
        return redirect("plans:detail", pk=plan.pk)
    context = {"child": child, "join_token": join_token(child)}
    return render(request, "plans/start/already_active.html", context, status=409)


@login_required
def join_request(request: HttpRequest, token: str) -> HttpResponse:
    """Ask the coordinator of the child's open SIP to let the unit take part.

    The ticket is handed out only to a unit that sees the child (its page, "already active");
    the page shows nothing about the plan, only whether there is a SIP to ask about. Learning
    that is a look-up about the child: logged, whatever the answer.
    """
    if not may_read_children(request.user, request.acting_unit):
        raise Http404
    child = child_of_join_token(token)
    log_access(request, child=child, action=Action.SEARCH)
    plan = Plan.objects.open().filter(child=child).first()
    if plan is None:
        return render(request, "plans/start/no_plan_to_join.html")
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.request_join(request, plan, form.cleaned_data["reason"])
        return render(request, "plans/start/join_sent.html")
    return render(request, "plans/start/join_request.html", {"form": form})


@login_required
def join_requests(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_or_404(request, pk)
    require_lead(request, plan)
    requests = plan.join_requests.select_related("unit__principal", "requested_by", "decided_by")
    return render(request, "plans/start/join_requests.html", {"plan": plan, "requests": requests})


@login_required
@require_POST
def decide_join(request: HttpRequest, pk: int, join_pk: int) -> HttpResponse:
    plan = get_plan_or_404(request, pk)
    require_lead(request, plan)
    join = get_object_or_404(plan.join_requests, pk=join_pk, status=JoinRequest.Status.PENDING)
    try:
        services.decide_join(request, join, accept=request.POST.get("decision") == "accept")
    except Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The answer was sent to the unit."))
    return redirect("plans:join_requests", pk=plan.pk)


@login_required
@refusing
def preparation_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_or_404(request, pk)
    require_lead(request, plan)
    prep = preparation.preparation_of(plan)
    form = PreparationForm(request.POST or None, instance=prep)
    return versioning.edit(
        request,
        form,
        lambda: preparation.save_preparation(request, plan, form),
        template="plans/start/preparation.html",
        context={"plan": plan, "checklist": prep.checklist()},
        done=reverse("plans:preparation", args=[plan.pk]),
        saved=_("The preparation was saved."),
    )


@login_required
@refusing
def book_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_or_404(request, pk)
    require_lead(request, plan)
    form = BookMeetingForm(request.POST or None, plan=plan)
    refused = None
    try:
        lifecycle.require_consent(plan)
    except Refused as error:
        refused = str(error)
    if request.method == "POST" and refused is None and form.is_valid():
        meeting = save_once(
            request,
            form,
            lambda: preparation.book_meeting(request, plan, form),
            done=reverse("plans:detail", args=[plan.pk]),
        )
        messages.success(
            request, _("The meeting was booked. Check who is invited, then send the invitations.")
        )
        return redirect("meetings:detail", plan_pk=plan.pk, pk=meeting.pk)
    return render(
        request,
        "plans/start/book_meeting.html",
        {"plan": plan, "form": form, "refused": refused, "meetings": plan.meetings.all()},
        status=409 if refused and request.method == "POST" else 200,
    )
