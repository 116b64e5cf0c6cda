"""The second factor (TOTP with one-time recovery codes, django-otp): enrol, verify, provision, reset.

Chamber staff and administrators always need it (User.needs_second_factor); lawyers and bailiffs once they
enrol. A session is "verified" when django_otp.login has stored the device that passed in it; the
SecondFactorMiddleware lets an unverified session of such a user reach nothing but this step.
"""

from __future__ import annotations

import base64
import binascii

import django_otp
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..access import require_administrator
from ..audit import audit_record
from ..audit_events import CoreEvent
from ..models import SecurityEventKind, User
from .events import security_event

RECOVERY_CODES = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"

WRONG_CODE = _("This code is wrong or has expired. Enter the current code from your authenticator app, or a "
               "recovery code.")
CODE_REQUIRED = _("Enter the code from your authenticator app.")
NOT_ENROLLED = _("Set up the second factor first: sign in on the portal's web pages once.")
BAD_SECRET = _("The secret must be Base32 (letters A-Z and digits 2-7), at least 16 characters.")
ONLY_ADMINISTRATORS_RESET = _("Only an administrator resets another user's second factor.")


def totp_device(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode("ascii")


@transaction.atomic
def second_factor_begin(*, user: User) -> TOTPDevice:
    """An unconfirmed authenticator for the enrolment page (the same one on every reload until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=TOTP_NAME).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def _recovery_codes_issue(user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def second_factor_confirm(*, request, user: User, device: TOTPDevice, code: str) -> list[str]:
    """The first code from the app confirms the enrolment: the device counts from now on, the session is
    verified, and ten one-time recovery codes are issued (shown once). A wrong code is recorded and slows the
    next try (kept: outside the enrolment's transaction)."""
    if device.user_id != user.pk or device.confirmed:
        raise PermissionDenied
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        accepted = device.verify_token((code or "").strip().replace(" ", ""))
    if not accepted:
        security_event(SecurityEventKind.SECOND_FACTOR_FAILED, request=request, user=user, step="enrol")
        raise ValidationError({"code": [WRONG_CODE]})
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _recovery_codes_issue(user)
        audit_record(actor=user, obj=user, kind=CoreEvent.SECOND_FACTOR_ENROLLED)
        security_event(SecurityEventKind.SECOND_FACTOR_ENROLLED, request=request, user=user)
    user._has_totp = True
    django_otp.login(request, device)
    return codes


def second_factor_check(*, user: User, code: str):
    """The device that accepts the code (the authenticator, else a recovery code, which is then used up), or
    None. Each device slows down after a wrong code (django-otp's throttling)."""
    code = (code or "").strip().replace(" ", "")
    if not code:
        return None
    with transaction.atomic():
        totp = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if totp is not None and code.isdigit() and totp.verify_token(code):
            return totp
    with transaction.atomic():
        recovery = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if recovery is not None and not code.isdigit() and recovery.verify_token(code.lower()):
            return recovery
    return None


def second_factor_verify(*, request, user: User, code: str):
    """The sign-in's second step: verify the session with the device that accepts the code."""
    device = second_factor_check(user=user, code=code)
    if device is None:
        security_event(SecurityEventKind.SECOND_FACTOR_FAILED, request=request, user=user, step="sign_in")
        raise ValidationError({"code": [WRONG_CODE]})
    if isinstance(device, StaticDevice):
        security_event(SecurityEventKind.RECOVERY_CODE_USED, request=request, user=user,
                       left=device.token_set.count())
    security_event(SecurityEventKind.SECOND_FACTOR_PASSED, request=request, user=user)
    django_otp.login(request, device)
    return device


@transaction.atomic
def recovery_codes_renew(*, request, user: User) -> list[str]:
    if totp_device(user) is None:
        raise ValidationError(NOT_ENROLLED)
    codes = _recovery_codes_issue(user)
    audit_record(actor=user, obj=user, kind=CoreEvent.RECOVERY_CODES_RENEWED)
    security_event(SecurityEventKind.RECOVERY_CODES_RENEWED, request=request, user=user)
    return codes


def _hex_key(secret: str) -> str:
    cleaned = "".join(secret.split()).upper()
    try:
        raw = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except (binascii.Error, ValueError) as error:
        raise ValidationError({"totp_secret": [BAD_SECRET]}) from error
    if len(raw) < 10 or len(raw) > 40:
        raise ValidationError({"totp_secret": [BAD_SECRET]})
    return raw.hex()


@transaction.atomic
def second_factor_provision(*, user: User, secret: str, by: User | None = None) -> TOTPDevice:
    """A confirmed authenticator with a known Base32 secret (create_user --totp-secret, seed_demo, tests).
    The system (by=None) or an administrator provisions."""
    require_administrator(by, ONLY_ADMINISTRATORS_RESET, system=True)
    key = _hex_key(secret)
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, key=key, confirmed=True)
    audit_record(actor=by, obj=user, kind=CoreEvent.SECOND_FACTOR_PROVISIONED)
    user._has_totp = True
    return device


@transaction.atomic
def second_factor_reset(*, user: User, by: User | None, request=None) -> None:
    """A lost device: an administrator removes the user's authenticator and recovery codes and ends the user's
    sessions; at the next sign-in the user enrols again. Audited, and in the security events."""
    require_administrator(by, ONLY_ADMINISTRATORS_RESET)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    User.objects.filter(pk=user.pk).update(session_epoch=user.session_epoch + 1)
    user.session_epoch += 1
    user._has_totp = False
    audit_record(actor=by, obj=user, kind=CoreEvent.SECOND_FACTOR_RESET)
    security_event(SecurityEventKind.SECOND_FACTOR_RESET, request=request, user=user, by=by.get_username())
