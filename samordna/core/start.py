"""The start page shows each user what they have to do, as panels chosen by role."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from samordna.accounts import access
from samordna.accounts.models import (
    ADMINISTERS_SYSTEM,
    ADMINISTERS_USERS,
    REVIEWS_LOG,
    WORKS_WITH_CHILDREN,
    Membership,
)
from samordna.core.health import check_health
from samordna.organisations.models import Unit
from samordna.people.access import visible_counts


def unit_panel(request) -> dict:
    unit = request.acting_unit
    colleagues = (
        Membership.objects.filter(unit=unit, user__is_active=True)
        .exclude(user=request.user)
        .select_related("user")
        .order_by("user__family_name")
    )
    return {"template": "core/panels/unit.html", "colleagues": colleagues}


def children_panel(request) -> dict:
    """Counts only: names on the start page would be reads to log without a reason. One
    query, on the access index."""
    counts = visible_counts(request.user, request.acting_unit)
    return {"template": "core/panels/children.html", **counts}


def plans_panel(request) -> dict:
    """What the unit's SIP work needs now, as counts in two queries; the list itself is one
    click away."""
    from samordna.plans.models import JoinRequest, Plan, Status, led_by_q

    unit = request.acting_unit
    plans = Plan.objects.visible_to(request.user, unit).open()
    leads = led_by_q(unit)
    soon = timezone.localdate() + timedelta(days=30)
    counts = plans.aggregate(
        open=Count("pk"),
        led=Count("pk", filter=leads),
        follow_ups_due=Count("pk", filter=leads & Q(next_follow_up__lte=soon)),
        without_follow_up=Count(
            "pk", filter=leads & Q(status=Status.ACTIVE, next_follow_up__isnull=True)
        ),
    )
    return {
        "template": "core/panels/plans.html",
        "joins": JoinRequest.objects.filter(plan__in=plans.filter(leads), status="pending").count(),
        **counts,
    }


def users_panel(request) -> dict:
    users = access.administered_users(request.user)
    return {
        "template": "core/panels/users.html",
        "user_count": users.count(),
        "never_logged_in": users.filter(last_login__isnull=True, is_active=True)[:10],
    }


def principal_panel(request) -> dict:
    units = (
        Unit.objects.filter(principal=request.acting_unit.principal)
        .annotate(staff_count=Count("memberships"))
        .order_by("name")
    )
    return {"template": "core/panels/principal.html", "units": units}


def system_panel(request) -> dict:
    from samordna.core.failed_tasks import failed_results

    return {
        "template": "core/panels/system.html",
        "health": check_health(),
        "failed_tasks": failed_results().count(),
    }


# Each panel for the capability it needs (None: everyone at a unit), in the order shown.
PANELS = [
    (ADMINISTERS_SYSTEM, system_panel),
    (WORKS_WITH_CHILDREN, plans_panel),
    (WORKS_WITH_CHILDREN, children_panel),
    (REVIEWS_LOG, principal_panel),
    (ADMINISTERS_USERS, users_panel),
    (None, unit_panel),
]


def start_panels(request) -> list[dict]:
    if request.membership is None:
        return [{"template": "core/panels/no_unit.html"}]
    capabilities = request.membership.capabilities
    return [panel(request) for needs, panel in PANELS if needs is None or needs in capabilities]
