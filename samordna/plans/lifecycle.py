"""The SIP's lifecycle in one place: which step may follow which, and what each one needs.

draft → consent (a valid consent) → booked (a SIP meeting booked) → active (a version
approved at the meeting) → closed (with a reason). Follow-ups happen while active.
An illegal step raises Refused with a Swedish message saying what is missing.
"""

from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from samordna.core.refusals import Refused
from samordna.plans.models import Status

ORDER = [Status.DRAFT, Status.CONSENT, Status.BOOKED, Status.ACTIVE, Status.CLOSED]


def require_open(plan) -> None:
    if plan.is_closed:
        raise Refused(_("The SIP is closed and can only be read."))


def require_consent(plan) -> None:
    require_open(plan)
    if not plan.consents.valid().exists():
        raise Refused(_("The plan needs a valid consent from the child and the guardians first."))


def require_at_least(plan, status: str, message) -> None:
    require_open(plan)
    if ORDER.index(plan.status) < ORDER.index(status):
        raise Refused(message)


def require_approved(plan) -> None:
    require_at_least(plan, Status.ACTIVE, _("A follow-up needs an approved plan to follow up."))


def meetings_begun(plan):
    """The plan's meetings that have begun and were not cancelled, latest first: where the
    plan can be approved and a coordinator appointed."""
    from samordna.meetings.models import Meeting

    return plan.meetings.started().exclude(status=Meeting.Status.CANCELLED).order_by("-starts_at")


def approval_gaps(plan) -> list:
    """What the plan still lacks to be approved at the SIP meeting, in the routine's order:
    a meeting under way or held, the coordinator and the overall responsibility, and every
    joint measure with goal, measure, responsible and time (seed 001)."""
    gaps = []
    if ORDER.index(plan.status) < ORDER.index(Status.BOOKED):
        gaps.append(_("Book the SIP meeting before the plan can be approved at it."))
    elif not meetings_begun(plan).exists():
        gaps.append(_("The plan is approved at the SIP meeting, once the meeting has begun."))
    if plan.overall_responsibility_id is None or plan.coordinator_id is None:
        gaps.append(_("Name the principal with overall responsibility and the coordinator first."))
    measures = list(plan.measures.all())
    if not measures:
        gaps.append(_("Write down at least one measure before approving."))
    for number, measure in enumerate(measures, start=1):
        if measure.is_unassigned:
            continue  # a need no one has taken on: shown as such, not a gap of the plan
        missing = [
            label
            for label, present in ((_("a goal"), measure.goal_id), (_("a time"), measure.has_time))
            if not present
        ]
        if missing:
            gaps.append(
                _("Measure %(number)s (%(measure)s) lacks %(missing)s.")
                % {
                    "number": number,
                    "measure": Truncator(measure.description).chars(40),
                    "missing": _(" and ").join(str(label) for label in missing),
                }
            )
    return gaps


def require_approvable(plan) -> None:
    require_open(plan)
    gaps = approval_gaps(plan)
    if gaps:
        raise Refused(gaps[0])


def advance(plan, status: str) -> None:
    """Move forward to `status` (never backwards); the caller saves the plan."""
    if ORDER.index(status) > ORDER.index(plan.status):
        plan.status = status


def close(plan, reason: str, note: str = "") -> None:
    require_open(plan)
    plan.status = Status.CLOSED
    plan.closed_at = timezone.now()
    plan.closure_reason = reason
    plan.closure_note = note
