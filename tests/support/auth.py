"""Sign-in helpers for tests: the real login form, then the real second-factor step with a code from pyotp."""

from __future__ import annotations

import base64

import pyotp
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "correct-horse-battery"  # UserFactory's default
# The authenticator secret UserFactory gives staff and administrators (and anyone made with second_factor=True).
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def give_second_factor(user, secret: str = TEST_TOTP_SECRET) -> TOTPDevice:
    """A confirmed authenticator with a known secret (what `create_user --totp-secret` provisions)."""
    key = base64.b32decode(secret).hex()
    device, _ = TOTPDevice.objects.update_or_create(user=user, name="authenticator",
                                                    defaults={"key": key, "confirmed": True})
    user._has_totp = True
    return device


def totp_code(user, secret: str | None = None) -> str:
    """The code the user's authenticator shows now.

    django-otp accepts each time step's code once per device (`last_t`); a test that signs the same user in twice
    within 30 seconds would need to wait for the next step, so this clears `last_t` and the failure back-off
    first: the same as waiting, without the wait."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0,
                                                   throttling_failure_timestamp=None)
    return pyotp.TOTP(secret or base64.b32encode(device.bin_key).decode()).now()


def sign_in(client, user, password: str = PASSWORD, **extra):
    """Log in through /accounts/login/ and, when the user has a second factor, type the current code on the
    second-factor page. Returns the last response (a redirect to where the user was going)."""
    response = client.post(reverse("login"), {"username": user.get_username(), "password": password}, **extra)
    assert response.status_code == 302, "the password was not accepted"
    if getattr(user, "needs_second_factor", False) and TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        second = client.get(response["Location"], **extra)
        assert second.status_code == 302 and second["Location"].startswith(reverse("second_factor"))
        response = client.post(second["Location"], {"code": totp_code(user)}, **extra)
        assert response.status_code == 302, "the second factor was not accepted"
    return response


def api_token(client, user, password: str = PASSWORD, **body) -> str:
    """POST auth/token/ with the password and, for a user with a second factor, the current code."""
    payload = {"username": user.get_username(), "password": password, **body}
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        payload.setdefault("otp", totp_code(user))
    response = client.post("/api/v1/auth/token/", payload, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()["token"]
