"""The confirmation link in an invitation: signed, single-use, expiring, no login.

The token names the participant and a nonce stored on the participant. Answering clears
the nonce, and a new invitation (the meeting moved) replaces it, so a link works once and
only for the invitation it came with. It expires after MEETING_LINK_DAYS or when the
meeting has begun, whichever comes first.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from samordna.meetings.models import Meeting, Participant

SALT = "samordna.meetings.confirmation"


class State:
    VALID = "valid"
    USED = "used"
    EXPIRED = "expired"
    INVALID = "invalid"


@dataclass
class Reading:
    state: str
    participant: Participant | None = None


def token_for(participant: Participant) -> str:
    return signing.dumps({"p": participant.pk, "n": participant.link_nonce}, salt=SALT)


def url_for(participant: Participant) -> str:
    path = reverse("meetings:confirm", args=[token_for(participant)])
    return settings.SITE_URL.rstrip("/") + path


def read(token: str) -> Reading:
    max_age = timedelta(days=settings.MEETING_LINK_DAYS)
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        return Reading(State.EXPIRED)
    except signing.BadSignature:
        return Reading(State.INVALID)
    participant = (
        Participant.objects.select_related("meeting__unit", "function__unit", "unit")
        .filter(pk=data.get("p"))
        .first()
    )
    if participant is None:
        return Reading(State.INVALID)
    meeting = participant.meeting
    if meeting.status != Meeting.Status.BOOKED or meeting.starts_at <= timezone.now():
        return Reading(State.EXPIRED, participant)
    if not participant.link_nonce or participant.link_nonce != data.get("n"):
        return Reading(State.USED, participant)
    return Reading(State.VALID, participant)
