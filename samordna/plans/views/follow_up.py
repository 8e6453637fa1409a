"""Following up the plan (seed 004 §4.5): the routine's questions and an outcome per measure."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.core.once import save_once
from samordna.core.refusals import refusing
from samordna.plans import lifecycle, services
from samordna.plans.access import get_open_plan_or_404
from samordna.plans.forms import FollowUpForm
from samordna.plans.models import Measure


@login_required
@refusing
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_open_plan_or_404(request, pk, lead=True)
    lifecycle.require_approved(plan)
    measures = plan.measures.exclude(status=Measure.Status.CANCELLED).select_related(
        "responsible_unit", "kept_by_unit"
    )
    form = FollowUpForm(
        request.POST or None, measures=measures, initial={"held_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        save_once(
            request,
            form,
            lambda: services.record_follow_up(request, plan, form, form.outcomes()),
            done=reverse("plans:detail", args=[plan.pk]),
        )
        if form.cleaned_data["closing"]:
            messages.success(request, _("The follow-up was recorded. Now close the SIP."))
            return redirect("plans:close", pk=plan.pk)
        messages.success(request, _("The follow-up was recorded."))
        return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/follow_up.html", {"plan": plan, "form": form})
