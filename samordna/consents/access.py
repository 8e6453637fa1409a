"""The consent grant: a unit takes part in a child's plan while a valid consent covers it."""

from django.db.models import Q

from samordna.consents.models import valid_q


def consent_grant(unit) -> Q:
    """Children with a plan whose valid consent covers the unit, directly or by principal.

    Written as joins, not a subquery, so that `unit` may also be an OuterRef (audit review).
    """
    return valid_q(prefix="plans__consents__") & (
        Q(plans__consents__units=unit) | Q(plans__consents__principals__units=unit)
    )
