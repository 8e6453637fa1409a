"""The calendar file sent with an invitation (RFC 5545, via icalendar).

One UID for the meeting's whole life and a SEQUENCE that grows with every move, so a
calendar replaces the entry it has; a cancellation is METHOD:CANCEL with the same UID. The
file names no child: a calendar is shared and synced to phones (OSL).
"""

from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from samordna.meetings.models import Meeting, Participant

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def calendar_file(meeting: Meeting, participant: Participant, *, method: str) -> bytes:
    """A REQUEST (invite or move) or CANCEL for one participant."""
    calendar = Calendar()
    calendar.add("prodid", "-//samordna//SIP//SV")
    calendar.add("version", "2.0")
    calendar.add("method", method)

    event = Event()
    event.add("uid", f"{meeting.uid}@samordna")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(STOCKHOLM))
    event.add("dtend", meeting.ends_at.astimezone(STOCKHOLM))
    event.add("summary", meeting.get_kind_display())
    if meeting.place:
        event.add("location", meeting.place)
    if meeting.link:
        event.add("url", meeting.link)
    page = settings.SITE_URL.rstrip("/") + reverse(
        "meetings:detail", args=[meeting.plan_id, meeting.pk]
    )
    event.add(
        "description", _("The invitation and the agenda are in samordna: %(url)s") % {"url": page}
    )
    if method == "CANCEL":
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    organizer = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organizer.params["cn"] = vText(meeting.unit.name if meeting.unit_id else "samordna")
    event["organizer"] = organizer
    attendee = vCalAddress(f"mailto:{participant.email_address}")
    attendee.params["partstat"] = vText(_partstat(participant))
    attendee.params["rsvp"] = vText("FALSE")
    event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _partstat(participant: Participant) -> str:
    return {
        Participant.Response.ACCEPTED: "ACCEPTED",
        Participant.Response.DECLINED: "DECLINED",
    }.get(participant.response, "NEEDS-ACTION")
