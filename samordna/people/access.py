"""The one access rule for a child's data, and the read log a view cannot skip.

While acting for a unit, a member of staff sees a child's data only if that unit
registered the child, or takes part in a plan for the child under a consent that covers
the unit. Other apps add such reasons ("grants") with `register_grant`; everything else
answers 404, the same as a child that does not exist.

Lists use `Model.objects.visible_to(user, unit)`; single objects use
`get_child_or_404` / `get_visible_or_404`, which also write the read-log row.
"""

from collections.abc import Callable

from django.db import models
from django.db.models import Q
from django.http import Http404

from samordna.accounts.models import CHILD_DATA_ROLES

Grant = Callable[[object], Q]
_grants: list[Grant] = []


def register_grant(grant: Grant) -> Grant:
    """Add a reason a unit may see a child: `grant(unit)` returns a Q over Child.

    `unit` may be a Unit, a pk or an expression such as OuterRef("acting_unit"), so the
    same rule can flag log rows (see audit.review).
    """
    _grants.append(grant)
    return grant


def child_rule(unit) -> Q:
    """The children a unit may see: registered by it, or granted by another app's rule."""
    rule = Q(registered_by_unit=unit)
    for grant in _grants:
        rule |= grant(unit)
    return rule


def may_read_children(user, unit) -> bool:
    if unit is None or not user.is_authenticated or not user.is_active:
        return False
    return user.roles_by_unit.get(unit.pk) in CHILD_DATA_ROLES


class ChildQuerySet(models.QuerySet):
    def visible_to(self, user, unit) -> "ChildQuerySet":
        if not may_read_children(user, unit):
            return self.none()
        return self.filter(pk__in=self.model.objects.filter(child_rule(unit)).values("pk"))


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
    log_access(request, child=child or getattr(obj, "child", obj), obj=obj, action=action)
    return obj


def get_child_or_404(request, pk, *, action: str = "view"):
    from samordna.people.models import Child

    queryset = Child.objects.select_related("registered_by_unit")
    return get_visible_or_404(request, queryset, pk, action=action)
