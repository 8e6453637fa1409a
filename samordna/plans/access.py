"""Who may read a plan and who leads it.

Reading: the one access rule (people/access.py) plus the plan's own: the initiating unit, or
a unit a valid consent covers. Leading (the shared parts, approval, follow-up, closure):
the coordinator's unit, or the initiating unit until a coordinator is appointed. Each unit
changes only the measures it wrote down (its own, the needs it raised, those of other
actors it noted); any unit taking part may take on a need nobody has taken on.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from samordna.audit.models import Action
from samordna.people.access import get_visible_or_404
from samordna.plans.models import Plan


def get_plan_or_404(request, pk, *, action: str = Action.VIEW) -> Plan:
    queryset = Plan.objects.select_related(
        "child",
        "initiating_unit__principal",
        "convener",
        "coordinator",
        "coordinator_unit__principal",
        "overall_responsibility",
    )
    return get_visible_or_404(request, queryset, pk, action=action)


def leading_unit(plan):
    return plan.coordinator_unit if plan.coordinator_unit_id else plan.initiating_unit


def leads(request, plan) -> bool:
    return request.acting_unit is not None and request.acting_unit.pk == leading_unit(plan).pk


def require_lead(request, plan) -> None:
    if not leads(request, plan):
        raise PermissionDenied(
            _(
                "Only the coordinator's unit (before that: the unit that started the SIP) "
                "may do this."
            )
        )


def keeps(request, measure) -> bool:
    """The unit that wrote the measure down keeps it (plans.models.Measure)."""
    return request.acting_unit is not None and measure.kept_by_unit_id == request.acting_unit.pk


def require_keeper(request, measure) -> None:
    if not keeps(request, measure):
        raise PermissionDenied(
            _(
                "Only the unit that wrote the measure down changes it: no organisation "
                "decides another's."
            )
        )
