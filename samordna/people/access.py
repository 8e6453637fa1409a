"""The one access rule for a child's data, and the read log a view cannot skip.

While acting for a unit, a member of staff sees a child's data only if that unit
registered the child, or takes part in a plan for the child under a consent that covers
the unit. The reasons are kept as rows, an index (samordna/access, decision 34) written
whenever a source changes; everything else answers 404, the same as a child that does not
exist.

Lists use `Model.objects.visible_to(user, unit)`; single objects use
`get_child_or_404` / `get_visible_or_404`, which also write the read-log row.
"""

from django.db import models, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404

from samordna.access.models import ChildAccess
from samordna.accounts.models import CHILD_DATA_ROLES


def child_rule(unit, child: str = "pk") -> Q:
    """The children a unit may see today: an indexed EXISTS on the unit's rows. `child`
    names the child's id on the model filtered ("child_id" on a plan), so that a plan list
    asks the index directly, without joining the children."""
    return Q(Exists(ChildAccess.objects.on().filter(unit=unit, child=OuterRef(child))))


def visible_counts(user, unit) -> dict:
    """How many children the unit may see and how many it registered, from the index alone
    (the start page): the rows `child_rule` asks, counted."""
    from samordna.access.models import Reason

    if not may_read_children(user, unit):
        return {"visible": 0, "registered": 0}
    return (
        ChildAccess.objects.on()
        .filter(unit=unit)
        .aggregate(
            visible=Count("child", distinct=True),
            registered=Count("child", distinct=True, filter=Q(reason=Reason.REGISTERED)),
        )
    )


def may_read_children(user, unit) -> bool:
    if unit is None or not user.is_authenticated or not user.is_active:
        return False
    return user.roles_by_unit.get(unit.pk) in CHILD_DATA_ROLES


class ChildQuerySet(models.QuerySet):
    def visible_to(self, user, unit) -> "ChildQuerySet":
        if not may_read_children(user, unit):
            return self.none()
        return self.filter(child_rule(unit))

    def update(self, **fields) -> int:
        """Bulk changes bypass the signals: the children's access rows follow here."""
        from samordna.access.index import refresh

        with transaction.atomic():
            ids = list(self.values_list("pk", flat=True))
            count = super().update(**fields)
            refresh(ids)
        return count


class ChildDataQuerySet(models.QuerySet):
    """For models that hang off a child; `Model.child_path` names the way to the child."""

    def visible_to(self, user, unit) -> "ChildDataQuerySet":
        from samordna.people.models import Child

        children = Child.objects.visible_to(user, unit)
        return self.filter(
            pk__in=self.model.objects.filter(
                **{f"{self.model.child_path}__in": children.values("pk")}
            ).values("pk")
        )


def get_visible_or_404(request, queryset, pk, *, action: str = "view", child=None):
    """One object the acting unit may see, logged as read; 404 for missing and forbidden alike.

    For data that hangs off a child, pass the child (already fetched through this helper):
    the object must belong to it, and the log row names it. An object with a `child`
    attribute (a plan) names its own child.
    """
    from samordna.audit.models import Action
    from samordna.audit.services import log_access

    # A fetch logs the read (a view, a print, an export); the service that changes logs the
    # change, once it has happened: a refused or invalid POST is no change.
    if action not in (Action.VIEW, Action.PRINT, Action.EXPORT):
        raise ValueError(f"A fetch logs a read, not {action!r}")
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    visible = queryset.visible_to(request.user, request.acting_unit)
    if child is not None:
        visible = visible.filter(**{queryset.model.child_path: child})
    try:
        obj = visible.get(pk=pk)
    except queryset.model.DoesNotExist:
        # A security event (audit.middleware), whether the object exists or not: neither
        # the answer nor the work behind it may tell.
        request.refused_object = f"{queryset.model._meta.label_lower} {pk}"
        raise Http404 from None
    # Found through visible_to: the unit has a reason now, the row records it so.
    child = child or getattr(obj, "child", obj)
    log_access(request, child=child, obj=obj, action=action, found_visible=True)
    return obj


def get_child_or_404(request, pk, *, action: str = "view"):
    from samordna.people.models import Child

    queryset = Child.objects.select_related("registered_by_unit")
    return get_visible_or_404(request, queryset, pk, action=action)
