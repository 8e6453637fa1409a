"""The meeting pages: invite, follow the answers, hold the meeting, print letters and protocol.

Reading a meeting is reading its plan (the one access rule, logged); the leading unit
convenes, and the meeting's leader and note-taker may also keep the minutes. The answer
page behind an invitation's link needs no login and shows no one's name.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samordna.core import versioning
from samordna.core.refusals import refusing
from samordna.meetings import links, services
from samordna.meetings.access import (
    convenes,
    convenes_or_convened,
    get_meeting_or_404,
    require,
    runs,
)
from samordna.meetings.forms import (
    AnswerForm,
    ConfirmForm,
    MoveForm,
    ParticipantForm,
    PhoneAnswerForm,
    RolesForm,
)
from samordna.meetings.models import Meeting, Participant

REMIND_BEFORE = timezone.timedelta(days=7)


def participants_of(meeting) -> list[Participant]:
    participants = list(
        meeting.participants.select_related(
            "user",
            "unit",
            "function__unit",
            "guardian__registered_by_unit",
            "relative__registered_by_unit",
            "trustee__registered_by_unit",
        )
    )
    for participant in participants:
        participant.meeting = meeting  # the child's name comes from the plan already read
    return participants


@login_required
@require_GET
def detail(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    meeting = get_meeting_or_404(request, plan_pk, pk)
    return render(request, "meetings/detail.html", _detail_context(request, meeting))


def _detail_context(request, meeting, **forms) -> dict:
    participants = participants_of(meeting)
    mine = next((p for p in participants if p.user_id == request.user.pk), None)
    soon = meeting.is_open and meeting.starts_at - timezone.now() <= REMIND_BEFORE
    not_sent = [p for p in participants if p.invited_sequence != meeting.sequence]
    may_convene = convenes(request, meeting)
    return {
        "plan": meeting.plan,
        "meeting": meeting,
        "participants": participants,
        "uninvited": [p for p in not_sent if p.channel],
        "unreachable": [p for p in not_sent if not p.channel],
        "unanswered": [p for p in participants if p.response == Participant.Response.PENDING],
        "soon": soon,
        "mine": mine,
        "may_convene": may_convene and meeting.is_open,
        "may_run": runs(request, meeting) and meeting.is_open,
        # Reasons for declining, and the letters of a cancelled meeting, are the convener's.
        "sees_reasons": may_convene or runs(request, meeting),
        "may_print_cancellations": meeting.status == Meeting.Status.CANCELLED
        and convenes_or_convened(request, meeting)
        and any(p.by_post and p.invited_sequence is not None for p in participants),
        "participant_form": forms.get("participant_form") or ParticipantForm(meeting=meeting),
        "answer_form": forms.get("answer_form") or AnswerForm(),
    }


@login_required
@require_POST
@refusing
def add_participant(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    meeting = get_meeting_or_404(request, plan_pk, pk)
    require(convenes(request, meeting))
    form = ParticipantForm(request.POST, meeting=meeting)
    if form.is_valid():
        services.add_participant(request, meeting, form)
        messages.success(request, _("The invitee was added. Send the invitations when ready."))
        return redirect("meetings:detail", plan_pk=plan_pk, pk=pk)
    context = _detail_context(request, meeting, participant_form=form)
    return render(request, "meetings/detail.html", context, status=400)


@login_required
@require_POST
@refusing
def remove_participant(request: HttpRequest, plan_pk: int, pk: int, participant_pk: int):
    meeting = get_meeting_or_404(request, plan_pk, pk)
    require(convenes(request, meeting))
    participant = get_object_or_404(meeting.participants, pk=participant_pk)
    services.remove_participant(request, participant)
    messages.success(request, _("The invitee was removed."))
    return redirect("meetings:detail", plan_pk=plan_pk, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
@refusing
def roles(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    meeting = get_meeting_or_404(request, plan_pk, pk)
    require(convenes(request, meeting))
    form = RolesForm(request.POST or None, instance=meeting)
    return versioning.edit(
        request,
        form,
        lambda: services.save_form(request, meeting, form),
        template="meetings/roles.html",
        context={"plan": meeting.plan, "meeting": meeting},
        done=reverse("meetings:detail", args=[plan_pk, pk]),
        saved=_("The roles were saved."),
    )


@login_required
@require_POST
@refusing
def send_invitations(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    meeting = get_meeting_or_404(request, plan_pk, pk)
    require(convenes(request, meeting))
    sent = services.send_invitations(request, meeting)
    if sent.emailed or sent.posted:
        messages.success(
            request,
            _("%(emailed)d invitations are sent by e-mail; %(posted)d letters are ready to print.")
            % {"emailed": sent.emailed, "posted": sent.posted},
        )
    if sent.unreachable:
        messages.warning(
            request,
            _("Not invited, for want of an address: %(names)s. See why under Invitations.")
            % {"names": ", ".join(p.display_name for p in sent.unreachable)},
        )
    elif not sent.emailed and not sent.posted:
        messages.info(request, _("Everyone has already been invited to this meeting."))
    return redirect("meetings:detail", plan_pk=plan_pk, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
@refusing
def phone_answer(request: HttpRequest, plan_pk: int, pk: int, participant_pk: int):
    meeting = get_meeting_or_404(request, plan_pk, pk)
    require(convenes(request, meeting))
    participant = get_object_or_404(
        meeting.participants.select_related("function__unit", "unit"), pk=participant_pk
    )
    participant.meeting = meeting
    form = PhoneAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.answer_by_phone(
            request,
            participant,
            form.cleaned_data["response"],
            form.cleaned_data["name"],
            form.cleaned_data["reason"],
        )
        messages.success(request, _("The answer was recorded."))
        return redirect("meetings:detail", plan_pk=plan_pk, pk=pk)
    context = {"plan": meeting.plan, "meeting": meeting, "participant": participant, "form": form}
    status = 400 if form.errors else 200
    return render(request, "meetings/phone_answer.html", context, status=status)


@login_required
@require_POST
@refusing
def my_answer(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    """A member of staff answers their own invitation in samordna."""
    meeting = get_meeting_or_404(request, plan_pk, pk)
    services.require_open(meeting)
    participant = get_object_or_404(
        meeting.participants, kind=Participant.Kind.STAFF, user=request.user
    )
    form = AnswerForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, meeting, answer_form=form)
        return render(request, "meetings/detail.html", context, status=400)
    data = form.cleaned_data
    services.answer_own(request, meeting, participant, data["response"], data["reason"])
    messages.success(request, _("Your answer was recorded."))
    return redirect("meetings:detail", plan_pk=plan_pk, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
@refusing
def move(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    meeting = get_meeting_or_404(request, plan_pk, pk)
    require(convenes(request, meeting))
    services.require_open(meeting)
    form = MoveForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        services.move(request, meeting, form)
        messages.success(
            request,
            _("The meeting was moved. Everyone gets a new invitation and calendars update."),
        )
        return redirect("meetings:detail", plan_pk=plan_pk, pk=pk)
    return render(
        request, "meetings/move.html", {"plan": meeting.plan, "meeting": meeting, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
@refusing
def cancel(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    meeting = get_meeting_or_404(request, plan_pk, pk)
    require(convenes(request, meeting))
    services.require_open(meeting)
    if request.method == "POST":
        services.cancel(request, meeting)
        messages.success(request, _("The meeting was cancelled and the invitees told."))
        return redirect("plans:detail", pk=plan_pk)
    return render(request, "meetings/cancel.html", {"plan": meeting.plan, "meeting": meeting})


# --- The answer page behind an invitation's link: no login ---------------------------------
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    reading = links.read(token)
    if reading.state != links.State.VALID:
        status = 410 if reading.state in (links.State.USED, links.State.EXPIRED) else 404
        context = {"state": reading.state, "participant": reading.participant}
        return render(request, "meetings/confirm_closed.html", context, status=status)
    participant = reading.participant
    form = ConfirmForm(request.POST or None, participant=participant)
    if request.method == "POST" and form.is_valid():
        answered = services.answer_by_link(
            participant,
            form.cleaned_data["response"],
            form.cleaned_data.get("name", ""),
            form.cleaned_data["reason"],
        )
        if not answered:  # another post of the same link came first
            context = {"state": links.State.USED, "participant": participant}
            return render(request, "meetings/confirm_closed.html", context, status=410)
        return render(request, "meetings/confirm_done.html", {"participant": participant})
    context = {"participant": participant, "meeting": participant.meeting, "form": form}
    return render(request, "meetings/confirm.html", context)
