"""The second factor (TOTP, RFC 6238) that the secretariat and administrators need.

Who must give it: superusers, staff (the Django admin) and the roles that work with
the whole förbund's material (STAFF_ROLES); anybody else who turned it on is asked
for it from their next login. django-otp keeps the devices and checks the codes: one
step of clock drift either way, each code once (the device's last step is stored),
and every failure doubles the wait before the next try (ThrottlingMixin).

The session says whether the second factor was given, so a request costs no query:
the role part comes from the cached access (federation.access) and so takes effect
on the next request; whether the user had a device is read once, at login.
"""

import logging
import time

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from federation.access import access_for
from federation.roles import STAFF_ROLES

logger = logging.getLogger(__name__)

VERIFIED = "second_factor_verified"  # the device that gave the code, in the session
ENROLLED = "second_factor_enrolled"  # the user had a device when logging in
DEVICE_NAME = "Autentiseringsapp"


class CodeRejected(Exception):
    """A code that did not pass; the message says why, in Swedish."""


def required_by_role(user: User) -> bool:
    if user.is_superuser or user.is_staff:
        return True
    return not access_for(user).role_names.isdisjoint(STAFF_ROLES)


def required(request: HttpRequest) -> bool:
    user = request.user
    if not user.is_authenticated:
        return False
    return bool(request.session.get(ENROLLED)) or required_by_role(user)


def is_verified(request: HttpRequest) -> bool:
    return bool(request.session.get(VERIFIED))


def start_login(sender, request: HttpRequest, user: User, **kwargs) -> None:
    """A new login has given no second factor yet (signal user_logged_in)."""
    request.session.pop(VERIFIED, None)
    request.session[ENROLLED] = confirmed_device(user) is not None


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_device(user: User) -> TOTPDevice:
    """The device being set up: its key stays the same until it is confirmed, so a
    reloaded page shows the same QR code."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def verify(request: HttpRequest, code: str) -> TOTPDevice:
    """Check a code from the user's device; the session is then verified."""
    user = request.user
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=True)
            .first()
        )
        if device is None:
            raise CodeRejected(_("Two-step verification is not set up."))
        problem = _check(device, code)
    # Raised outside the transaction: a failure's throttling counter must be kept.
    if problem:
        logger.warning("Second factor refused for %s: %s", user.username, problem)
        raise CodeRejected(problem)
    _mark_verified(request, device)
    logger.info("Second factor given by %s", user.username)
    return device


def enrol(request: HttpRequest, code: str) -> TOTPDevice:
    """Confirm the device being set up with its first code; the session is then
    verified. A user who has a device already cannot add one with a password only."""
    user = request.user
    with transaction.atomic():
        if confirmed_device(user) is not None:
            raise CodeRejected(_("Two-step verification is already set up."))
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .first()
        )
        if device is None:
            raise CodeRejected(_("Reload the page and scan the new QR code."))
        problem = _check(device, code)
        if not problem:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
    if problem:
        raise CodeRejected(problem)
    _mark_verified(request, device)
    logger.info("Second factor set up by %s", user.username)
    return device


def reset(user: User) -> int:
    """Remove the user's devices (a lost phone): they set up a new one at their
    next login. Returns how many were removed."""
    count, _details = TOTPDevice.objects.filter(user=user).delete()
    logger.warning("Second factor reset for %s (%s devices)", user.username, count)
    return count


def _check(device: TOTPDevice, code: str) -> str:
    """Why the code does not pass, or "" when it does."""
    code = "".join(str(code).split())
    if not (code.isdigit() and len(code) == device.digits):
        return _("The code is six digits.")
    allowed, details = device.verify_is_allowed()
    if not allowed:
        until = (details or {}).get("locked_until")
        seconds = max(1, int(until.timestamp() - time.time())) if until else 1
        return _("Too many wrong codes. Try again in %(seconds)s seconds.") % {
            "seconds": seconds
        }
    if not device.verify_token(code):
        return _(
            "The code is wrong or has been used already. "
            "Wait for the next code in the app and try again."
        )
    return ""


def _mark_verified(request: HttpRequest, device: TOTPDevice) -> None:
    # A new session key now that the session carries more rights (session fixation).
    request.session.cycle_key()
    request.session[VERIFIED] = device.persistent_id
    request.session[ENROLLED] = True


def secret_for_display(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app by hand."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def current_code(device: TOTPDevice) -> str:
    """The code the device shows now: only for the demo hint in development."""
    if not settings.DEBUG:
        raise RuntimeError("current_code is for development only")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth URL as an inline SVG QR code (no script, no request)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(
        device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8
    )
    return image.to_string(encoding="unicode")
