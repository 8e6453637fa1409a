"""The second step of a login, setting up an authenticator app, and backup codes."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from samordna.accounts import two_factor
from samordna.accounts.forms import TwoFactorCodeForm
from samordna.accounts.two_factor import Outcome

# The backup codes of this session's latest set, shown once and then dropped.
NEW_CODES_SESSION_KEY = "two_factor_new_backup_codes"


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    # A path on this site only: redirect() would take any other text for a URL name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, request: HttpRequest) -> str:
    return f"{resolve_url(name)}?{urlencode({REDIRECT_FIELD_NAME: _next_url(request)})}"


def _locked_out(request: HttpRequest) -> HttpResponse:
    """Too many wrong passwords or codes: end the half-finished login, as axes would."""
    credentials = {"username": request.user.email}
    logout(request)
    return get_lockout_response(request, None, credentials)


@never_cache
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    if two_factor.is_satisfied(request):
        return redirect(_next_url(request))
    if two_factor.app_device(request.user) is None:
        return redirect(_with_next("accounts:two_factor_enrol", request))
    if AxesProxyHandler.is_locked(request, {"username": request.user.email}):
        return _locked_out(request)
    form = TwoFactorCodeForm(
        request.POST or None,
        help_text=_("Six digits from your authenticator app, or one of your backup codes."),
    )
    if request.method == "POST" and form.is_valid():
        outcome = two_factor.verify(request, form.cleaned_data["code"])
        if outcome is Outcome.VERIFIED:
            return redirect(_next_url(request))
        if getattr(request, "axes_locked_out", False):
            return _locked_out(request)
        if outcome is Outcome.THROTTLED:
            form.add_error("code", _("Too many wrong codes. Wait a minute and try again."))
        else:
            form.add_error("code", _("The code is wrong or has already been used. Try again."))
    context = {"form": form, "next": _next_url(request)}
    return render(request, "accounts/two_factor_verify.html", context)


@never_cache
@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    if two_factor.app_device(request.user) is not None:
        return redirect("accounts:two_factor_settings")
    device = two_factor.start_enrolment(request.user)
    form = TwoFactorCodeForm(
        request.POST or None, help_text=_("The six digits the app shows for samordna.")
    )
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_enrolment(request, device, form.cleaned_data["code"])
        if codes is not None:
            request.session[NEW_CODES_SESSION_KEY] = codes
            return redirect(_with_next("accounts:two_factor_backup_codes", request))
        form.add_error("code", _("The code is wrong. Check the time on your phone and try again."))
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_code": two_factor.qr_code_svg(device),
        "secret": two_factor.manual_entry_secret(device),
    }
    return render(request, "accounts/two_factor_enrol.html", context)


@never_cache
@require_safe
@login_required
def backup_codes(request: HttpRequest) -> HttpResponse:
    """Shows the codes just made, once: a reload or a later visit does not show them again."""
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("accounts:two_factor_settings")
    context = {"codes": codes, "next": _next_url(request)}
    return render(request, "accounts/two_factor_backup_codes.html", context)


@login_required
@require_POST
def new_backup_codes(request: HttpRequest) -> HttpResponse:
    request.session[NEW_CODES_SESSION_KEY] = two_factor.new_backup_codes(request.user)
    return redirect(_with_next("accounts:two_factor_backup_codes", request))


@never_cache
@require_safe
@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    device = two_factor.app_device(request.user)
    context = {
        "device": device,
        "backup_codes_left": two_factor.backup_codes_left(request.user) if device else 0,
    }
    return render(request, "accounts/two_factor_settings.html", context)
