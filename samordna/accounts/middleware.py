from samordna.accounts.models import Membership

SESSION_KEY = "acting_unit_id"


def acting_membership(request) -> Membership | None:
    """The membership the user acts through: the unit chosen in this session, else the first."""
    memberships = list(request.user.memberships.select_related("unit__principal"))
    chosen = request.session.get(SESSION_KEY)
    for membership in memberships:
        if membership.unit_id == chosen:
            return membership
    return memberships[0] if memberships else None


class ActingUnitMiddleware:
    """Sets request.membership and request.acting_unit: the unit every action is done for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        request.acting_unit = None
        if request.user.is_authenticated:
            request.membership = acting_membership(request)
            request.acting_unit = request.membership.unit if request.membership else None
        return self.get_response(request)
