"""What happens to a meeting: who is invited, invitations sent, answers, the minutes, moving,
cancelling and closing it. Views call these; each runs in one transaction and logs the
change against the child.
"""

from dataclasses import dataclass, field
from functools import partial

from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from samordna.audit.models import Action
from samordna.audit.services import log_access
from samordna.core.refusals import Refused
from samordna.core.versioning import next_version
from samordna.meetings import cancellations
from samordna.meetings.mail import CANCEL, REQUEST
from samordna.meetings.models import Meeting, Participant
from samordna.meetings.tasks import send_invitation, send_removal
from samordna.notifications.models import Kind
from samordna.notifications.service import notify
from samordna.plans import lifecycle
from samordna.plans.access import leading_unit


def require_open(meeting: Meeting) -> None:
    if not meeting.is_open:
        raise Refused(_("The meeting is closed or cancelled and can no longer be changed."))
    lifecycle.require_open(meeting.plan)


def require_started(meeting: Meeting) -> None:
    """Attendance, minutes, an absence and closing record what happened: not before it."""
    if not meeting.has_started:
        start = timezone.localtime(meeting.starts_at)
        raise Refused(
            _(
                "The meeting has not started yet: it starts on %(day)s at %(time)s. Attendance, "
                "minutes, an absence and closing can be recorded from then."
            )
            % {
                "day": formats.date_format(start, "l j F Y"),
                "time": formats.time_format(start, "H.i"),
            }
        )


# --- Who is invited ------------------------------------------------------------------------
def invite_from_preparation(meeting: Meeting, convener_unit) -> None:
    """The participants the convener chose in the preparation, the convener, and the family:
    the child, each guardian and the trustee always get a copy of the invitation.

    A unit chosen in the preparation is invited to send its representative (seed 004
    §4.3.4), unless a person or function of it is invited already."""
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
        represented = set(
            meeting.participants.filter(kind__in=Participant.OF_A_UNIT).values_list(
                "unit", flat=True
            )
        )
        for unit in preparation.invited_units.exclude(pk__in=represented):
            _add(meeting, kind=Participant.Kind.UNIT, unit=unit)
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
            values.update({field: getattr(participant, field) for field in INTERPRETER_FIELDS})
        _add(target, **values)


INTERPRETER_FIELDS = ("name", "language", "email", "street_address", "postal_code", "city")


# The field that says who an invitee is, per kind: each is invited once (the constraints).
IDENTITY = {
    Participant.Kind.STAFF: "user",
    Participant.Kind.FUNCTION: "function",
    Participant.Kind.UNIT: "unit",
    Participant.Kind.GUARDIAN: "guardian",
    Participant.Kind.RELATIVE: "relative",
    Participant.Kind.TRUSTEE: "trustee",
}


def _add(meeting: Meeting, **fields) -> Participant:
    """Invite someone unless already invited; an interpreter is added every time."""
    kind = fields["kind"]
    if kind == Participant.Kind.INTERPRETER:
        return Participant.objects.create(meeting=meeting, **fields)
    identity = IDENTITY.get(kind)
    lookup = {"kind": kind, **({identity: fields[identity]} if identity else {})}
    defaults = {key: value for key, value in fields.items() if key not in lookup}
    participant, _created = Participant.objects.get_or_create(
        meeting=meeting, **lookup, defaults=defaults
    )
    return participant


@transaction.atomic
def add_participant(request, meeting: Meeting, form) -> Participant:
    require_open(meeting)
    participant = form.save(commit=False)
    participant.meeting = meeting
    if participant.function_id:
        participant.unit = participant.function.unit
    elif participant.user_id:
        membership = participant.user.memberships.filter(
            unit__in=meeting.plan.participating_units()
        ).first()
        participant.unit_id = membership and membership.unit_id
    participant.save()
    log_access(request, child=meeting.plan.child, obj=meeting, action=Action.UPDATE)
    return participant


@transaction.atomic
def remove_participant(request, participant: Participant) -> None:
    require_open(participant.meeting)
    if participant.kind in (Participant.Kind.CHILD, Participant.Kind.GUARDIAN):
        # The routine sends the child and the guardians a copy of every invitation.
        raise Refused(_("The child and the guardians always get the invitation."))
    _take_off(participant.meeting, participant)
    log_access(
        request, child=participant.meeting.plan.child, obj=participant.meeting, action=Action.UPDATE
    )


# --- Invitations ---------------------------------------------------------------------------
@dataclass
class Sent:
    """What `send_invitations` did: how many e-mails and letters, and who could not be invited
    (no e-mail address and no postal address), each with `unreachable_reason`."""

    emailed: int = 0
    posted: int = 0
    unreachable: list = field(default_factory=list)


@transaction.atomic
def send_invitations(request, meeting: Meeting) -> Sent:
    """Invite everyone not yet invited to this version of the meeting: e-mail with a
    calendar file to staff, functions, units and interpreters (queued), letters for the
    family and for those without e-mail (printed as one batch). Each gets a fresh
    single-use link. Nobody is marked invited when nothing can go out to them."""
    require_open(meeting)
    sent = Sent()
    now = timezone.now()
    invited_users = []
    participants = meeting.participants.select_related(
        "user",
        "unit",
        "function__unit",
        "guardian__registered_by_unit",
        "relative__registered_by_unit",
        "trustee__registered_by_unit",
    )
    for participant in participants:
        participant.meeting = meeting
        if participant.invited_sequence == meeting.sequence:
            continue
        channel = participant.channel
        if not channel:
            sent.unreachable.append(participant)
            continue
        participant.new_link_nonce()
        participant.invited_at = now
        participant.invited_sequence = meeting.sequence
        participant.save(update_fields=["link_nonce", "invited_at", "invited_sequence"])
        if channel == Participant.POST:
            sent.posted += 1
        else:
            sent.emailed += 1
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
    return sent


@transaction.atomic
def move(request, meeting: Meeting, form) -> Meeting:
    """A new time or place: the same calendar entry, updated; everyone answers again."""
    require_open(meeting)
    meeting = form.save(commit=False)
    meeting.sequence += 1
    meeting.save()
    meeting.participants.update(
        response=Participant.Response.PENDING,
        response_via="",
        responded_at=None,
        decline_reason="",
    )
    send_invitations(request, meeting)
    return meeting


@transaction.atomic
def cancel(request, meeting: Meeting) -> None:
    require_open(meeting)
    _cancel(meeting)
    log_access(request, child=meeting.plan.child, obj=meeting, action=Action.UPDATE)


def _cancel(meeting: Meeting) -> None:
    """Cancelled: those invited by e-mail get the calendar's CANCEL (same UID, next
    sequence); every answer link stops working. Letters to those invited by post are
    printed from the meeting's page (meetings.cancellations)."""
    meeting.status = Meeting.Status.CANCELLED
    meeting.sequence += 1
    meeting.save(update_fields=["status", "sequence"])
    invited = meeting.participants.filter(invited_sequence__isnull=False).select_related(
        "user", "unit", "function__unit"
    )
    for participant in invited:
        if participant.kind not in Participant.FAMILY and participant.email_address:
            transaction.on_commit(
                partial(send_invitation.enqueue, participant.pk, meeting.sequence, CANCEL)
            )
    invited.update(link_nonce="")


@transaction.atomic
def cancel_booked_meetings(request, plan) -> list[Meeting]:
    """The SIP has closed (or its consent ended): every meeting still to come is cancelled,
    as if its convener had cancelled it, and the convener is told to post the cancellation
    letters. Returns the cancelled meetings."""
    meetings = list(plan.meetings.upcoming().select_related("convener", "unit"))
    for meeting in meetings:
        meeting.plan = plan
        _cancel(meeting)
        log_access(request, child=plan.child, obj=meeting, action=Action.UPDATE)
        by_post = bool(cancellations.recipients(meeting))
        _tell_convener(
            meeting,
            _(
                "A booked SIP meeting was cancelled because the SIP has ended. Those invited by "
                "e-mail were told; print the cancellation letters from the meeting's page."
            )
            if by_post
            else _(
                "A booked SIP meeting was cancelled because the SIP has ended. Those invited by "
                "e-mail were told."
            ),
            key=f"cancelled:{meeting.pk}",
        )
    return meetings


@transaction.atomic
def follow_consent(request, plan) -> None:
    """After consent was withdrawn, wholly or for some units or principals. A SIP that has
    ended cancels its meetings still to come. Otherwise the invitees of units no consent
    covers any more (staff, functions, units) are taken off those meetings and get the
    calendar's CANCEL; a meeting whose convening unit is no longer covered is convened by
    the unit that now leads the SIP."""
    if plan.is_closed:
        cancel_booked_meetings(request, plan)
        return
    covered = set(plan.participating_units().values_list("pk", flat=True))
    for meeting in plan.meetings.upcoming().select_related("unit"):
        meeting.plan = plan
        invitees = meeting.participants.filter(kind__in=Participant.OF_A_UNIT, unit__isnull=False)
        removed = list(invitees.exclude(unit__in=covered))
        for participant in removed:
            _take_off(meeting, participant)
        gone = {participant.user_id for participant in removed if participant.user_id}
        reconvene = meeting.unit_id not in covered or meeting.convener_id in gone
        for role in ROLES:
            if getattr(meeting, f"{role}_id") in gone:
                setattr(meeting, role, None)
        if reconvene:
            _convene(meeting, plan)
        if removed or reconvene:
            meeting.save(update_fields=["unit", *ROLES])
            log_access(request, child=plan.child, obj=meeting, action=Action.UPDATE)


ROLES = ("convener", "leader", "note_taker")


def _convene(meeting: Meeting, plan) -> None:
    """The unit that leads the SIP convenes: the coordinator's, else the initiating unit,
    with the coordinator (else the SIP's convener) as the convener, who is invited."""
    meeting.unit = leading_unit(plan)
    meeting.convener = plan.coordinator if plan.coordinator_id else plan.convener
    _add(meeting, kind=Participant.Kind.STAFF, user=meeting.convener, unit=meeting.unit)


def _take_off(meeting: Meeting, participant: Participant) -> None:
    """Remove an invitee; one invited by e-mail gets the calendar's CANCEL, sent by the worker
    from ids alone (the participant row is gone by then)."""
    target = {
        Participant.Kind.STAFF: participant.user_id,
        Participant.Kind.FUNCTION: participant.function_id,
        Participant.Kind.UNIT: participant.unit_id,
    }.get(participant.kind)
    if participant.invited_sequence is not None and target and participant.email_address:
        transaction.on_commit(
            partial(send_removal.enqueue, meeting.pk, meeting.sequence, participant.kind, target)
        )
    participant.delete()


def _tell_convener(meeting: Meeting, text: str, *, key: str) -> None:
    users = [meeting.convener] if meeting.convener_id else []
    if users:
        notify(
            users,
            kind=Kind.INVITATION,
            text=text,
            url=reverse("meetings:detail", args=[meeting.plan_id, meeting.pk]),
            key=key,
        )


# --- Answers -------------------------------------------------------------------------------
def _answer(response: str, via: str, name: str, reason: str) -> dict:
    """The fields an answer sets. A decline carries its reason (the forms require one); a
    "coming" clears it; any answer uses up the link."""
    fields = {
        "response": response,
        "response_via": via,
        "responded_at": timezone.now(),
        "decline_reason": reason.strip() if response == Participant.Response.DECLINED else "",
        "link_nonce": "",
    }
    if name:
        fields["name"] = name
    return fields


def record_answer(
    participant: Participant, response: str, via: str, name: str = "", reason: str = ""
) -> None:
    fields = _answer(response, via, name, reason)
    for attribute, value in fields.items():
        setattr(participant, attribute, value)
    participant.save(update_fields=list(fields))


def answer_by_link(
    participant: Participant, response: str, name: str = "", reason: str = ""
) -> bool:
    """The answer behind the link, recorded only while the row still holds the link's nonce
    (a conditional update): of simultaneous posts of one link exactly one is recorded, the
    others get False. `participant` is as the link was read, its nonce the link's."""
    fields = _answer(response, Participant.Via.LINK, name, reason)
    unused = Participant.objects.filter(pk=participant.pk, link_nonce=participant.link_nonce)
    if not participant.link_nonce or unused.update(**fields) != 1:
        return False
    for attribute, value in fields.items():
        setattr(participant, attribute, value)
    return True


@transaction.atomic
def answer_own(request, meeting: Meeting, participant: Participant, response: str, reason: str):
    """A member of staff answers their own invitation in samordna."""
    require_open(meeting)
    record_answer(participant, response, Participant.Via.SAMORDNA, reason=reason)
    log_access(request, child=meeting.plan.child, obj=meeting, action=Action.UPDATE)


@transaction.atomic
def answer_by_phone(
    request, participant: Participant, response: str, name: str = "", reason: str = ""
) -> None:
    require_open(participant.meeting)
    record_answer(participant, response, Participant.Via.PHONE, name, reason)
    log_access(
        request, child=participant.meeting.plan.child, obj=participant.meeting, action=Action.UPDATE
    )


def unanswered(meeting: Meeting):
    return meeting.participants.filter(response=Participant.Response.PENDING)


# --- At the meeting ------------------------------------------------------------------------
@transaction.atomic
def save_form(request, meeting: Meeting, form) -> Meeting:
    """The roles and questions, refused over someone else's newer save (StaleEdit)."""
    require_open(meeting)
    return _save_versioned(request, meeting, form)


@transaction.atomic
def save_minutes(request, meeting: Meeting, form, attendance: dict[int, str]) -> Meeting:
    """The minutes and the attendance together, once the meeting has started; the minutes
    are refused over someone else's newer save (StaleEdit), and then so is the attendance."""
    require_open(meeting)
    require_started(meeting)
    meeting = _save_versioned(request, meeting, form)
    for participant in meeting.participants.all():
        value = attendance.get(participant.pk)
        if value is not None and value != participant.attendance:
            participant.attendance = value
            participant.save(update_fields=["attendance"])
    return meeting


def _save_versioned(request, meeting: Meeting, form) -> Meeting:
    version = next_version(Meeting, meeting.pk, form.cleaned_data["version"])
    meeting = form.save(commit=False)
    meeting.version = version
    meeting.save()
    log_access(request, child=meeting.plan.child, obj=meeting, action=Action.UPDATE)
    return meeting


@transaction.atomic
def record_no_show(request, meeting: Meeting, form) -> Meeting:
    """The individual did not come: record it and what was offered instead."""
    require_open(meeting)
    require_started(meeting)
    meeting = form.save(commit=False)
    meeting.no_show = True
    meeting.save(update_fields=["no_show", "no_show_offer", "no_show_note"])
    log_access(request, child=meeting.plan.child, obj=meeting, action=Action.UPDATE)
    return meeting


@transaction.atomic
def close(request, meeting: Meeting, *, next_starts_at=None, no_next_reason: str = "") -> Meeting:
    """End the meeting. The next follow-up is booked at the meeting (seed 004 §4.4), or a
    reason is recorded why not; the protocol then becomes available to the participants.

    The follow-up is convened by the unit that leads the SIP (the coordinator's, else the
    initiating unit), with the coordinator as its convener (seed 004 §4.5: the coordinator
    convenes follow-ups), whoever closes this meeting."""
    require_open(meeting)
    require_started(meeting)
    if next_starts_at is None and not no_next_reason.strip():
        raise Refused(
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
        )
        copy_participants(meeting, follow_up)
        _convene(follow_up, plan)
        follow_up.save(update_fields=["unit", "convener"])
        meeting.next_meeting = follow_up
        plan.next_follow_up = timezone.localdate(next_starts_at)
        plan.save(update_fields=["next_follow_up"])
        if follow_up.convener_id and follow_up.convener_id != request.user.pk:
            _tell_convener(
                follow_up,
                _("A follow-up meeting was booked at a SIP meeting. You convene it."),
                key=f"convene:{follow_up.pk}",
            )
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
