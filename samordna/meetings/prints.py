"""The meeting's papers as PDF: an invitation letter, all letters as one batch (a background
job with a progress bar), the protocol, and the cancellation letters of a cancelled meeting.
Each print is logged against the child; file names carry no name or number."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from samordna.audit.models import Action
from samordna.documents.jobs import start_job
from samordna.documents.pdf import attachment
from samordna.meetings import cancellations, letters, protocol
from samordna.meetings.access import convenes, convenes_or_convened, get_meeting_or_404, require
from samordna.meetings.models import Meeting


@login_required
@require_GET
def letter(request: HttpRequest, plan_pk: int, pk: int, participant_pk: int) -> HttpResponse:
    meeting = get_meeting_or_404(request, plan_pk, pk, action=Action.PRINT)
    require(convenes(request, meeting))
    participant = get_object_or_404(meeting.participants, pk=participant_pk)
    if not participant.by_post:
        return redirect("meetings:detail", plan_pk=plan_pk, pk=pk)
    return attachment(letters.letter_pdf(participant, unit=request.acting_unit), "kallelse")


@login_required
@require_POST
def letters_batch(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    """All letters of the meeting in one PDF, built in the background with a progress bar."""
    meeting = get_meeting_or_404(request, plan_pk, pk, action=Action.PRINT)
    require(convenes(request, meeting))
    job = start_job(
        request,
        "meeting_letters",
        title=_("Invitation letters, %(meeting)s") % {"meeting": meeting},
        params={"meeting": meeting.pk},
        child=meeting.plan.child,
    )
    return redirect(job.get_absolute_url())


@login_required
@require_GET
def protocol_pdf(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    meeting = get_meeting_or_404(request, plan_pk, pk, action=Action.PRINT)
    if meeting.status != Meeting.Status.HELD:
        return redirect("meetings:detail", plan_pk=plan_pk, pk=pk)
    return attachment(protocol.protocol_pdf(meeting, unit=request.acting_unit), "sip-protokoll")


@login_required
@require_GET
def protocol_post(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    """The protocol with a cover letter for each of the family, to post."""
    meeting = get_meeting_or_404(request, plan_pk, pk, action=Action.PRINT)
    require(convenes(request, meeting))
    if meeting.status != Meeting.Status.HELD:
        return redirect("meetings:detail", plan_pk=plan_pk, pk=pk)
    return attachment(
        protocol.protocol_for_post(meeting, unit=request.acting_unit), "sip-protokoll-post"
    )


@login_required
@require_GET
def cancellation_letters(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    """A cancelled meeting: a letter to each who was invited by letter, to post. For the
    leading unit, and for the convening unit (the SIP may have closed since)."""
    meeting = get_meeting_or_404(request, plan_pk, pk, action=Action.PRINT)
    require(convenes_or_convened(request, meeting))
    if meeting.status != Meeting.Status.CANCELLED:
        return redirect("meetings:detail", plan_pk=plan_pk, pk=pk)
    content = cancellations.cancellation_letters_pdf(meeting, unit=request.acting_unit)
    return attachment(content, "installt-mote")
