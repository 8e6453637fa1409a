"""Approving the plan at the SIP meeting, and comparing its versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from samordna.core.refusals import Refused, refusing
from samordna.meetings.models import Participant
from samordna.plans import lifecycle, services
from samordna.plans.access import get_open_plan_or_404, get_plan_or_404
from samordna.plans.compare import compare as compare_contents
from samordna.plans.forms import ApproveForm, CompareForm


@login_required
@refusing
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_open_plan_or_404(request, pk, lead=True)
    meeting = lifecycle.meetings_begun(plan).first()
    initial = {"meeting": meeting, "attendees": attendees_of(plan, meeting)}
    form = ApproveForm(request.POST or None, plan=plan, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            version = services.approve_version(
                request, plan, form.cleaned_data["attendees"], form.cleaned_data["meeting"]
            )
        except Refused as refused:
            form.add_error(None, str(refused))
            status = 409
        else:
            message = _("Version %(number)s of the plan was approved.")
            messages.success(request, message % {"number": version.number})
            return redirect("plans:detail", pk=plan.pk)
    latest = plan.versions.first()
    context = {
        "plan": plan,
        "form": form,
        "latest": latest,
        "gaps": lifecycle.approval_gaps(plan),
        "changes": compare_contents(latest.content if latest else {}, services.snapshot(plan)),
    }
    return render(request, "plans/approve.html", context, status=status)


def attendees_of(plan, meeting) -> str:
    """Who the meeting marked present or digital, one per line, as a starting text."""
    if meeting is None:
        return ""
    present = meeting.participants.filter(
        attendance__in=[Participant.Attendance.PRESENT, Participant.Attendance.DIGITAL]
    ).select_related("user", "unit", "function__unit", "guardian", "relative", "trustee")
    meeting.plan = plan
    lines = []
    for participant in present:
        participant.meeting = meeting  # the child's name comes from the plan already read
        where = f", {participant.unit.name}" if participant.unit_id else ""
        lines.append(
            f"{participant.display_name} ({participant.get_kind_display().lower()}{where})"
        )
    return "\n".join(lines)


@login_required
@require_GET
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Any two versions, or a version and the draft (?a=1&b=2, ?a=2&b=utkast)."""
    plan = get_plan_or_404(request, pk)
    versions = list(plan.versions.select_related("approved_by"))
    data = request.GET if "a" in request.GET else CompareForm.defaults(versions)
    form = CompareForm(data, versions=versions)
    context = {"plan": plan, "versions": versions, "form": form}
    if data is not None and form.is_valid():
        older, newer = form.side("a"), form.side("b")
        context["comparison"] = compare_contents(
            older.content if older else services.snapshot(plan),
            newer.content if newer else services.snapshot(plan),
        )
        context["old_label"], context["new_label"] = form.side_label("a"), form.side_label("b")
    return render(request, "plans/compare.html", context)
