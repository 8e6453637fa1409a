"""The plan page and its shared parts: what matters to the child, goals, measures, coordinator."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from samordna.core.versioning import StaleEdit
from samordna.plans import document, lifecycle, services
from samordna.plans.access import get_plan_or_404, leads, require_lead, require_own_measure
from samordna.plans.compare import compare
from samordna.plans.forms import CoordinatorForm, GoalForm, MeasureForm, PlanForm
from samordna.plans.views.common import get_open_plan_or_404, refusing


def _page(request: HttpRequest, plan) -> dict:
    measures = plan.measures.select_related(
        "goal", "responsible_unit__principal", "responsible_person"
    )
    versions = list(plan.versions.select_related("approved_by"))
    latest = versions[0] if versions else None
    return {
        "plan": plan,
        "child": plan.child,
        "goals": plan.goals.all(),
        **document.from_models(measures),
        "may_lead": leads(request, plan) and not plan.is_closed,
        "consents": plan.consents.with_scope(),
        "versions": versions,
        "latest": latest,
        "draft_changes": compare(latest.content, services.snapshot(plan))
        if latest and not plan.is_closed
        else None,
        "approval_gaps": lifecycle.approval_gaps(plan) if not plan.is_closed else [],
        "follow_ups": plan.follow_ups.select_related("recorded_by").prefetch_related(
            "outcomes__measure__responsible_unit"
        ),
        "meetings": plan.meetings.all(),
    }


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_or_404(request, pk)
    return render(request, "plans/detail.html", _page(request, plan))


@login_required
@refusing
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_open_plan_or_404(request, pk, lead=True)
    form = PlanForm(request.POST or None, instance=plan)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.save_plan(request, plan, form)
        except StaleEdit as stale:
            conflict = stale.current
        else:
            messages.success(request, _("The plan was saved."))
            return redirect("plans:detail", pk=plan.pk)
    context = {"plan": plan, "form": form, "conflict": conflict}
    return render(request, "plans/edit.html", context, status=409 if conflict else 200)


@login_required
@refusing
def goal_form(request: HttpRequest, pk: int, goal_pk: int | None = None) -> HttpResponse:
    plan = get_open_plan_or_404(request, pk, lead=True)
    goal = get_object_or_404(plan.goals, pk=goal_pk) if goal_pk else None
    form = GoalForm(request.POST or None, instance=goal)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.save_goal(request, plan, form)
        except StaleEdit as stale:
            conflict = stale.current
        else:
            messages.success(request, _("The goal was saved."))
            return redirect("plans:detail", pk=plan.pk)
    context = {"plan": plan, "form": form, "goal": goal, "conflict": conflict}
    return render(request, "plans/goal_form.html", context, status=409 if conflict else 200)


@login_required
@refusing
def measure_form(request: HttpRequest, pk: int, measure_pk: int | None = None) -> HttpResponse:
    """Any unit taking part writes its own measures; only the responsible unit changes one."""
    plan = get_plan_or_404(request, pk)
    measure = get_object_or_404(plan.measures, pk=measure_pk) if measure_pk else None
    if measure is not None:
        require_own_measure(request, measure)
    lifecycle.require_open(plan)
    form = MeasureForm(request.POST or None, instance=measure, plan=plan, unit=request.acting_unit)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.save_measure(request, plan, form)
        except StaleEdit as stale:
            conflict = stale.current
        else:
            messages.success(request, _("The measure was saved."))
            return redirect("plans:detail", pk=plan.pk)
    context = {"plan": plan, "form": form, "measure": measure, "conflict": conflict}
    return render(request, "plans/measure_form.html", context, status=409 if conflict else 200)


@login_required
@refusing
def coordinator(request: HttpRequest, pk: int) -> HttpResponse:
    """Everyone taking part reads the history; the leading unit appoints, while the SIP is open."""
    plan = get_plan_or_404(request, pk)
    form = None
    if request.method == "POST" or (leads(request, plan) and not plan.is_closed):
        require_lead(request, plan)
        lifecycle.require_open(plan)
        form = CoordinatorForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["membership"]
        try:
            services.appoint_coordinator(request, plan, chosen.user, chosen.unit)
        except lifecycle.StepRefused as refused:
            form.add_error("membership", str(refused))
        else:
            messages.success(request, _("The coordinator was appointed."))
            return redirect("plans:detail", pk=plan.pk)
    history = plan.coordinator_history.select_related("coordinator", "unit", "assigned_by")
    context = {"plan": plan, "form": form, "history": history}
    return render(request, "plans/coordinator.html", context)
