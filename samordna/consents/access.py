"""The consent grant: a unit takes part in a child's plan while a valid consent covers it."""

from django.db.models import Q
from django.utils import timezone


def consent_grant(unit) -> Q:
    """Children with a plan whose valid consent covers the unit, directly or by principal.

    Written as joins, not a subquery, so that `unit` may also be an OuterRef (audit review).
    """
    today = timezone.localdate()
    valid = (
        Q(plans__consents__withdrawn_at__isnull=True)
        & Q(plans__consents__given_on__lte=today)
        & (
            Q(plans__consents__valid_until__isnull=True)
            | Q(plans__consents__valid_until__gte=today)
        )
    )
    return valid & (Q(plans__consents__units=unit) | Q(plans__consents__principals__units=unit))
