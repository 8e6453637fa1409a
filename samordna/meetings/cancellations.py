"""The letters that tell those invited by letter that a meeting is cancelled: one letter
each for a window envelope, printed from the cancelled meeting's page.

Those invited by e-mail got the calendar's CANCEL (services.cancel); the family, and a
function, unit or interpreter invited by letter, were sent a paper invitation and are told
on paper. A family member's letter is in their language and goes to their own address, or
"c/o" the unit that registered a protected one (documents.postal); a letter to staff names
no child, as their invitation did not.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from samordna.documents import pdf
from samordna.documents.letters import language_of
from samordna.meetings import letters, mail
from samordna.meetings.models import Meeting, Participant

KIND = "cancellation_letters"


def recipients(meeting: Meeting) -> list[Participant]:
    """Those who were sent an invitation by letter: the family first."""
    return [p for p in letters.letter_recipients(meeting) if p.invited_sequence is not None]


def cancellation_letters_pdf(meeting: Meeting, *, unit) -> bytes:
    """One letter per recipient, each on its own page. `unit` is the printing unit: the
    sender when the meeting names none."""
    meeting = letters._loaded(meeting)
    sender = letters.sender(meeting, unit)
    today = timezone.localdate()
    sections = [_letter(participant, meeting, sender, today) for participant in recipients(meeting)]
    if not sections:
        sections = [render_to_string("meetings/pdf/_no_cancellation_letters.html")]
    html = render_to_string("meetings/pdf/cancellation_letters.html", {"sections": sections})
    return pdf.write(KIND, html)


def _letter(participant: Participant, meeting: Meeting, sender: dict, today) -> str:
    family = participant.kind in Participant.FAMILY
    language = language_of(participant.person) if family else settings.LANGUAGE_CODE
    with translation.override(language):
        return render_to_string(
            "meetings/pdf/_cancellation_letter.html",
            {
                "language": language,
                "meeting": meeting,
                "plan": meeting.plan,
                "child": meeting.plan.child if family else None,
                "is_child": participant.kind == Participant.Kind.CHILD,
                "recipient": participant,
                "address": letters.window_address(participant),
                "sender": sender,
                "today": today,
                "when": mail.when(meeting),
            },
        )
