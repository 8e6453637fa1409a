"""The plan page and its shared parts: what matters to the child, goals, measures, coordinator."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samordna.core import versioning
from samordna.core.refusals import refusing
from samordna.plans import lifecycle, measures, services
from samordna.plans.access import (
    get_open_plan_or_404,
    get_plan_or_404,
    leads,
    require_keeper,
    require_lead,
)
from samordna.plans.compare import compare
from samordna.plans.forms import (
    CoordinatorForm,
    GoalForm,
    MeasureForm,
    PlanForm,
    ResponsibilityForm,
)


def _page(request: HttpRequest, plan) -> dict:
    # In the reader's language; the comparison with a version reads the stored snapshot's.
    described = [measures.describe(m) for m in measures.related(plan.measures.all())]
    versions = list(plan.versions.select_related("approved_by", "meeting"))
    latest = versions[0] if versions else None
    return {
        "plan": plan,
        "child": plan.child,
        "goals": plan.goals.all(),
        **measures.law_points(described),
        "may_lead": leads(request, plan) and not plan.is_closed,
        "consents": plan.consents.with_scope(),
        "versions": versions,
        "latest": latest,
        "draft_changes": compare(latest.content, services.snapshot(plan))
        if latest and not plan.is_closed
        else None,
        "approval_gaps": lifecycle.approval_gaps(plan) if not plan.is_closed else [],
        "follow_ups": plan.follow_ups.select_related("recorded_by").prefetch_related(
            "outcomes__measure__kept_by_unit"
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
    return versioning.edit(
        request,
        form,
        lambda: services.save_plan(request, plan, form),
        template="plans/edit.html",
        context={"plan": plan},
        done=reverse("plans:detail", args=[plan.pk]),
        saved=_("The plan was saved."),
    )


@login_required
@refusing
def goal_form(request: HttpRequest, pk: int, goal_pk: int | None = None) -> HttpResponse:
    plan = get_open_plan_or_404(request, pk, lead=True)
    goal = get_object_or_404(plan.goals, pk=goal_pk) if goal_pk else None
    form = GoalForm(request.POST or None, instance=goal)
    return versioning.edit(
        request,
        form,
        lambda: services.save_goal(request, plan, form),
        template="plans/goal_form.html",
        context={"plan": plan, "goal": goal},
        done=reverse("plans:detail", args=[plan.pk]),
        saved=_("The goal was saved."),
    )


@login_required
@refusing
def measure_form(request: HttpRequest, pk: int, measure_pk: int | None = None) -> HttpResponse:
    """Any unit taking part writes down measures; only the unit that wrote one changes it."""
    plan = get_plan_or_404(request, pk)
    measure = get_object_or_404(plan.measures, pk=measure_pk) if measure_pk else None
    if measure is not None:
        require_keeper(request, measure)
    lifecycle.require_open(plan)
    form = MeasureForm(request.POST or None, instance=measure, plan=plan, unit=request.acting_unit)
    return versioning.edit(
        request,
        form,
        lambda: services.save_measure(request, plan, form),
        template="plans/measure_form.html",
        context={"plan": plan, "measure": measure},
        done=reverse("plans:detail", args=[plan.pk]),
        saved=_("The measure was saved."),
    )


@login_required
@require_http_methods(["GET", "POST"])
@refusing
def goal_delete(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    plan = get_open_plan_or_404(request, pk, lead=True)
    goal = get_object_or_404(plan.goals, pk=goal_pk)
    return _delete(request, plan, goal, _("The goal was deleted."))


@login_required
@require_http_methods(["GET", "POST"])
@refusing
def measure_delete(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    plan = get_open_plan_or_404(request, pk)
    measure = get_object_or_404(plan.measures, pk=measure_pk)
    require_keeper(request, measure)
    return _delete(request, plan, measure, _("The measure was deleted."))


def _delete(request: HttpRequest, plan, item, done: str) -> HttpResponse:
    """Ask first (GET), then delete (POST): a draft's goal or measure, its history kept."""
    if request.method == "POST":
        services.delete_item(request, plan, item)
        messages.success(request, done)
        return redirect("plans:detail", pk=plan.pk)
    context = {"plan": plan, "item": item, "refused": services.deletion_refused(plan, item)}
    return render(request, "plans/delete.html", context)


@login_required
@require_POST
@refusing
def take_on(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    """The acting unit takes on a need that no organisation had taken on."""
    plan = get_plan_or_404(request, pk)
    measure = get_object_or_404(plan.measures, pk=measure_pk)
    services.take_on(request, plan, measure)
    messages.success(request, _("Your unit has taken on the measure. Add who does it and when."))
    return redirect("plans:measure_edit", pk=plan.pk, measure_pk=measure.pk)


@login_required
@refusing
def coordinator(request: HttpRequest, pk: int) -> HttpResponse:
    """The coordinator and the overall responsibility, with their histories: everyone taking
    part reads them; the leading unit decides, while the SIP is open."""
    plan = get_plan_or_404(request, pk)
    may_decide = leads(request, plan) and not plan.is_closed
    if request.method == "POST" or may_decide:
        require_lead(request, plan)
        lifecycle.require_open(plan)
    form = CoordinatorForm(request.POST or None, plan=plan) if may_decide else None
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["membership"]
        services.appoint_coordinator(
            request,
            plan,
            chosen.user,
            chosen.unit,
            reason=form.cleaned_data["reason"],
            meeting=form.cleaned_data["meeting"],
        )
        messages.success(request, _("The coordinator was appointed."))
        return redirect("plans:detail", pk=plan.pk)
    responsibility = ResponsibilityForm(plan=plan) if may_decide else None
    return render(request, "plans/coordinator.html", _roles(plan, form, responsibility))


@login_required
@require_POST
@refusing
def responsibility(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_open_plan_or_404(request, pk, lead=True)
    form = ResponsibilityForm(request.POST, plan=plan)
    if form.is_valid():
        services.set_responsibility(
            request,
            plan,
            form.cleaned_data["principal"],
            reason=form.cleaned_data["reason"],
            meeting=form.cleaned_data["meeting"],
        )
        messages.success(request, _("The overall responsibility was recorded."))
        return redirect("plans:detail", pk=plan.pk)
    context = _roles(plan, CoordinatorForm(plan=plan), form)
    return render(request, "plans/coordinator.html", context, status=400)


def _roles(plan, form, responsibility) -> dict:
    return {
        "plan": plan,
        "form": form,
        "responsibility_form": responsibility,
        "history": plan.coordinator_history.select_related(
            "coordinator", "unit", "assigned_by", "meeting"
        ),
        "responsibility_history": plan.responsibility_history.select_related(
            "principal", "assigned_by", "meeting"
        ),
    }
