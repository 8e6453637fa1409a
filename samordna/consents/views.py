"""Consent for one plan: the list, recording, the signed form, the blank form, withdrawal.

Every view starts from the plan helper (404 unless the acting unit may see the plan, and the
read-log row). Recording is for the leading unit; anyone who may see the plan records a
withdrawal, because whoever receives it must act at once.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samordna.audit.models import Action
from samordna.audit.services import log_access
from samordna.consents import pdf, services, uploads
from samordna.consents.forms import ConsentForm, WithdrawalForm
from samordna.consents.models import Withdrawal
from samordna.core.once import AlreadySaved, save_once, saved_already
from samordna.core.refusals import Refused
from samordna.plans.access import get_plan_or_404, leads, require_lead
from samordna.plans.models import Plan


@login_required
@require_GET
def consent_list(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = get_plan_or_404(request, plan_pk)
    return render(
        request,
        "consents/consent_list.html",
        {"plan": plan, "consents": plan.consents.with_scope(), "may_lead": leads(request, plan)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = get_plan_or_404(request, plan_pk)
    require_lead(request, plan)
    form = ConsentForm(request.POST or None, request.FILES or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            save_once(
                request,
                form,
                lambda: services.record_consent(request, plan, form),
                done=reverse("consents:list", args=[plan.pk]),
            )
        except AlreadySaved as saved:
            return saved_already(request, saved)
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect("consents:list", plan_pk=plan.pk)
    return render(request, "consents/record.html", {"plan": plan, "form": form})


@login_required
@require_GET
def document(request: HttpRequest, plan_pk: int, consent_pk: int) -> HttpResponse:
    plan = get_plan_or_404(request, plan_pk)
    consent = get_object_or_404(plan.consents.exclude(document=""), pk=consent_pk)
    log_access(request, child=plan.child, obj=consent, action=Action.PRINT)
    return uploads.signed_form_response(consent)


@login_required
@require_GET
def form_pdf(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = get_plan_or_404(request, plan_pk, action=Action.PRINT)
    return pdf.form_response(plan)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, plan_pk: int, consent_pk: int) -> HttpResponse:
    plan = get_plan_or_404(request, plan_pk)
    consent = get_object_or_404(plan.consents.valid(), pk=consent_pk)
    form = WithdrawalForm(request.POST or None, consent=consent, unit=request.acting_unit)
    if request.method == "POST" and form.is_valid() and not form.asks_confirmation:
        try:
            services.withdraw_consent(
                request,
                consent,
                party=form.cleaned_data["party"],
                how=form.cleaned_data["how"],
                withdrawn_on=form.cleaned_data["withdrawn_on"],
                units=form.cleaned_data.get("units") or (),
                principals=form.cleaned_data.get("principals") or (),
            )
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The withdrawal was recorded and the units were told."))
            return _after_withdrawal(request, plan)
    if form.asks_confirmation:  # say what follows, ask once more
        return render(request, "consents/withdraw_confirm.html", confirmation(plan, form))
    return render(
        request, "consents/withdraw.html", {"plan": plan, "consent": consent, "form": form}
    )


def confirmation(plan: Plan, form: WithdrawalForm) -> dict:
    coordinator_unit = plan.coordinator_unit
    return {
        "plan": plan,
        "consent": form.consent,
        "form": form,
        "how": Withdrawal.How(form.cleaned_data["how"]).label,
        "units": plan.participating_units().order_by("name"),
        "meetings": plan.meetings.upcoming().order_by("starts_at"),
        # The coordinator's unit among those taken out: the SIP may lose its coordinator.
        "coordinator_leaves": coordinator_unit is not None
        and any(
            other == coordinator_unit or other == coordinator_unit.principal
            for other in form.others
        ),
    }


def _after_withdrawal(request: HttpRequest, plan: Plan) -> HttpResponse:
    """Back to the plan if the unit still takes part; otherwise it may no longer see it."""
    if Plan.objects.visible_to(request.user, request.acting_unit).filter(pk=plan.pk).exists():
        return redirect("consents:list", plan_pk=plan.pk)
    return redirect("people:child_list")
