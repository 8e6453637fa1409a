import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.http import HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _


class LanguageMiddleware:
    """Swedish unless the user chose another language with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language header; a Swedish
    public service must speak Swedish on a shared office PC set up in English.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class PermissionsPolicyMiddleware:
    """Sends Permissions-Policy (Django has no setting for it): no camera, microphone,
    position or payment for samordna's pages or anything they might embed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class NoStoreMiddleware:
    """A page for a logged-in user is never kept by the browser or a proxy: on a shared
    office PC, Back after logout must not show a child's page from the cache (ASVS 14.3.2).
    Responses that set their own caching (static files, downloads) keep it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and "Cache-Control" not in response.headers:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


SESSION_LAST_ACTIVITY = "samordna_last_activity"
SESSION_STARTED = "samordna_session_started"
# The last activity is written at most once a minute, not at every request: the idle limit
# is therefore kept to within a minute (30 to 31 minutes without a request).
ACTIVITY_RESOLUTION = 60
# Sent by requests a page makes by itself (the inbox count every minute): they are not
# activity. hx-headers puts it on the element that polls; session-timeout.js reads it too.
BACKGROUND_HEADER = "X-Background-Request"


def is_background(request) -> bool:
    return request.headers.get(BACKGROUND_HEADER) == "true"


def start_session_clock(sender, request, user, **kwargs):
    """At login (user_logged_in): both limits count from now."""
    now = int(time.time())
    request.session[SESSION_STARTED] = now
    request.session[SESSION_LAST_ACTIVITY] = now


class SessionLimitMiddleware:
    """Logs the user out after SESSION_IDLE_TIMEOUT seconds without a request, and after
    SESSION_ABSOLUTE_TIMEOUT seconds in all, and says why on the login page.

    Django's own expiry slides whenever the session is saved, which this middleware does
    (once a minute) to note the activity: the absolute limit is therefore kept here as well.
    A background request (is_background) is held to both limits but notes nothing and
    leaves the session unchanged, so Django does not save it and its expiry does not slide.
    Sets request.session_idle_timeout for the warning script in base.html.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.session_idle_timeout = settings.SESSION_IDLE_TIMEOUT
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.get(SESSION_STARTED, now)
            last = session.get(SESSION_LAST_ACTIVITY, now)
            if now - last > settings.SESSION_IDLE_TIMEOUT + ACTIVITY_RESOLUTION:
                message = _("You have been logged out after %(minutes)s minutes without activity.")
                return self._log_out(request, message % {"minutes": self._minutes()})
            if now - started > settings.SESSION_ABSOLUTE_TIMEOUT:
                message = _(
                    "You have been logged out because you have been logged in for "
                    "%(hours)s hours. Log in again to go on."
                )
                hours = settings.SESSION_ABSOLUTE_TIMEOUT // 3600
                return self._log_out(request, message % {"hours": hours})
            if not is_background(request):
                session.setdefault(SESSION_STARTED, now)
                if now - last >= ACTIVITY_RESOLUTION or SESSION_LAST_ACTIVITY not in session:
                    session[SESSION_LAST_ACTIVITY] = now
        return self.get_response(request)

    @staticmethod
    def _minutes() -> int:
        return settings.SESSION_IDLE_TIMEOUT // 60

    @staticmethod
    def _log_out(request, message) -> HttpResponse:
        logout(request)
        messages.info(request, message)
        login_url = resolve_url(settings.LOGIN_URL)
        htmx = request.headers.get("HX-Request") == "true"
        if request.method == "GET" and not htmx:
            login_url = f"{login_url}?{urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})}"
        if htmx:
            # htmx would swap the login page into the part of the page it updates.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = login_url
            return response
        return redirect(login_url)
