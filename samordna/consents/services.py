"""Recording and withdrawing consent. Withdrawal takes effect at once."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samordna.audit.models import Action
from samordna.audit.services import log_access
from samordna.consents.models import Consent, ConsentParty, Withdrawal
from samordna.core.refusals import Refused
from samordna.meetings.services import follow_consent
from samordna.notifications.models import Kind
from samordna.notifications.service import notify
from samordna.plans import lifecycle
from samordna.plans.models import ClosureReason, Status
from samordna.plans.notify import tell_units


def record_consent(request, plan, form) -> Consent:
    """Save the consent and each person who gave it; a valid one moves the plan forward.

    The signed form is written to storage when the row is saved: if the transaction then
    fails, the file is removed again, so no scanned form is left without its record.
    """
    try:
        return _record_consent(request, plan, form)
    except Exception:
        document = form.instance.document
        if document and document.storage.exists(document.name):
            document.storage.delete(document.name)
        raise


@transaction.atomic
def _record_consent(request, plan, form) -> Consent:
    lifecycle.require_open(plan)
    consent = form.save(commit=False)
    consent.plan = plan
    consent.documented_by = request.user
    consent.documented_by_unit = request.acting_unit
    consent.save()
    form.save_m2m()
    if form.cleaned_data.get("child_consents"):
        ConsentParty.objects.create(consent=consent, is_child=True)
    for guardian in form.cleaned_data.get("guardians", ()):
        ConsentParty.objects.create(consent=consent, guardian=guardian)
    for trustee in form.cleaned_data.get("trustees", ()):
        ConsentParty.objects.create(consent=consent, trustee=trustee)
    if consent.is_valid_on(timezone.localdate()):
        lifecycle.advance(plan, Status.CONSENT)
        plan.save(update_fields=["status"])
    log_access(request, child=plan.child, obj=consent, action=Action.CREATE)
    return consent


@transaction.atomic
def withdraw_consent(
    request, consent, *, party, how, withdrawn_on, units=(), principals=()
) -> Withdrawal:
    """Record that `party`, one who consented, withdrew: units (or principals) leave the
    scope, or, with none named, the whole consent ends and so does the SIP ("samtycke
    återkallat"). Everyone affected is told, and the coordinator what was withdrawn."""
    plan = consent.plan
    if Consent.objects.select_for_update().get(pk=consent.pk).withdrawn_at is not None:
        raise Refused(_("The consent has already been withdrawn."))
    affected = list(plan.participating_units())
    coordinator = plan.coordinator
    withdrawal = Withdrawal.objects.create(
        consent=consent,
        party=party,
        how=how,
        withdrawn_on=withdrawn_on,
        recorded_by=request.user,
        recorded_by_unit=request.acting_unit,
    )
    withdrawal.units.set(units)
    withdrawal.principals.set(principals)
    if units or principals:
        consent.units.remove(*units)
        consent.principals.remove(*principals)
    else:
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        if not plan.is_closed and not plan.consents.valid().exists():
            lifecycle.close(plan, ClosureReason.CONSENT_WITHDRAWN)
            plan.save(update_fields=["status", "closed_at", "closure_reason", "closure_note"])
    log_access(request, child=plan.child, obj=consent, action=Action.UPDATE)
    if _release_coordinator(plan):
        log_access(request, child=plan.child, obj=plan, action=Action.UPDATE)
    follow_consent(request, plan)
    # A unit outside the consent now may no longer see the plan: it lands on its list.
    url = reverse("people:child_list")
    if coordinator == request.user:
        coordinator = None  # who recorded it knows
    tell_units(
        affected,
        _("Consent withdrawn in a SIP"),
        _(
            "Consent in a SIP your unit takes part in has been withdrawn, wholly or for some "
            "units. Units outside the consent can no longer see the plan. Open samordna for "
            "what applies now."
        ),
        kind=Kind.CONSENT_WITHDRAWN,
        url=url,
        besides=coordinator,
    )
    if coordinator is not None:
        _tell_coordinator(request, coordinator, withdrawal, url)
    return withdrawal


def _tell_coordinator(request, coordinator, withdrawal: Withdrawal, url: str) -> None:
    """What was withdrawn, by whom to the child (never a name: OSL) and who recorded it."""
    scope = withdrawal.scope
    values = {
        "unit": request.acting_unit.name,
        "who": withdrawal.party.relation,
        "how": withdrawal.get_how_display().lower(),
        "day": date_format(withdrawal.withdrawn_on, "j F Y"),
        "scope": ", ".join(scope),
    }
    if scope:
        text = _(
            "%(unit)s recorded that %(who)s withdrew the consent for %(scope)s (%(how)s, "
            "%(day)s) in a SIP you coordinate. They can no longer see the plan."
        )
    else:
        text = _(
            "%(unit)s recorded that %(who)s withdrew the whole consent (%(how)s, %(day)s) in a "
            "SIP you coordinate."
        )
    notify(
        [coordinator],
        kind=Kind.CONSENT_WITHDRAWN,
        text=text % values,
        url=url,
        subject=_("Consent withdrawn in a SIP you coordinate"),
    )


def _release_coordinator(plan) -> bool:
    """A coordinator whose unit no longer takes part cannot lead a plan it may not see: the
    initiating unit leads again until a new coordinator is appointed."""
    unit = plan.coordinator_unit
    if plan.is_closed or unit is None or unit.pk == plan.initiating_unit_id:
        return False
    if plan.consents.valid().covering(unit).exists():
        return False
    plan.coordinator = plan.coordinator_unit = None
    plan.save(update_fields=["coordinator", "coordinator_unit"])
    return True
