"""The convener's preparation and the booking of the SIP meeting."""

from django.db import transaction

from samordna.audit.models import Action
from samordna.audit.services import log_access
from samordna.core.versioning import next_version
from samordna.meetings.services import invite_from_preparation
from samordna.plans import lifecycle
from samordna.plans.models import Preparation, Status


def preparation_of(plan) -> Preparation:
    preparation, _created = Preparation.objects.get_or_create(plan=plan)
    return preparation


@transaction.atomic
def save_preparation(request, plan, form) -> Preparation:
    lifecycle.require_open(plan)
    version = next_version(Preparation, form.instance.pk, form.cleaned_data["version"])
    preparation = form.save(commit=False)
    preparation.version = version
    preparation.save()
    form.save_m2m()
    log_access(request, child=plan.child, obj=preparation, action=Action.UPDATE)
    return preparation


@transaction.atomic
def book_meeting(request, plan, form):
    """Book the SIP meeting; a valid consent must come first."""
    lifecycle.require_consent(plan)
    meeting = form.save(commit=False)
    meeting.plan = plan
    meeting.booked_by = meeting.convener = request.user
    meeting.unit = request.acting_unit
    meeting.save()
    invite_from_preparation(meeting, request.acting_unit)
    lifecycle.advance(plan, Status.BOOKED)
    plan.save(update_fields=["status"])
    log_access(request, child=plan.child, obj=meeting, action=Action.CREATE)
    return meeting
