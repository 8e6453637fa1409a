"""Closing the SIP (seed 004 §4.6): with a reason, everyone told, then read-only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samordna.core.refusals import refusing
from samordna.plans import services
from samordna.plans.access import get_open_plan_or_404
from samordna.plans.forms import CloseForm


@login_required
@refusing
def close(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_open_plan_or_404(request, pk, lead=True)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.close_plan(request, plan, form.cleaned_data["reason"], form.cleaned_data["note"])
        messages.success(
            request, _("The SIP was closed. The units taking part have been told by e-mail.")
        )
        return redirect("plans:detail", pk=plan.pk)
    context = {
        "plan": plan,
        "form": form,
        "units": plan.participating_units(),
        "meetings": plan.meetings.upcoming(),
    }
    return render(request, "plans/close.html", context)
