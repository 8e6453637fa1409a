"""Every write to a child's data: one transaction with its read-log row."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.accounts.models import child_staff
from samordna.audit.models import Action
from samordna.audit.services import log_access
from samordna.core.versioning import next_version
from samordna.notifications.models import Kind
from samordna.notifications.service import notify
from samordna.people import identity
from samordna.people.models import Child, Guardian, Guardianship


def find_child_by_number(number: str) -> Child | None:
    return Child.objects.filter(identity_number=number).first()


@transaction.atomic
def note_look_up(request, child: Child) -> None:
    """A unit that may not see the child typed its number. The look-up is a read: logged, so
    the review flags it, and the registering unit's staff are told (once a day for each unit
    that looks) without the child being named in the message (decision 29)."""
    log_access(request, child=child, action=Action.SEARCH)
    unit = request.acting_unit
    notify(
        child_staff([child.registered_by_unit]),
        kind=Kind.NUMBER_LOOKUP,
        text=_(
            "%(unit)s (%(principal)s) looked up the identity number of a child your unit "
            "registered. The unit may not see the child."
        )
        % {"unit": unit.name, "principal": unit.principal},
        url=reverse("people:child_detail", args=[child.pk]),
        key=f"number_lookup:{child.pk}:{unit.pk}:{timezone.localdate():%Y-%m-%d}",
    )


@transaction.atomic
def register_child(request, child_form, guardian_forms) -> Child:
    """Register a child with guardians, owned by the acting unit."""
    unit = request.acting_unit
    child = child_form.save(commit=False)
    if child_form.cleaned_data.get("has_no_number"):
        number = identity.issue_reserve_number(
            child_form.cleaned_data["birth_date"],
            taken=lambda value: Child.objects.filter(identity_number=value).exists(),
        )
    else:
        number = identity.normalise(child_form.cleaned_data["identity_number"])
    child.identity_number = number.value
    child.birth_date = number.birth_date
    child.registered_by_unit = unit
    child.save()
    child_form.save_m2m()
    log_access(request, child=child, action=Action.CREATE)
    for form in guardian_forms:
        if form.has_changed():
            add_guardian(request, child, form)
    return child


@transaction.atomic
def add_guardian(request, child: Child, form) -> Guardian:
    """Link a guardian; one already registered by this unit (e.g. for a sibling) is reused."""
    unit = request.acting_unit
    data = form.cleaned_data
    guardian = None
    if data.get("identity_number"):
        guardian = Guardian.objects.filter(
            registered_by_unit=unit, identity_number=data["identity_number"]
        ).first()
    if guardian is None:
        guardian = form.save(commit=False)
        guardian.registered_by_unit = unit
        guardian.save()
    Guardianship.objects.update_or_create(
        child=child, guardian=guardian, defaults={"kind": data["kind"]}
    )
    log_access(request, child=child, obj=guardian, action=Action.CREATE)
    return guardian


@transaction.atomic
def update_child(request, child: Child, form) -> Child:
    """Save the form unless the record changed since the user read it (no lost updates)."""
    version = next_version(Child, child.pk, form.cleaned_data["version"])
    child = form.save(commit=False)
    child.version = version
    child.save()
    form.save_m2m()
    log_access(request, child=child, action=Action.UPDATE)
    return child


@transaction.atomic
def save_child_item(request, child: Child, form):
    """Create or change a guardian, relative or trustee of the child."""
    item = form.save(commit=False)
    created = item.pk is None
    if created and isinstance(item, Guardian):
        return add_guardian(request, child, form)
    if created:
        item.registered_by_unit = request.acting_unit
        item.child = child
    item.save()
    if isinstance(item, Guardian):
        Guardianship.objects.filter(child=child, guardian=item).update(
            kind=form.cleaned_data["kind"]
        )
    log_access(request, child=child, obj=item, action=Action.CREATE if created else Action.UPDATE)
    return item
