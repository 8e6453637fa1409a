"""Every change to a SIP: one transaction, its read-log row, and word to those affected."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samordna.audit.models import Action
from samordna.audit.services import log_access
from samordna.core.versioning import next_version
from samordna.meetings.services import cancel_booked_meetings
from samordna.notifications.models import Kind
from samordna.plans import lifecycle
from samordna.plans.models import (
    ClosureReason,
    CoordinatorAssignment,
    Goal,
    JoinRequest,
    Measure,
    Plan,
    PlanVersion,
    Status,
)
from samordna.plans.notify import tell_units


class AlreadyActive(Exception):
    """The child already has an open SIP; `plan` is it (never shown to the caller's unit)."""

    def __init__(self, plan):
        super().__init__(_("The child already has an active SIP."))
        self.plan = plan


def _log(request, plan, action, obj=None) -> None:
    log_access(request, child=plan.child, obj=obj or plan, action=action)


def initiate_plan(request, child, form) -> Plan:
    """Start a SIP for a child the acting unit may see. One open SIP per child, always."""
    existing = Plan.objects.open().filter(child=child).first()
    if existing is not None:
        raise AlreadyActive(existing)
    try:
        with transaction.atomic():
            plan = form.save(commit=False)
            plan.child = child
            plan.initiating_unit = request.acting_unit
            plan.convener = request.user
            plan.save()
            _log(request, plan, Action.CREATE)
    except IntegrityError:
        # Another request started one a moment ago: the database constraint decides.
        raise AlreadyActive(Plan.objects.open().get(child=child)) from None
    return plan


@transaction.atomic
def request_join(request, plan, reason: str) -> JoinRequest:
    # Learning that the child has a SIP is a look-up about the child: logged.
    log_access(request, child=plan.child, action=Action.SEARCH)
    join, _created = JoinRequest.objects.get_or_create(
        plan=plan,
        unit=request.acting_unit,
        status=JoinRequest.Status.PENDING,
        defaults={"requested_by": request.user, "reason": reason},
    )
    tell_units(
        [plan.coordinator_unit or plan.initiating_unit],
        _("A unit asks to take part in a SIP"),
        _("%(unit)s asks to take part in a SIP you coordinate. Open samordna to answer.")
        % {"unit": request.acting_unit.name},
        kind=Kind.JOIN_REQUEST,
        url=reverse("plans:join_requests", args=[plan.pk]),
    )
    return join


@transaction.atomic
def decide_join(request, join: JoinRequest, accept: bool) -> JoinRequest:
    plan = join.plan
    lifecycle.require_open(plan)
    if accept and not plan.consents.valid().covering(join.unit).exists():
        raise lifecycle.StepRefused(
            _("Add the unit to a valid consent before accepting: until then it may see nothing.")
        )
    join.status = JoinRequest.Status.ACCEPTED if accept else JoinRequest.Status.DECLINED
    join.decided_at = timezone.now()
    join.decided_by = request.user
    join.save()
    _log(request, plan, Action.UPDATE, join)
    message = (
        _("Your unit's request to take part in a SIP was accepted.")
        if accept
        else _("Your unit's request to take part in a SIP was declined.")
    )
    # Declined, the unit may not see the plan: the link leads to its list of children.
    url = reverse("plans:detail", args=[plan.pk]) if accept else reverse("people:child_list")
    tell_units([join.unit], _("Answer to your request"), message, kind=Kind.JOIN_ANSWER, url=url)
    return join


@transaction.atomic
def save_plan(request, plan, form) -> Plan:
    """Save the shared parts, unless someone saved since the user read them."""
    lifecycle.require_open(plan)
    version = next_version(Plan, plan.pk, form.cleaned_data["version"])
    plan = form.save(commit=False)
    plan.version = version
    # Only the form's fields: a coordinator appointed meanwhile is not written back.
    plan.save(update_fields=[*form._meta.fields, "version"])
    _log(request, plan, Action.UPDATE)
    return plan


@transaction.atomic
def save_goal(request, plan, form) -> Goal:
    """The leading unit writes the goals, with the child and guardians."""
    lifecycle.require_open(plan)
    goal = form.save(commit=False)
    if goal.pk is None:
        goal.plan = plan
    else:
        goal.version = next_version(Goal, goal.pk, form.cleaned_data["version"])
    goal.save()
    _log(request, plan, Action.UPDATE, goal)
    return goal


@transaction.atomic
def appoint_coordinator(request, plan, user, unit) -> Plan:
    lifecycle.require_open(plan)
    if not (unit == plan.initiating_unit or plan.consents.valid().covering(unit).exists()):
        raise lifecycle.StepRefused(_("The coordinator must work at a participating unit."))
    changed = plan.coordinator_id is not None and plan.coordinator_id != user.pk
    plan.coordinator, plan.coordinator_unit = user, unit
    plan.save(update_fields=["coordinator", "coordinator_unit"])
    CoordinatorAssignment.objects.create(
        plan=plan, coordinator=user, unit=unit, assigned_by=request.user
    )
    _log(request, plan, Action.UPDATE)
    if changed:
        tell_units(
            plan.participating_units(),
            _("New coordinator for a SIP"),
            _("A SIP your unit takes part in has a new coordinator. Open samordna to see it."),
            kind=Kind.COORDINATOR_CHANGED,
            url=reverse("plans:detail", args=[plan.pk]),
        )
    return plan


@transaction.atomic
def save_measure(request, plan, form):
    """A unit writes its own measures only: no organisation decides another's.

    A new measure belongs to the acting unit. A change is refused with StaleEdit when the
    form carries a version that someone else has saved over since.
    """
    lifecycle.require_open(plan)
    measure = form.save(commit=False)
    if measure.pk is None:
        measure.plan = plan
        measure.responsible_unit = request.acting_unit
    else:
        measure.version = next_version(Measure, measure.pk, form.cleaned_data["version"])
    measure.save()
    _log(request, plan, Action.UPDATE, measure)
    return measure


def snapshot(plan) -> dict:
    """The plan's content as a version stores it and the comparison reads it.

    Display texts are stored in the default language (Swedish), whoever approves, so that
    versions compare alike. The ids match goals and measures between versions; `term_code`,
    `principal_kind` and `timing` serve the printed plan (point 3 of the law: measures by
    someone other than the municipality or region). Older versions may lack these keys.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return _snapshot(plan)


def _snapshot(plan) -> dict:
    return {
        "child_wishes": plan.child_wishes,
        "purpose": plan.purpose,
        "needs": plan.needs,
        "overall_responsibility": str(plan.overall_responsibility or ""),
        "coordinator": f"{plan.coordinator or ''}"
        + (f", {plan.coordinator_unit}" if plan.coordinator_unit else ""),
        "family_contact": plan.family_contact,
        "goals": [
            {
                "id": goal.pk,
                "term": goal.get_term_display(),
                "term_code": goal.term,
                "text": goal.text,
                "in_childs_words": goal.in_childs_words,
            }
            for goal in plan.goals.all()
        ],
        "measures": [
            {
                "id": m.pk,
                "description": m.description,
                "goal": m.goal.text if m.goal else "",
                "principal": str(m.responsible_unit.principal),
                "principal_kind": m.responsible_unit.principal.kind,
                "unit": str(m.responsible_unit),
                "person": str(m.responsible_person or ""),
                "time": " – ".join(str(day) for day in (m.starts_on, m.ends_on) if day) or m.timing,
                "timing": m.timing,
                "status": m.get_status_display(),
                "other_provider": m.other_provider,
            }
            for m in plan.measures.select_related(
                "goal", "responsible_unit__principal", "responsible_person"
            )
        ],
    }


@transaction.atomic
def approve_version(request, plan, attendees: str) -> PlanVersion:
    """At the SIP meeting: the draft becomes an immutable, numbered version."""
    lifecycle.require_approvable(plan)
    Plan.objects.select_for_update().get(pk=plan.pk)  # one approval at a time: numbers unique
    number = (plan.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = PlanVersion.objects.create(
        plan=plan,
        number=number,
        approved_by=request.user,
        attendees=attendees,
        content=snapshot(plan),
    )
    lifecycle.advance(plan, Status.ACTIVE)
    plan.save(update_fields=["status"])
    _log(request, plan, Action.UPDATE, version)
    return version


@transaction.atomic
def record_follow_up(request, plan, form, outcomes: dict):
    lifecycle.require_approved(plan)
    follow_up = form.save(commit=False)
    follow_up.plan = plan
    follow_up.recorded_by = request.user
    follow_up.save()
    for measure, outcome in outcomes.items():
        follow_up.outcomes.create(measure=measure, outcome=outcome)
    plan.next_follow_up = follow_up.next_follow_up
    plan.save(update_fields=["next_follow_up"])
    _log(request, plan, Action.UPDATE, follow_up)
    return follow_up


@transaction.atomic
def close_plan(request, plan, reason: str, note: str = "") -> Plan:
    if reason == ClosureReason.OTHER and not note.strip():
        raise lifecycle.StepRefused(_("Describe the reason when you choose 'Other'."))
    units = list(plan.participating_units())
    lifecycle.close(plan, reason, note)
    plan.save(update_fields=["status", "closed_at", "closure_reason", "closure_note"])
    _log(request, plan, Action.UPDATE)
    cancel_booked_meetings(request, plan)
    tell_units(
        units,
        _("A SIP has been closed"),
        _(
            "A SIP your unit took part in has been closed and no longer applies. Record the "
            "closure in your own records. Open samordna to read it."
        ),
        kind=Kind.PLAN_CLOSED,
        url=reverse("plans:detail", args=[plan.pk]),
    )
    return plan
