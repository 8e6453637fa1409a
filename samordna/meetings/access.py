"""Who may read a meeting and who may run it.

Reading a meeting is reading its plan (the one access rule, logged by get_plan_or_404); the
leading unit convenes, and the meeting's leader and note-taker may also keep the minutes.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from samordna.audit.models import Action
from samordna.meetings.models import Meeting
from samordna.plans.access import get_plan_or_404, leads


def get_meeting_or_404(request, plan_pk, pk, *, action: str = Action.VIEW) -> Meeting:
    plan = get_plan_or_404(request, plan_pk, action=action)
    meeting = get_object_or_404(
        Meeting.objects.select_related("unit", "convener", "leader", "note_taker"),
        plan=plan,
        pk=pk,
    )
    meeting.plan = plan
    return meeting


def convenes(request, meeting) -> bool:
    return leads(request, meeting.plan)


def convenes_or_convened(request, meeting) -> bool:
    """The leading unit, or the unit that convened the meeting (the lead may have moved)."""
    unit = request.acting_unit
    return convenes(request, meeting) or (unit is not None and meeting.unit_id == unit.pk)


def runs(request, meeting) -> bool:
    """The leading unit, or the meeting's convener, leader or note-taker."""
    return convenes(request, meeting) or request.user.pk in (
        meeting.convener_id,
        meeting.leader_id,
        meeting.note_taker_id,
    )


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("Only the convening unit and the meeting's roles may do this."))
