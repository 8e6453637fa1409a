from samordna.accounts.models import Membership

SESSION_KEY = "acting_unit_id"


def acting_membership(request, memberships: list[Membership]) -> Membership | None:
    """The membership the user acts through: the unit chosen in this session, else the first."""
    chosen = request.session.get(SESSION_KEY)
    for membership in memberships:
        if membership.unit_id == chosen:
            return membership
    return memberships[0] if memberships else None


class ActingUnitMiddleware:
    """Sets request.membership and request.acting_unit: the unit every action is done for.

    request.memberships holds all the user's memberships, read once per request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.memberships = []
        request.membership = None
        request.acting_unit = None
        if request.user.is_authenticated:
            request.memberships = list(request.user.memberships.select_related("unit__principal"))
            # The user's roles come from the same rows: no second query for them.
            request.user.roles_by_unit = {m.unit_id: m.role for m in request.memberships}
            request.membership = acting_membership(request, request.memberships)
            request.acting_unit = request.membership.unit if request.membership else None
        return self.get_response(request)
