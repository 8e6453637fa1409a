"""Who may read a plan and who leads it.

Reading: the one access rule (people/access.py) plus the plan's own: the initiating unit, or
a unit a valid consent covers. Leading (the shared parts, approval, follow-up, closure):
the coordinator's unit, or the initiating unit until a coordinator is appointed. Each unit
changes only the measures it wrote down (its own, the needs it raised, those of other
actors it noted); any unit taking part may take on a need nobody has taken on.
"""

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from samordna.audit.models import Action
from samordna.people.access import get_visible_or_404
from samordna.plans import lifecycle
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


def get_open_plan_or_404(request, pk, *, lead: bool = False) -> Plan:
    """A plan the acting unit may see (else 404), leads when asked (else 403), open (else 409)."""
    plan = get_plan_or_404(request, pk)
    if lead:
        require_lead(request, plan)
    lifecycle.require_open(plan)
    return plan


JOIN_SALT = "samordna.plans.join"
JOIN_MAX_AGE = 60 * 60 * 24


def join_token(child) -> str:
    """A signed ticket to ask about a child the unit may not see; it expires in a day."""
    return signing.dumps(child.pk, salt=JOIN_SALT)


def child_of_join_token(token: str):
    """The child a join ticket names; 404 for a forged or expired one."""
    from samordna.people.models import Child

    try:
        return Child.objects.get(pk=signing.loads(token, salt=JOIN_SALT, max_age=JOIN_MAX_AGE))
    except (signing.BadSignature, Child.DoesNotExist):
        raise Http404 from None


def leading_unit(plan):
    return plan.coordinator_unit if plan.coordinator_unit_id else plan.initiating_unit


def leading_unit_id(plan) -> int:
    """The leading unit's id, read off the plan without fetching the unit."""
    return plan.coordinator_unit_id or plan.initiating_unit_id


def leads(request, plan) -> bool:
    return request.acting_unit is not None and request.acting_unit.pk == leading_unit_id(plan)


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
