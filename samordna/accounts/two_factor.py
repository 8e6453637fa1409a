"""Two-factor login with django-otp: a code from an authenticator app (TOTP), or one of ten
single-use backup codes when the phone is not at hand."""

import enum
import logging
from base64 import b32encode

import django_otp
import segno
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from samordna.accounts.models import User
from samordna.audit.services import client_ip

log = logging.getLogger(__name__)

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "Autentiseringsapp"
BACKUP_DEVICE_NAME = "Reservkoder"


class Outcome(enum.Enum):
    VERIFIED = "verified"
    WRONG = "wrong"
    THROTTLED = "throttled"


def app_device(user: User, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=confirmed).first()


def is_satisfied(request) -> bool:
    """Has this session's user given the second factor (or does the demo waive it)?"""
    if request.user.is_verified():
        return True
    # make run only (settings refuse it with DEBUG off): a user who has not set up an app
    # is let in, so that testers need no phone; one who has is still asked for the code.
    return settings.DEMO_SKIP_2FA and app_device(request.user) is None


# --- Enrolment --------------------------------------------------------------------------
def start_enrolment(user: User) -> TOTPDevice:
    """The unconfirmed app device whose secret the enrolment page shows (kept on reload)."""
    device = app_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def qr_code_svg(device: TOTPDevice) -> SafeString:
    """The device's otpauth:// URL as inline SVG: no style attributes, so the CSP allows it."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4,
        light="#fff",
        title=_("QR code to scan with your authenticator app"),  # segno escapes it
        svgclass="qr-code",
    )
    # segno has no option for the role; it makes screen readers use the title as its name.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308 - segno's own markup


def manual_entry_secret(device: TOTPDevice) -> str:
    """The secret as apps ask for it when typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def confirm_enrolment(request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the device with its first code and mark the session verified.

    Returns the new backup codes, or None when the code was wrong.
    """
    if not device.verify_token(code):
        log.info("Two-factor enrolment: wrong code for user %s", device.user_id)
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user_id=device.user_id, confirmed=False).delete()
    request.session.cycle_key()
    django_otp.login(request, device)
    log.info("Two-factor login set up for user %s", device.user_id)
    return new_backup_codes(device.user)


# --- Backup codes -----------------------------------------------------------------------
@transaction.atomic
def new_backup_codes(user: User) -> list[str]:
    """Ten new single-use codes; the old ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": BACKUP_DEVICE_NAME}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    log.info("New backup codes for user %s", user.pk)
    return codes


@transaction.atomic
def reset(user: User, *, by: User) -> None:
    """A lost phone: the user's app and backup codes are removed, so every session of theirs
    must give a second factor again, and their next login sets up a new app."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    log.info("Two-factor login of user %s reset by user %s", user.pk, by.pk)


def backup_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user).count()


# --- The second step of a login ---------------------------------------------------------
def normalise(code: str) -> str:
    """People type codes with spaces or capitals; backup codes are lower-case base32."""
    return "".join(code.split()).replace("-", "").lower()


def device_for_code(user: User, code: str) -> TOTPDevice | StaticDevice | None:
    """Six digits are an app code, anything else a backup code."""
    if code.isdigit() and len(code) == 6:
        return app_device(user)
    return StaticDevice.objects.devices_for_user(user, confirmed=True).first()


def verify(request, code: str) -> Outcome:
    """Check the code of the logged-in user and, when right, mark the session verified.

    A wrong code counts as a failed login for django-axes (same account and address) and
    adds to django-otp's throttle on the device, which doubles the wait after each failure.
    """
    user = request.user
    code = normalise(code)
    device = device_for_code(user, code)
    if device is not None and not device.verify_is_allowed()[0]:
        log.warning("Two-factor code refused (throttled) for user %s", user.pk)
        return Outcome.THROTTLED
    verified = None
    if device is not None:
        verified = django_otp.verify_token(user, device.persistent_id, code)
    if verified is None:
        log.warning("Two-factor login failure for user %s from %s", user.pk, client_ip(request))
        user_login_failed.send(__name__, credentials={"username": user.email}, request=request)
        return Outcome.WRONG
    request.session.cycle_key()
    django_otp.login(request, verified)
    kind = "backup code" if isinstance(verified, StaticDevice) else "app"
    log.info("Two-factor login success for user %s with %s", user.pk, kind)
    return Outcome.VERIFIED
