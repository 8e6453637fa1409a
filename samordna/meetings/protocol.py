"""The protocol (protokoll) of a SIP meeting (seed 004 §4.4): who took part and in what role,
the minutes in the order of the agenda, the plan as approved, and the next meeting.

Every participant gets a copy: staff in samordna, the family by post, each copy with a
cover page for the window envelope (`protocol_for_post`). The protocol itself prints no
address of anyone; the cover page prints the recipient's own, under the same protected-
identity rule as the invitation letters.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from samordna.documents import pdf
from samordna.documents.letters import language_of, split_letters
from samordna.meetings import letters, mail
from samordna.meetings.models import Meeting, Participant
from samordna.plans import measures, services

POST = "protocol_post"


def protocol_pdf(meeting: Meeting, *, unit) -> bytes:
    """The protocol, in the default language. `unit` is the printing unit."""
    meeting = _loaded(meeting)
    return pdf.write_pages(_document(meeting, unit, settings.LANGUAGE_CODE, "protocol"))


def protocol_for_post(meeting: Meeting, *, unit) -> bytes:
    """One copy per postal participant, in the recipient's language, each after a cover page
    with the window address. The protocol is laid out once per language and its pages are
    drawn again in each copy; each copy counts its own pages."""
    meeting = _loaded(meeting)
    recipients = letters.postal_participants(meeting)
    sender = letters.sender(meeting, unit)
    today = timezone.localdate()
    covers = []
    for participant in recipients:
        language = language_of(participant.person)
        with translation.override(language):
            covers.append(
                render_to_string(
                    "meetings/pdf/_protocol_cover.html",
                    {
                        "language": language,
                        "meeting": meeting,
                        "child": meeting.plan.child,
                        "recipient": participant,
                        "address": letters.window_address(participant),
                        "sender": sender,
                        "today": today,
                        "when": mail.when(meeting),
                    },
                )
            )
    html = render_to_string("meetings/pdf/protocol_post.html", {"covers": covers})
    document = pdf.render(POST, html)
    if not recipients:
        return pdf.write_pages(document)
    copies: dict[str, list] = {}
    pages = []
    for participant, cover in zip(recipients, split_letters(document.pages, "cover-"), strict=True):
        language = language_of(participant.person)
        if language not in copies:
            copies[language] = _document(meeting, unit, language, POST).pages
        pages += cover + copies[language]
    return pdf.write_pages(document, pages)


# --- The parts ---------------------------------------------------------------------------
ROLES = (
    ("convener_id", _("Convener")),
    ("leader_id", _("Meeting leader")),
    ("note_taker_id", _("Note-taker")),
)


def roles_of(meeting: Meeting, participant: Participant) -> list:
    """The roles agreed for the meeting that this participant held."""
    if not participant.user_id:
        return []
    return [label for field, label in ROLES if getattr(meeting, field) == participant.user_id]


def approved_plan(meeting: Meeting) -> tuple[dict, object]:
    """(content, version): the version approved at this meeting; else the one in force on
    its day (approved at an earlier meeting); else the draft (version None)."""
    versions = meeting.plan.versions.select_related("meeting")
    version = versions.filter(meeting=meeting).first() or (
        versions.filter(approved_on__lte=timezone.localdate(meeting.starts_at))
        .exclude(meeting__starts_at__gt=meeting.starts_at)
        .first()
    )
    if version is not None:
        return version.content, version
    return services.snapshot(meeting.plan), None


def _loaded(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_related(
        "plan__child__registered_by_unit",
        "unit__principal",
        "convener",
        "leader",
        "note_taker",
        "next_meeting",
    ).get(pk=meeting.pk)


def _body(meeting: Meeting, unit) -> str:
    """The protocol's pages, rendered in the current language."""
    participants = meeting.participants.select_related(
        "user", "unit", "function__unit", "guardian", "relative", "trustee"
    ).order_by("pk")
    content, version = approved_plan(meeting)
    return render_to_string(
        "meetings/pdf/_protocol.html",
        {
            "meeting": meeting,
            "plan": meeting.plan,
            "child": meeting.plan.child,
            "when": mail.when(meeting),
            "next_when": mail.when(meeting.next_meeting) if meeting.next_meeting else "",
            "rows": [
                {
                    "name": participant.display_name,
                    "label": letters.invitee_label(participant),
                    "roles": roles_of(meeting, participant),
                    "attendance": participant.get_attendance_display()
                    if participant.attendance
                    else "",
                }
                for participant in participants
            ],
            "content": content,
            "version": version,
            "printing_unit": unit,
            "printed_at": timezone.now(),
            **measures.law_points(content.get("measures", [])),
        },
    )


def _document(meeting: Meeting, unit, language: str, kind: str):
    """The protocol laid out (a WeasyPrint document) in `language`."""
    with translation.override(language):
        html = render_to_string(
            "meetings/pdf/protocol.html", {"body": _body(meeting, unit), "meeting": meeting}
        )
    return pdf.render(kind, html)
