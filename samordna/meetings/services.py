"""What happens to a meeting: who is invited, invitations sent, answers, the minutes, moving,
cancelling and closing it. Views call these; each runs in one transaction and logs the
change against the child.
"""

from functools import partial

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.audit.models import Action
from samordna.audit.services import log_access
from samordna.core.versioning import next_version
from samordna.meetings.mail import CANCEL, REQUEST
from samordna.meetings.models import Meeting, Participant
from samordna.meetings.tasks import send_invitation
from samordna.notifications.models import Kind
from samordna.notifications.service import notify
from samordna.plans import lifecycle


class MeetingRefused(Exception):
    """A step the meeting's state does not allow; the message says why, in Swedish."""


def require_open(meeting: Meeting) -> None:
    if not meeting.is_open:
        raise MeetingRefused(_("The meeting is closed or cancelled and can no longer be changed."))
    lifecycle.require_open(meeting.plan)


# --- Who is invited ------------------------------------------------------------------------
def invite_from_preparation(meeting: Meeting, convener_unit) -> None:
    """The participants the convener chose in the preparation, the convener, and the family:
    the child, each guardian and the trustee always get a copy of the invitation."""
    plan = meeting.plan
    _add(meeting, kind=Participant.Kind.STAFF, user=meeting.convener, unit=convener_unit)
    preparation = getattr(plan, "preparation", None)
    if preparation is not None:
        for user in preparation.invited_people.all():
            membership = user.memberships.select_related("unit").first()
            _add(
                meeting, kind=Participant.Kind.STAFF, user=user, unit=membership and membership.unit
            )
        for function in preparation.invited_functions.select_related("unit"):
            _add(meeting, kind=Participant.Kind.FUNCTION, function=function, unit=function.unit)
        for relative in preparation.relatives.all():
            _add(meeting, kind=Participant.Kind.RELATIVE, relative=relative)
    _add(meeting, kind=Participant.Kind.CHILD)
    for guardianship in plan.child.guardianships.select_related("guardian"):
        _add(meeting, kind=Participant.Kind.GUARDIAN, guardian=guardianship.guardian)
    for trustee in plan.child.trustees.all():
        _add(meeting, kind=Participant.Kind.TRUSTEE, trustee=trustee)


def copy_participants(source: Meeting, target: Meeting) -> None:
    """The follow-up meeting invites those of the meeting it was booked at."""
    fields = ("kind", "user", "unit", "function", "guardian", "relative", "trustee")
    for participant in source.participants.all():
        values = {field: getattr(participant, field) for field in fields}
        if participant.kind == Participant.Kind.INTERPRETER:
            values.update(
                name=participant.name, language=participant.language, email=participant.email
            )
        _add(target, **values)


def _add(meeting: Meeting, **fields) -> Participant:
    lookup = {
        key: value for key, value in fields.items() if key not in ("name", "language", "email")
    }
    if fields["kind"] == Participant.Kind.INTERPRETER:
        return Participant.objects.create(meeting=meeting, **fields)
    participant, _created = Participant.objects.get_or_create(meeting=meeting, **lookup)
    return participant


@transaction.atomic
def add_participant(request, meeting: Meeting, form) -> Participant:
    require_open(meeting)
    participant = form.save(commit=False)
    participant.meeting = meeting
    if participant.function_id:
        participant.unit = participant.function.unit
    participant.save()
    log_access(request, child=meeting.plan.child, obj=meeting, action=Action.UPDATE)
    return participant


@transaction.atomic
def remove_participant(request, participant: Participant) -> None:
    require_open(participant.meeting)
    if participant.kind in (Participant.Kind.CHILD, Participant.Kind.GUARDIAN):
        # The routine sends the child and the guardians a copy of every invitation.
        raise MeetingRefused(_("The child and the guardians always get the invitation."))
    participant.delete()
    log_access(
        request, child=participant.meeting.plan.child, obj=participant.meeting, action=Action.UPDATE
    )


# --- Invitations ---------------------------------------------------------------------------
@transaction.atomic
def send_invitations(request, meeting: Meeting) -> tuple[int, int]:
    """Invite everyone not yet invited to this version of the meeting: e-mail with a
    calendar file to staff, functions and interpreters (queued), letters for the family
    (printed as one batch). Each gets a fresh single-use link. Returns (e-mailed, by post)."""
    require_open(meeting)
    emailed = posted = 0
    now = timezone.now()
    invited_users = []
    for participant in meeting.participants.select_related("user", "function__unit"):
        if participant.invited_sequence == meeting.sequence:
            continue
        participant.new_link_nonce()
        participant.invited_at = now
        participant.invited_sequence = meeting.sequence
        participant.save(update_fields=["link_nonce", "invited_at", "invited_sequence"])
        if participant.by_post:
            posted += 1
        elif participant.email_address:
            emailed += 1
            transaction.on_commit(
                partial(send_invitation.enqueue, participant.pk, meeting.sequence, REQUEST)
            )
        if participant.kind == Participant.Kind.STAFF and participant.user_id:
            invited_users.append(participant.user)
    if invited_users:
        notify(
            invited_users,
            kind=Kind.INVITATION,
            text=_("You are invited to a SIP meeting."),
            url=reverse("meetings:detail", args=[meeting.plan_id, meeting.pk]),
            key=f"invitation:{meeting.pk}:{meeting.sequence}",
            mail=False,  # the invitation e-mail with its calendar file is on its way
        )
    log_access(request, child=meeting.plan.child, obj=meeting, action=Action.UPDATE)
    return emailed, posted


@transaction.atomic
def move(request, meeting: Meeting, form) -> Meeting:
    """A new time or place: the same calendar entry, updated; everyone answers again."""
    require_open(meeting)
    meeting = form.save(commit=False)
    meeting.sequence += 1
    meeting.save()
    meeting.participants.update(
        response=Participant.Response.PENDING, response_via="", responded_at=None
    )
    send_invitations(request, meeting)
    return meeting


@transaction.atomic
def cancel(request, meeting: Meeting) -> None:
    require_open(meeting)
    meeting.status = Meeting.Status.CANCELLED
    meeting.sequence += 1
    meeting.save(update_fields=["status", "sequence"])
    invited = meeting.participants.filter(invited_sequence__isnull=False).select_related(
        "user", "function__unit"
    )
    for participant in invited:
        if not participant.by_post and participant.email_address:
            transaction.on_commit(
                partial(send_invitation.enqueue, participant.pk, meeting.sequence, CANCEL)
            )
    invited.update(link_nonce="")
    log_access(request, child=meeting.plan.child, obj=meeting, action=Action.UPDATE)


# --- Answers -------------------------------------------------------------------------------
def record_answer(participant: Participant, response: str, via: str, name: str = "") -> None:
    participant.response = response
    participant.response_via = via
    participant.responded_at = timezone.now()
    participant.link_nonce = ""  # the link is single-use
    fields = ["response", "response_via", "responded_at", "link_nonce"]
    if name:
        participant.name = name
        fields.append("name")
    participant.save(update_fields=fields)


@transaction.atomic
def answer_by_phone(request, participant: Participant, response: str, name: str = "") -> None:
    require_open(participant.meeting)
    record_answer(participant, response, Participant.Via.PHONE, name)
    log_access(
        request, child=participant.meeting.plan.child, obj=participant.meeting, action=Action.UPDATE
    )


def unanswered(meeting: Meeting):
    return meeting.participants.filter(response=Participant.Response.PENDING)


# --- At the meeting ------------------------------------------------------------------------
@transaction.atomic
def save_form(request, meeting: Meeting, form) -> Meeting:
    """The roles or the minutes, refused over someone else's newer save (StaleEdit)."""
    require_open(meeting)
    version = next_version(Meeting, meeting.pk, form.cleaned_data["version"])
    meeting = form.save(commit=False)
    meeting.version = version
    meeting.save()
    log_access(request, child=meeting.plan.child, obj=meeting, action=Action.UPDATE)
    return meeting


@transaction.atomic
def save_attendance(request, meeting: Meeting, attendance: dict[int, str]) -> None:
    require_open(meeting)
    for participant in meeting.participants.all():
        value = attendance.get(participant.pk)
        if value is not None and value != participant.attendance:
            participant.attendance = value
            participant.save(update_fields=["attendance"])
    log_access(request, child=meeting.plan.child, obj=meeting, action=Action.UPDATE)


@transaction.atomic
def record_no_show(request, meeting: Meeting, form) -> Meeting:
    """The individual did not come: record it and what was offered instead."""
    require_open(meeting)
    meeting = form.save(commit=False)
    meeting.no_show = True
    meeting.save(update_fields=["no_show", "no_show_offer", "no_show_note"])
    log_access(request, child=meeting.plan.child, obj=meeting, action=Action.UPDATE)
    return meeting


@transaction.atomic
def close(request, meeting: Meeting, *, next_starts_at=None, no_next_reason: str = "") -> Meeting:
    """End the meeting. The next follow-up is booked at the meeting (seed 004 §4.4), or a
    reason is recorded why not; the protocol then becomes available to the participants."""
    require_open(meeting)
    if next_starts_at is None and not no_next_reason.strip():
        raise MeetingRefused(
            _("Book the next follow-up meeting, or say why none is booked, before closing.")
        )
    plan = meeting.plan
    if next_starts_at is not None:
        follow_up = Meeting.objects.create(
            plan=plan,
            kind=Meeting.Kind.FOLLOW_UP,
            starts_at=next_starts_at,
            duration_minutes=meeting.duration_minutes,
            place=meeting.place,
            link=meeting.link,
            booked_by=request.user,
            unit=request.acting_unit,
            convener=request.user,
        )
        copy_participants(meeting, follow_up)
        meeting.next_meeting = follow_up
        plan.next_follow_up = timezone.localdate(next_starts_at)
        plan.save(update_fields=["next_follow_up"])
    meeting.no_next_reason = no_next_reason.strip()
    meeting.status = Meeting.Status.HELD
    meeting.closed_at = timezone.now()
    meeting.closed_by = request.user
    meeting.save(
        update_fields=["next_meeting", "no_next_reason", "status", "closed_at", "closed_by"]
    )
    staff = [p.user for p in meeting.participants.select_related("user") if p.user_id]
    if staff:
        notify(
            staff,
            kind=Kind.PROTOCOL,
            text=_("The protocol of a SIP meeting you were invited to is available."),
            url=reverse("meetings:protocol", args=[plan.pk, meeting.pk]),
            key=f"protocol:{meeting.pk}",
        )
    log_access(request, child=plan.child, obj=meeting, action=Action.UPDATE)
    return meeting
