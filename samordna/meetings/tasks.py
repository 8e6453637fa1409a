"""Invitations by e-mail, sent in the background. Arguments are ids only: the task table
must never hold personal data."""

from django_tasks import task

from samordna.meetings.mail import REMOVED, invitation_email
from samordna.meetings.models import Meeting, Participant
from samordna.notifications.tasks import send_once


@task()
def send_invitation(participant_pk: int, sequence: int, method: str, attempt: int = 0) -> bool:
    """One invitation (or cancellation) for one version of the meeting, sent once."""
    participant = (
        Participant.objects.select_related("meeting__unit", "user", "function__unit")
        .filter(pk=participant_pk)
        .first()
    )
    if participant is None or not participant.email_address:
        return False
    if method != "CANCEL" and participant.invited_sequence != sequence:
        return False  # the meeting moved again before this ran: a newer invitation follows
    return send_once(
        f"invitation:{participant_pk}:{sequence}:{method}",
        invitation_email(participant, method),
        retry=send_invitation,
        args=(participant_pk, sequence, method),
        attempt=attempt,
    )


# The invitee a removal names, by kind: the field its id is for.
TARGETS = {
    Participant.Kind.STAFF: "user_id",
    Participant.Kind.FUNCTION: "function_id",
    Participant.Kind.UNIT: "unit_id",
}


@task()
def send_removal(meeting_pk: int, sequence: int, kind: str, target_pk: int, attempt: int = 0):
    """The calendar's CANCEL to an invitee taken off a meeting (by the convener, or because
    no consent covers their unit any more). The participant row is gone: the address is
    found again from the person, function or unit the ids name."""
    meeting = Meeting.objects.select_related("unit").filter(pk=meeting_pk).first()
    if meeting is None or kind not in TARGETS:
        return False
    former = Participant(meeting=meeting, kind=kind, **{TARGETS[kind]: target_pk})
    if not former.email_address:
        return False
    return send_once(
        f"removed:{meeting_pk}:{sequence}:{kind}:{target_pk}",
        invitation_email(former, REMOVED),
        retry=send_removal,
        args=(meeting_pk, sequence, kind, target_pk),
        attempt=attempt,
    )
