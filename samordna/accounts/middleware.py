from urllib.parse import urlencode

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponse
from django.shortcuts import redirect, resolve_url

from samordna.accounts import sessions, two_factor
from samordna.accounts.models import Membership
from samordna.core.middleware import is_background

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


class RequireTwoFactorMiddleware:
    """Sends a user who has logged in with a password but not yet given the second factor
    to the two-factor step (or, without an authenticator app, to setting one up) before
    any page but these: no child data, no admin, nothing else half-logged-in."""

    ALLOWED_WITHOUT_SECOND_FACTOR = frozenset(
        {
            "accounts:login",
            "accounts:logout",
            "accounts:two_factor",
            "accounts:two_factor_enrol",
            "accounts:password_reset",
            "accounts:password_reset_done",
            "accounts:password_reset_confirm",
            "accounts:password_reset_complete",
            "core:healthz",
            "core:accessibility",
            "core:keep_alive",
            "set_language",
            "meetings:confirm",  # public: the signed link in an invitation is the key
        }
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        if request.resolver_match.view_name in self.ALLOWED_WITHOUT_SECOND_FACTOR:
            return None
        if two_factor.is_satisfied(request):
            return None
        url = resolve_url("accounts:two_factor")
        if request.method == "GET":
            url = f"{url}?{urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})}"
        if request.headers.get("HX-Request") == "true":
            # htmx would swap the two-factor page into the part of the page it updates.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)


class SessionRecordMiddleware:
    """Keeps the record of the user's session (accounts.sessions) in step with the activity
    the session middleware before it notes; a background poll records nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not is_background(request):
            sessions.record(request, request.user)
        return self.get_response(request)
