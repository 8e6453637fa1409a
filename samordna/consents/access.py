"""The consent grant: a unit takes part in a child's plan while a valid consent covers it.

Each consent of a child's plans gives the access index (samordna/access) one row per unit it
covers, directly or through the unit's principal, with the consent's dates: valid from
`given_on` to `valid_until`, ended when withdrawn — `valid_q`'s rule, kept as dates, so
that a consent expires without anything being written. The rows are refreshed whenever a
consent, its units or principals, or a unit's principal change.
"""

from collections.abc import Iterator

from django.db.models.signals import m2m_changed, post_save, pre_save

from samordna.access.index import Row, refresh, register_grant
from samordna.access.models import ChildAccess, Reason
from samordna.consents.models import Consent
from samordna.organisations.models import Unit
from samordna.plans.models import Plan


def consent_rows(child_ids: list[int]) -> Iterator[Row]:
    """A row per consent of the children's plans and unit it covers, with its dates."""
    consents = {
        pk: rest
        for pk, *rest in Consent.objects.filter(plan__child__in=child_ids).values_list(
            "pk", "plan__child_id", "given_on", "valid_until", "withdrawn_at"
        )
    }
    direct = Consent.units.through.objects.filter(consent__in=consents)
    by_principal = Consent.principals.through.objects.filter(
        consent__in=consents, principal__units__isnull=False
    )
    for consent_id, unit_id in [
        *direct.values_list("consent_id", "unit_id"),
        *by_principal.values_list("consent_id", "principal__units"),
    ]:
        child_id, *dates = consents[consent_id]
        yield Row(child_id, unit_id, Reason.CONSENT, consent_id, *dates)


def children_of(consent_ids) -> set[int]:
    """The children whose rows the consents give, or gave."""
    plans = Plan.objects.filter(consents__in=consent_ids).values_list("child_id", flat=True)
    rows = ChildAccess.objects.filter(consent__in=consent_ids).values_list("child_id", flat=True)
    return {*plans, *rows}


def _consent_saved(sender, instance, **kwargs) -> None:
    refresh(children_of([instance.pk]))


def _scope_changed(sender, instance, action, **kwargs) -> None:
    # The relations have no reverse accessor (related_name="+"): `instance` is the consent.
    if action in ("post_add", "post_remove", "post_clear"):
        refresh(children_of([instance.pk]))


def _unit_saving(sender, instance, **kwargs) -> None:
    before = Unit.objects.filter(pk=instance.pk) if instance.pk else Unit.objects.none()
    instance._principal_before = before.values_list("principal_id", flat=True).first()


def _unit_saved(sender, instance, **kwargs) -> None:
    """A new unit, or one moved to another principal: the consents naming its principal
    cover it now, those naming the one before no longer do."""
    if instance._principal_before == instance.principal_id:
        return
    naming = Plan.objects.filter(consents__principals=instance.principal_id)
    rows = ChildAccess.objects.filter(unit=instance, reason=Reason.CONSENT)
    refresh({*naming.values_list("child_id", flat=True), *rows.values_list("child_id", flat=True)})


def connect() -> None:
    register_grant(consent_rows)
    post_save.connect(_consent_saved, sender=Consent, dispatch_uid="access_consent")
    for relation in (Consent.units, Consent.principals):
        m2m_changed.connect(
            _scope_changed, sender=relation.through, dispatch_uid=f"access_{relation.field.name}"
        )
    pre_save.connect(_unit_saving, sender=Unit, dispatch_uid="access_unit_before")
    post_save.connect(_unit_saved, sender=Unit, dispatch_uid="access_unit")
