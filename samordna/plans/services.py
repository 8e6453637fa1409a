"""Every change to a SIP: one transaction, its read-log row, and word to those affected."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samordna.audit.models import Action
from samordna.audit.services import log_access
from samordna.core.refusals import Refused
from samordna.core.versioning import next_version
from samordna.meetings.services import cancel_booked_meetings
from samordna.notifications.models import Kind
from samordna.plans import lifecycle, measures
from samordna.plans.compare import compare
from samordna.plans.models import (
    ClosureReason,
    CoordinatorAssignment,
    Goal,
    JoinRequest,
    Measure,
    Plan,
    PlanVersion,
    ResponsibilityAssignment,
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
            # Units that asked to take part while the child had no SIP now ask this one.
            JoinRequest.objects.filter(
                child=child, plan=None, status=JoinRequest.Status.PENDING
            ).update(plan=plan)
    except IntegrityError:
        # Another request started one a moment ago: the database constraint decides.
        raise AlreadyActive(Plan.objects.open().get(child=child)) from None
    return plan


@transaction.atomic
def request_join(request, plan, reason: str) -> JoinRequest:
    """Ask the coordinator of the plan; the caller has logged its look-up of the child."""
    join, _created = JoinRequest.objects.get_or_create(
        plan=plan,
        child=plan.child,
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
def ask_to_take_part(request, child, reason: str) -> JoinRequest:
    """A unit that may not see a child samordna knows asks to take part, told nothing about a
    SIP: the coordinator of the child's open SIP answers; while the child has none, the request
    waits with the unit that registered the child and goes to the next SIP started for it."""
    plan = Plan.objects.open().filter(child=child).first()
    if plan is not None:
        return request_join(request, plan, reason)
    join, _created = JoinRequest.objects.get_or_create(
        child=child,
        plan=None,
        unit=request.acting_unit,
        status=JoinRequest.Status.PENDING,
        defaults={"requested_by": request.user, "reason": reason},
    )
    tell_units(
        [child.registered_by_unit],
        _("A unit asks to take part"),
        _(
            "%(unit)s asks to take part in the work with a child your unit registered. The "
            "child has no SIP; the request goes to the SIP if one is started. Open samordna "
            "to read it."
        )
        % {"unit": request.acting_unit.name},
        kind=Kind.JOIN_REQUEST,
        url=reverse("people:child_detail", args=[child.pk]),
    )
    return join


@transaction.atomic
def decide_join(request, join: JoinRequest, accept: bool) -> JoinRequest:
    plan = join.plan
    lifecycle.require_open(plan)
    if accept and not plan.consents.valid().covering(join.unit).exists():
        raise Refused(
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
def appoint_coordinator(request, plan, user, unit, *, reason: str, meeting=None) -> Plan:
    """Appoint the coordinator, with the reason and the meeting it was decided at: the
    first one and a move to another unit at a meeting that has begun (seed 000)."""
    lifecycle.require_open(plan)
    if not (unit == plan.initiating_unit or plan.consents.valid().covering(unit).exists()):
        raise Refused(_("The coordinator must work at a participating unit."))
    if meeting is None and plan.coordinator_unit_id != unit.pk:
        raise Refused(_("The coordinator is appointed at a SIP meeting."))
    if meeting is not None and not lifecycle.meetings_begun(plan).filter(pk=meeting.pk).exists():
        raise Refused(_("Choose a meeting of this SIP that has begun."))
    changed = plan.coordinator_id is not None and plan.coordinator_id != user.pk
    plan.coordinator, plan.coordinator_unit = user, unit
    plan.save(update_fields=["coordinator", "coordinator_unit"])
    CoordinatorAssignment.objects.create(
        plan=plan,
        coordinator=user,
        unit=unit,
        assigned_by=request.user,
        meeting=meeting,
        reason=reason,
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
def set_responsibility(request, plan, principal, *, reason: str, meeting=None) -> Plan:
    """Give the overall responsibility (huvudansvar) to a principal, kept with its history."""
    lifecycle.require_open(plan)
    if not plan.participating_units().filter(principal=principal).exists():
        raise Refused(_("The overall responsibility lies with a principal of a unit taking part."))
    plan.overall_responsibility = principal
    plan.save(update_fields=["overall_responsibility"])
    ResponsibilityAssignment.objects.create(
        plan=plan, principal=principal, assigned_by=request.user, meeting=meeting, reason=reason
    )
    _log(request, plan, Action.UPDATE)
    return plan


@transaction.atomic
def save_measure(request, plan, form):
    """A unit writes down a measure and keeps it: its own, a need no principal has taken on
    yet, or one by another actor (the form decides which). No organisation decides on
    measures another provides: only the keeper changes one. A change is refused with
    StaleEdit when the form carries a version someone else has saved over since.
    """
    lifecycle.require_open(plan)
    measure = form.save(commit=False)
    if measure.pk is None:
        measure.plan = plan
        measure.kept_by_unit = request.acting_unit
    else:
        measure.version = next_version(Measure, measure.pk, form.cleaned_data["version"])
    measure.save()
    _log(request, plan, Action.UPDATE, measure)
    return measure


def in_a_version(plan, item) -> bool:
    """Whether a goal or measure is part of an approved version of the plan."""
    key = "goals" if isinstance(item, Goal) else "measures"
    return any(
        entry.get("id") == item.pk
        for content in plan.versions.values_list("content", flat=True)
        for entry in content.get(key, [])
    )


def deletion_refused(plan, item) -> str:
    """Why a goal or measure cannot be deleted from the draft, or "" when it can: what an
    approved version or a follow-up holds stays, and is changed or cancelled instead."""
    if in_a_version(plan, item):
        if isinstance(item, Goal):
            return _("The goal is part of an approved version: change it instead.")
        return _("The measure is part of an approved version: set its status to cancelled.")
    if isinstance(item, Measure) and item.outcomes.exists():
        return _("A follow-up has recorded the measure's outcome: set its status to cancelled.")
    return ""


@transaction.atomic
def delete_item(request, plan, item) -> None:
    """Delete a goal or measure of the draft; its history (who, when) is kept."""
    lifecycle.require_open(plan)
    refused = deletion_refused(plan, item)
    if refused:
        raise Refused(refused)
    _log(request, plan, Action.UPDATE, item)
    item.delete()


@transaction.atomic
def take_on(request, plan, measure) -> Measure:
    """The acting unit takes on a need no principal had taken on: it becomes the unit's own
    measure, kept by it."""
    lifecycle.require_open(plan)
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    if not measure.is_unassigned:
        raise Refused(_("Another organisation has already taken on this need."))
    measure.responsible_unit = measure.kept_by_unit = request.acting_unit
    measure.version += 1
    measure.save(update_fields=["responsible_unit", "kept_by_unit", "version"])
    _log(request, plan, Action.UPDATE, measure)
    return measure


def snapshot(plan) -> dict:
    """The plan's content as a version stores it and the comparison reads it.

    Display texts are stored in the default language (Swedish), whoever approves, so that
    versions compare alike. The ids match goals and measures between versions; each measure
    is described by plans/measures.py. Older versions may lack some keys. generate_region
    (core/demo/region.py) builds the same shape from plain rows: change both together.
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
        "measures": [measures.describe(m) for m in measures.related(plan.measures.all())],
    }


@transaction.atomic
def approve_version(request, plan, attendees: str, meeting) -> PlanVersion:
    """At the SIP meeting: the draft becomes an immutable, numbered version, approved at that
    meeting and on its day. A meeting that has not begun approves nothing, and the same plan
    is not approved twice."""
    lifecycle.require_approvable(plan)
    if meeting is None or not lifecycle.meetings_begun(plan).filter(pk=meeting.pk).exists():
        raise Refused(_("The plan is approved at a SIP meeting of this plan that has begun."))
    Plan.objects.select_for_update().get(pk=plan.pk)  # one approval at a time: numbers unique
    content = snapshot(plan)
    latest = plan.versions.first()
    if latest is not None and not compare(latest.content, content).has_changes:
        raise Refused(
            _("Nothing has changed since version %(number)s was approved on %(day)s.")
            % {"number": latest.number, "day": latest.approved_on}
        )
    version = PlanVersion.objects.create(
        plan=plan,
        number=(latest.number if latest else 0) + 1,
        meeting=meeting,
        approved_on=timezone.localdate(meeting.starts_at),
        approved_by=request.user,
        attendees=attendees,
        content=content,
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
        raise Refused(_("Describe the reason when you choose 'Other'."))
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
