"""At the meeting: attendance, the minutes by the agenda, the individual's absence, and
closing with the next follow-up booked.

They are one form, so nothing typed is lost whichever button is pressed: every button saves
the attendance and the minutes first, then does its own step (record the absence, close the
meeting). A refused step — a missing choice, someone else's newer save (409), a meeting not
yet started — shows the page again with everything as it was typed. Before the meeting's
start the page says when it starts and shows the agenda; nothing can be recorded yet.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samordna.core.refusals import Refused, refusing
from samordna.core.versioning import StaleEdit, stale
from samordna.meetings import services
from samordna.meetings.access import get_meeting_or_404, require, runs
from samordna.meetings.forms import CloseForm, MinutesForm, NoShowForm, attendance_from
from samordna.meetings.models import Meeting, Participant
from samordna.meetings.views import participants_of

# The buttons' steps besides saving ("save"): each saves the minutes and attendance first.
NO_SHOW, CLOSE = "no_show", "close"
# The fields of the steps: kept as typed when only the minutes are saved.
STEP_FIELDS = ("no_show_offer", "no_show_note", "next_starts_at", "no_next_reason")


class Page:
    """The hold page's forms: bound to what was typed, or to the meeting as saved."""

    def __init__(self, meeting: Meeting, data=None):
        self.meeting = meeting
        self.data = data
        self.minutes = MinutesForm(data, instance=meeting)
        # The steps' fields are checked only by their own button: shown as typed until then.
        self.no_show = NoShowForm(instance=meeting, initial=self._typed(NoShowForm))
        self.close = CloseForm(initial=self._typed(CloseForm))
        self.attendance = attendance_from(data) if data is not None else {}
        self.conflict = {}
        self.refused = ""
        self.not_done = ""
        self.not_done_at = ""  # the id of the section that says what is missing

    def saved(self, meeting: Meeting) -> None:
        """The minutes and attendance are saved: the form goes on with the new version."""
        data = self.data.copy()
        data["version"] = str(meeting.version)
        self.minutes = MinutesForm(data, instance=meeting)

    def _typed(self, form_class) -> dict:
        if self.data is None:
            return {}
        return {
            name: self.data.get(name, "")
            for name in form_class.base_fields
            if name in STEP_FIELDS and name in self.data
        }

    def steps_typed(self) -> bool:
        """Whether anything was typed in the steps' fields that is not saved yet."""
        saved = {
            "no_show_offer": self.meeting.no_show_offer,
            "no_show_note": self.meeting.no_show_note,
        }
        typed = {name: self.data.get(name, "").strip() for name in STEP_FIELDS}
        return any(value and value != saved.get(name) for name, value in typed.items())

    def context(self) -> dict:
        meeting = self.meeting
        participants = participants_of(meeting)
        for participant in participants:
            participant.marked = self.attendance.get(participant.pk, participant.attendance)
        return {
            "plan": meeting.plan,
            "meeting": meeting,
            "participants": participants,
            "attendance_choices": Participant.Attendance.choices,
            "editable": meeting.has_started or self.data is not None,
            "form": self.minutes,
            "no_show_form": self.no_show,
            "close_form": self.close,
            **self.conflict,
            "refused": self.refused,
            "not_done": self.not_done,
            "not_done_at": self.not_done_at,
        }


def _render(request, page: Page, status: int = 200) -> HttpResponse:
    return render(request, "meetings/hold.html", page.context(), status=status)


@login_required
@require_http_methods(["GET", "POST"])
@refusing
def hold(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    meeting = get_meeting_or_404(request, plan_pk, pk)
    require(runs(request, meeting))
    if request.method == "GET":
        services.require_open(meeting)
        return _render(request, Page(meeting))
    # From here a refusal (closed, cancelled, not started) shows the page with what was typed.
    page = Page(meeting, request.POST)
    if not page.minutes.is_valid():
        return _render(request, page, status=400)
    try:
        meeting = services.save_minutes(request, meeting, page.minutes, page.attendance)
    except StaleEdit as current:
        page.conflict = stale(page.minutes, current.current)
        return _render(request, page, status=409)
    except Refused as refused:
        page.refused = str(refused)
        return _render(request, page, status=409)
    step = request.POST.get("step")
    try:
        if step == NO_SHOW:
            return _no_show(request, page, meeting)
        if step == CLOSE:
            return _close(request, page, meeting)
    except Refused as refused:
        page.saved(meeting)
        page.refused = str(refused)
        return _render(request, page, status=409)
    messages.success(request, _("The attendance and the minutes were saved."))
    if page.steps_typed():
        page.saved(meeting)
        return _render(request, page)
    return redirect("meetings:hold", plan_pk=plan_pk, pk=pk)


def _no_show(request, page: Page, meeting: Meeting) -> HttpResponse:
    form = NoShowForm(request.POST, instance=meeting)
    if not form.is_valid():
        page.saved(meeting)
        page.no_show = form
        page.not_done = _("The attendance and the minutes were saved; the absence was not.")
        page.not_done_at = "no-show-heading"
        return _render(request, page, status=400)
    services.record_no_show(request, meeting, form)
    if meeting.no_show_offer == Meeting.NoShowOffer.NEW_TIME:
        messages.success(request, _("The absence was recorded. Choose the new time."))
        return redirect("meetings:move", plan_pk=meeting.plan_id, pk=meeting.pk)
    messages.success(request, _("The absence and what was offered were recorded."))
    return redirect("meetings:hold", plan_pk=meeting.plan_id, pk=meeting.pk)


def _close(request, page: Page, meeting: Meeting) -> HttpResponse:
    form = CloseForm(request.POST)
    if not form.is_valid():
        page.saved(meeting)
        page.close = form
        page.not_done = _("The attendance and the minutes were saved; the meeting was not closed.")
        page.not_done_at = "close-heading"
        return _render(request, page, status=400)
    services.close(
        request,
        meeting,
        next_starts_at=form.cleaned_data["next_starts_at"],
        no_next_reason=form.cleaned_data["no_next_reason"],
    )
    messages.success(request, _("The meeting was closed. The protocol is available."))
    return redirect("meetings:detail", plan_pk=meeting.plan_id, pk=meeting.pk)
