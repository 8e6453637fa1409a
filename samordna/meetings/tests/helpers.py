"""What the meeting tests share: booking through the real page, URLs, reading the e-mail."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from samordna.meetings.models import Meeting

IN_A_MONTH = timedelta(days=30)

# The minutes as the hold page posts them, read at version 1.
MINUTES = {
    "version": 1,
    "presentation_done": "on",
    "purpose_read": "on",
    "situation": "Alva berättar att rasterna är svåra.",
    "actors_views": "BUP: utredning pågår.",
    "plan_read_aloud": "on",
    "other_notes": "",
}


def book(client, plan, when=None, **fields) -> Meeting:
    starts = timezone.localtime(when or timezone.now() + IN_A_MONTH).replace(
        second=0, microsecond=0
    )
    data = {
        "kind": "first",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": 90,
        "place": "Rum 12, Testskolan",
        "link": "",
        "short_notice_reason": "",
        **fields,
    }
    response = client.post(reverse("plans:book_meeting", args=[plan.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return plan.meetings.latest("pk")


def begin(meeting) -> Meeting:
    """The day has come: the meeting began five minutes ago. (The meeting is moved, not the
    clock, which would end the test client's session.)"""
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(minutes=5))
    meeting.refresh_from_db()
    return meeting


def url(name, meeting, *args) -> str:
    return reverse(f"meetings:{name}", args=[meeting.plan_id, meeting.pk, *args])


def ics_of(message) -> Calendar:
    (attachment,) = [a for a in message.attachments if a[0].endswith(".ics")]
    return Calendar.from_ical(attachment[1])


def confirm_url(message) -> str:
    return re.search(r"https?://\S+/svar/\S+/", message.body).group(0)


def page(response) -> str:
    """A page's text with runs of white space as one space."""
    return " ".join(response.content.decode().split())
