"""Invitations by e-mail, sent in the background. Arguments are ids only: the task table
must never hold personal data."""

from django_tasks import task

from samordna.meetings.mail import invitation_email
from samordna.meetings.models import Participant
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
