"""The second factor (TOTP, RFC 6238) that the secretariat and administrators need.

Who must give it: superusers, staff (the Django admin) and the roles that work with
the whole förbund's material (STAFF_ROLES); anybody else who turned it on is asked
for it from their next login. django-otp keeps the devices and checks the codes: one
step of clock drift either way, each code once (the device's last step is stored),
and every failure doubles the wait before the next try (ThrottlingMixin).

The session says whether the second factor was given; the role part comes from the
user's grants (federation.access, read once per request) and so takes effect on the
next request; whether the user had a device is read once, at login.
"""

import datetime
import logging
import time
from base64 import b32encode
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from federation.access import access_for
from federation.http import LoggedInRequest
from federation.roles import STAFF_ROLES

from .tasks import warn_of_wrong_codes_task

logger = logging.getLogger(__name__)

WARN_AFTER = 3  # wrong codes in a row before the owner is told by e-mail
VERIFIED = "second_factor_verified"  # the device that gave the code, in the session
ENROLLED = "second_factor_enrolled"  # the user had a device when logging in
PENDING = "second_factor_pending"  # the device this session is setting up
PENDING_MINUTES = 15
DEVICE_NAME = "Autentiseringsapp"
DEMO_DEVICE_NAME = "Demotelefon"  # federation.demo


class CodeRejected(Exception):
    """A code that did not pass; the message says why, in Swedish."""


def required_by_role(user: User) -> bool:
    if user.is_superuser or user.is_staff:
        return True
    # Required when any grant in any förbund needs it: the session is one login.
    return not access_for(user).all_roles.isdisjoint(STAFF_ROLES)


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


def pending_device(request: LoggedInRequest) -> TOTPDevice:
    """The device this session is setting up: a reloaded page shows the same QR code.

    The key belongs to the session: another session of the same user (somebody with
    the password only) gets a key of its own and removes this one, so the user's
    confirmation then fails visibly instead of the other session keeping a copy.
    """
    user = request.user
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one at a time
        device = (
            TOTPDevice.objects.devices_for_user(user, confirmed=False)
            .filter(pk=request.session.get(PENDING), created_at__gte=_pending_since())
            .first()
        )
        if device is None:
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            device = TOTPDevice.objects.create(
                user=user, name=DEVICE_NAME, confirmed=False
            )
    request.session[PENDING] = device.pk
    return device


def _pending_since() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=PENDING_MINUTES)


def verify(request: LoggedInRequest, code: str) -> TOTPDevice:
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
        if device.throttling_failure_count == WARN_AFTER:
            # Whoever it is knows the password: the owner must hear of it.
            warn_of_wrong_codes_task.delay_on_commit(
                user_id=user.pk, failures=WARN_AFTER
            )
        raise CodeRejected(problem)
    _mark_verified(request, device)
    logger.info("Second factor given by %s", user.username)
    return device


def warn_of_wrong_codes(user: User, failures: int) -> bool:
    """E-mail the owner that somebody with their password gave wrong codes."""
    if not user.email:
        logger.warning("No e-mail address to warn %s of wrong codes", user.username)
        return False
    with translation.override("sv"):
        subject = _("Wrong codes at login to Förbundsportalen")
        body = _(
            "Somebody gave a wrong two-step verification code %(failures)s times in "
            "a row when logging in as %(username)s. Whoever it was knew your "
            "password.\n\nIf it was not you, change your password at once and tell "
            "the federation's administrator."
        ) % {"failures": failures, "username": user.username}
    send_mail(subject, body, None, [user.email])
    logger.warning("Warned %s of %s wrong codes", user.username, failures)
    return True


def enrol(request: LoggedInRequest, code: str) -> TOTPDevice:
    """Confirm the device this session is setting up with its first code; the session
    is then verified. A user who has a device already cannot add one with a password
    only."""
    user = request.user
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one at a time
        if confirmed_device(user) is not None:
            raise CodeRejected(_("Two-step verification is already set up."))
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(
                user=user,
                confirmed=False,
                pk=request.session.get(PENDING),
                created_at__gte=_pending_since(),
            )
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
    request.session.pop(PENDING, None)
    _mark_verified(request, device)
    # Sessions that logged in before it was on must give it too: they end.
    end_sessions(user, keep=request.session.session_key)
    logger.info("Second factor set up by %s", user.username)
    return device


def reset(user: User) -> int:
    """Remove the user's devices (a lost phone): they set up a new one at their
    next login, and every session of theirs ends (device_removed). Returns how many
    devices were removed."""
    count, _details = TOTPDevice.objects.filter(user=user).delete()
    logger.warning("Second factor reset for %s (%s devices)", user.username, count)
    return count


def device_removed(sender, instance: TOTPDevice, **kwargs) -> None:
    """A confirmed device deleted (here or in the admin): the sessions it verified
    must not outlive it (signal post_delete)."""
    if instance.confirmed:
        end_sessions(instance.user)


def end_sessions(user: User, keep: str | None = None) -> int:
    """End every live session of the user but `keep`. Sessions are not indexed by
    user, so each live one is read: this runs on a reset or a set-up, not per
    request."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key == keep:
            continue
        if session.get_decoded().get(SESSION_KEY) == str(user.pk):
            store(session.session_key).delete()  # the cached copy too
            ended += 1
    return ended


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
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def demo_code(device: TOTPDevice) -> str | None:
    """The code a demo account's device shows now, in development only: the demo
    has no phones. A real device's code is never shown, whatever the settings."""
    if not (settings.DEBUG and device.name == DEMO_DEVICE_NAME):
        return None
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
