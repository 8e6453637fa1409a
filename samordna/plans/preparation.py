"""The convener's preparation and the booking of the SIP meeting."""

from django.db import transaction

from samordna.audit.models import Action
from samordna.audit.services import log_access
from samordna.plans import lifecycle
from samordna.plans.models import Preparation, Status
from samordna.plans.services import StaleEdit


def preparation_of(plan) -> Preparation:
    preparation, _created = Preparation.objects.get_or_create(plan=plan)
    return preparation


@transaction.atomic
def save_preparation(request, plan, form) -> Preparation:
    lifecycle.require_open(plan)
    current = Preparation.objects.select_for_update().get(pk=form.instance.pk)
    if current.version != form.cleaned_data["version"]:
        raise StaleEdit(current)
    preparation = form.save(commit=False)
    preparation.version = current.version + 1
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
    meeting.booked_by = request.user
    meeting.save()
    lifecycle.advance(plan, Status.BOOKED)
    plan.save(update_fields=["status"])
    log_access(request, child=plan.child, obj=meeting, action=Action.CREATE)
    return meeting
