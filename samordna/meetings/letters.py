"""The invitation letter (kallelse) on paper, for the child, the guardians, the relatives and
the trustee (seed 004 §4.3.4), one A4 letter each, in the recipient's language.

The letter carries the content of the regional form. Its first page: whom it concerns, time
and place, whom to contact, and how to answer: the personal confirmation link as text and
as a QR code. Overleaf: the question and purpose, who is invited, "Vad är viktigt för dig?"
to think about beforehand, and what consent means.

It shows one address only: the recipient's own, in the envelope window. A recipient with
protected personal data gets the letter through the unit that registered them ("c/o" that
unit, documents.postal), whoever prints it. Letters are printed after `services.send_invitations`
has given each participant a link; a participant who has answered gets no link.

A function, a unit's representative or an interpreter without an e-mail address gets the
staff variant (`_letter_staff.html`): the e-mail's content on one page, to the unit's postal
address or the interpreter's own, naming no child and with nothing for the family.
"""

from collections.abc import Callable
from datetime import timedelta

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samordna.documents import pdf
from samordna.documents.letters import language_of, sender_block, split_letters
from samordna.meetings import links, mail
from samordna.meetings.models import Meeting, Participant

KIND = "invitation_letters"
# Letters per WeasyPrint run in a batch: the progress is reported after each chunk.
CHUNK = 50
# Invitees named in a letter; more are counted ("and 12 more"), so a letter keeps to 2 pages.
NAMED_INVITEES = 10

Progress = Callable[[int, int], None]


def postal_participants(meeting: Meeting) -> list[Participant]:
    """The participants invited by letter, with their person and its registering unit."""
    meeting = _loaded(meeting)
    participants = (
        meeting.participants.filter(kind__in=Participant.FAMILY)
        .select_related(
            "guardian__registered_by_unit",
            "relative__registered_by_unit",
            "trustee__registered_by_unit",
        )
        .order_by("pk")
    )
    return list(participants)


def letter_pdf(participant: Participant, *, unit) -> bytes:
    """One letter. `unit` is the printing unit: the sender when the meeting names none."""
    meeting = _loaded(participant.meeting)
    participant.meeting = meeting
    return _letters_pdf(meeting, [participant], unit)


def letter_recipients(meeting: Meeting) -> list[Participant]:
    """Everyone invited by letter: the family, then those of staff without e-mail."""
    family = [p for p in postal_participants(meeting) if p.by_post]
    others = meeting.participants.exclude(kind__in=Participant.FAMILY).select_related(
        "user", "unit", "function__unit"
    )
    return family + [p for p in others.order_by("pk") if p.by_post]


def batch_pdf(meeting: Meeting, *, unit, progress: Progress | None = None) -> bytes:
    """Every letter of the meeting in one PDF, each starting on a new page and counting its
    own pages. `progress(done, total)` is called after each chunk of letters."""
    meeting = _loaded(meeting)
    recipients = letter_recipients(meeting)
    if not recipients:
        return pdf.write(KIND, _document([render_to_string("meetings/pdf/_no_letters.html")]))
    return _letters_pdf(meeting, recipients, unit, progress)


def _letters_pdf(meeting: Meeting, recipients, unit, progress: Progress | None = None) -> bytes:
    """The letters as one PDF.

    A letter's first page is the recipient's own (address, link, QR code); the pages after
    it are the same for every recipient reading the same language, so they are laid out
    once per language and the same pages are drawn again in each letter. The first pages
    are laid out CHUNK at a time, one WeasyPrint run each. WeasyPrint's time goes to laying
    out text, whatever the CSS, so laying out less text is what makes the batch fast.
    """
    invitees = _invitees(meeting)
    today = timezone.localdate()
    rests: dict[tuple[str, int], list] = {}
    documents, pages = [], []
    total = len(recipients)
    for start in range(0, total, CHUNK):
        chunk = recipients[start : start + CHUNK]
        fronts = [_front(participant, meeting, unit, today) for participant in chunk]
        document = pdf.render(KIND, _document(fronts))
        documents.append(document)
        for participant, own in zip(chunk, split_letters(document.pages, "letter-"), strict=True):
            if participant.kind not in Participant.FAMILY:
                pages += own  # the staff variant: its own page, nothing for the family
                continue
            key = (language_of(participant.person), len(own) + 1)
            if key not in rests:
                rests[key] = _rest(meeting, invitees, unit, *key)
            pages += own + rests[key]
        if progress is not None:
            progress(start + len(chunk), total)
    return pdf.write_pages(documents[0], pages)


# --- The parts ---------------------------------------------------------------------------
def window_address(participant: Participant) -> list[str]:
    """The lines in the envelope window: the recipient's own address, or "c/o" the unit
    that registered a protected one, or the unit a function or representative is reached at
    (documents.postal, through Participant.envelope)."""
    return participant.envelope


def sender(meeting: Meeting, unit) -> dict:
    """The unit that convenes (the printing unit if none is recorded): sender and contact."""
    return sender_block(meeting.unit or unit, meeting.convener)


def invitee_label(participant: Participant) -> str:
    """What the invitee is there as: their unit, or their part in the family."""
    if participant.kind == Participant.Kind.RELATIVE and participant.relative_id:
        return participant.relative.relation
    if participant.kind == Participant.Kind.INTERPRETER:
        label = str(participant.get_kind_display())
        return f"{label}, {participant.language}" if participant.language else label
    if participant.kind in Participant.FAMILY:
        return str(participant.get_kind_display())
    return participant.unit.name if participant.unit_id else ""


def qr_code(url: str) -> str:
    """The link as a QR code: a PNG data URI, one pixel a module, which the print CSS scales
    up without smoothing. A fixed mask pattern spares segno trying all eight (any mask is a
    valid code; the choice only tunes contrast): 3 ms a code instead of 17 ms, and a PNG
    draws far faster in WeasyPrint than the SVG path of the same code."""
    return segno.make(url, error="m", mask=0).png_data_uri(scale=1, border=0)


def _loaded(meeting: Meeting) -> Meeting:
    """The meeting with what every letter reads, fetched once."""
    return Meeting.objects.select_related(
        "plan__child__registered_by_unit",
        "unit__principal",
        "convener",
    ).get(pk=meeting.pk)


def _invitees(meeting: Meeting) -> list[Participant]:
    """Everyone invited, relatives last (the letter names the first NAMED_INVITEES)."""
    participants = meeting.participants.select_related(
        "user", "unit", "function__unit", "guardian", "relative", "trustee"
    ).order_by("pk")
    return sorted(participants, key=lambda p: p.kind == Participant.Kind.RELATIVE)


def _answer_by(meeting: Meeting, today):
    """One week before the meeting (seed 004 §4.3.4), if that is still ahead."""
    day = timezone.localtime(meeting.starts_at).date() - timedelta(days=7)
    return day if day > today else None


def _title(meeting: Meeting) -> str:
    if meeting.kind == Meeting.Kind.FOLLOW_UP:
        return _("Invitation to a follow-up meeting (SIP)")
    return _("Invitation to a SIP meeting")


def _front(participant: Participant, meeting: Meeting, unit, today) -> str:
    """A letter's first page, rendered in the recipient's language."""
    if participant.kind not in Participant.FAMILY:
        return _staff_front(participant, meeting, unit, today)
    link = links.url_for(participant) if participant.link_nonce else ""
    language = language_of(participant.person)
    with translation.override(language):
        return render_to_string(
            "meetings/pdf/_letter.html",
            {
                "language": language,
                "title": _title(meeting),
                "meeting": meeting,
                "child": meeting.plan.child,
                "recipient": participant,
                "is_child": participant.kind == Participant.Kind.CHILD,
                "address": window_address(participant),
                "sender": sender(meeting, unit),
                "today": today,
                "when": mail.when(meeting),
                "answer_by": _answer_by(meeting, today),
                "link": link,
                "qr": qr_code(link) if link else "",
            },
        )


def _staff_front(participant: Participant, meeting: Meeting, unit, today) -> str:
    """The staff variant, in the default language: no child, no family text."""
    link = links.url_for(participant) if participant.link_nonce else ""
    page = ""
    if participant.kind != Participant.Kind.INTERPRETER:  # not a samordna user
        path = reverse("meetings:detail", args=[meeting.plan_id, meeting.pk])
        page = settings.SITE_URL.rstrip("/") + path
    function = participant.function if participant.function_id else None
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "meetings/pdf/_letter_staff.html",
            {
                "language": settings.LANGUAGE_CODE,
                "title": _title(meeting),
                "meeting": meeting,
                "recipient": participant,
                "function_title": function and (function.title or function.get_kind_display()),
                "address": window_address(participant),
                "sender": sender(meeting, unit),
                "today": today,
                "when": mail.when(meeting),
                "answer_by": _answer_by(meeting, today),
                "link": link,
                "qr": qr_code(link) if link else "",
                "page": page,
            },
        )


def _rest(meeting: Meeting, invitees, unit, language: str, first_page: int) -> list:
    """The pages after the first, in `language`, numbered from `first_page`."""
    with translation.override(language):
        section = render_to_string(
            "meetings/pdf/_letter_rest.html",
            {
                "language": language,
                "title": _title(meeting),
                "meeting": meeting,
                "plan": meeting.plan,
                "child": meeting.plan.child,
                "sender": sender(meeting, unit),
                "invitees": [
                    (invitee.display_name, invitee_label(invitee))
                    for invitee in invitees[:NAMED_INVITEES]
                ],
                "more": max(len(invitees) - NAMED_INVITEES, 0),
            },
        )
        html = _document([section], first_page=first_page)
    return pdf.render(KIND, html).pages


def _document(sections: list[str], first_page: int = 1) -> str:
    return render_to_string(
        "meetings/pdf/letters.html", {"sections": sections, "first_page": first_page}
    )
