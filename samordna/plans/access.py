"""Who may read a plan and who leads it.

Reading: the one access rule (people/access.py) plus the plan's own: the initiating unit, or
a unit a valid consent covers. Leading (the shared parts, approval, follow-up, closure):
the coordinator's unit, or the initiating unit until a coordinator is appointed. Each unit
writes its own measures only.
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


def require_own_measure(request, measure) -> None:
    if request.acting_unit is None or measure.responsible_unit_id != request.acting_unit.pk:
        raise PermissionDenied(
            _("Only the responsible unit changes its measures: no organisation decides another's.")
        )
