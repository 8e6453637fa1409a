"""The invitation e-mail to staff, functional mailboxes and interpreters, with its calendar file.

It says when and where, and links to samordna and to the confirmation page; it never names
the child (OSL) — the letter on paper and samordna carry the content.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from samordna.documents import mail as documents_mail
from samordna.meetings import ics, links
from samordna.meetings.models import Meeting, Participant

REQUEST, CANCEL = "REQUEST", "CANCEL"
# A reminder is the invitation again (METHOD:REQUEST) under another subject.
REMINDER = "REMINDER"
# Taken off the meeting, which goes on without them: their calendar entry is cancelled.
REMOVED = "REMOVED"


def when(meeting: Meeting) -> str:
    start = timezone.localtime(meeting.starts_at)
    end = timezone.localtime(meeting.ends_at)
    return _("%(day)s, %(start)s–%(end)s") % {
        "day": formats.date_format(start, "l j F Y"),
        "start": formats.time_format(start, "H.i"),
        "end": formats.time_format(end, "H.i"),
    }


def invitation_email(participant: Participant, method: str) -> EmailMessage:
    calendar_method = CANCEL if method in (CANCEL, REMOVED) else REQUEST
    with translation.override(settings.LANGUAGE_CODE):
        meeting = participant.meeting
        page = settings.SITE_URL.rstrip("/") + reverse(
            "meetings:detail", args=[meeting.plan_id, meeting.pk]
        )
        if method == CANCEL:
            subject = _("Cancelled: %(kind)s %(when)s")
            lines = [_("The meeting has been cancelled. Your calendar entry is removed.")]
        elif method == REMOVED:
            subject = _("No longer invited: %(kind)s %(when)s")
            lines = [
                _("You are no longer invited to this meeting. Your calendar entry is removed.")
            ]
        else:
            if method == REMINDER:
                subject = _("Reminder – please answer: %(kind)s %(when)s")
            elif meeting.sequence == 0:
                subject = _("Invitation: %(kind)s %(when)s")
            else:
                subject = _("Moved: %(kind)s %(when)s")
            lines = [_("You are invited to a meeting about a coordinated individual plan (SIP).")]
            if participant.kind == Participant.Kind.FUNCTION:
                lines.append(
                    _("Your unit is invited as a function: %(function)s. Say who will come.")
                    % {
                        "function": participant.function.title
                        or participant.function.get_kind_display()
                    }
                )
            elif participant.kind == Participant.Kind.UNIT:
                lines.append(_("Your unit is invited to send a representative. Say who will come."))
        subject = subject % {"kind": meeting.get_kind_display(), "when": when(meeting)}
        lines += ["", _("Time: %(when)s") % {"when": when(meeting)}]
        if meeting.place:
            lines.append(_("Place: %(place)s") % {"place": meeting.place})
        if meeting.link:
            lines.append(_("Digital participation: %(link)s") % {"link": meeting.link})
        if calendar_method == REQUEST:
            lines += ["", _("Please answer whether you are coming:"), links.url_for(participant)]
        if method != REMOVED:
            lines += [
                "",
                _("The purpose, the questions and the agenda are in samordna:"),
                page,
            ]
        if meeting.unit_id:
            contact = meeting.unit.name + (f", {meeting.unit.phone}" if meeting.unit.phone else "")
            lines += ["", _("Contact: %(contact)s") % {"contact": contact}]
        message = documents_mail.message(
            "mail_invitation", subject, "\n".join(lines), [participant.email_address]
        )
        message.attach(
            "sip-mote.ics",
            ics.calendar_file(meeting, participant, method=calendar_method),
            f"text/calendar; charset=utf-8; method={calendar_method}",
        )
        return message
