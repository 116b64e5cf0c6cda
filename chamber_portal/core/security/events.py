"""The security events log (sign-ins, failures, lockouts, second-factor changes, tokens) and the client's
address behind the proxy, which django-axes and the log share."""

from __future__ import annotations

import ipaddress
import logging

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from ..models import SecurityEvent, SecurityEventKind, User

logger = logging.getLogger("chamber_portal.security")


def client_ip(request) -> str | None:
    """The client's address: each of the AXES_IPWARE_PROXY_COUNT proxies in front appends the address it saw to
    X-Forwarded-For, so the client is that many entries from the right; whatever the client wrote further left
    is ignored. With no proxy (count 0) REMOTE_ADDR is the client."""
    request = getattr(request, "_request", request)  # a DRF request
    meta = request.META
    count = settings.AXES_IPWARE_PROXY_COUNT
    address = meta.get("REMOTE_ADDR", "")
    if count:
        hops = [hop.strip() for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if hops:
            address = hops[-min(count, len(hops))]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def security_event(
    kind: SecurityEventKind | str, *, request=None, user: User | None = None, username: str = "", **detail
) -> SecurityEvent:
    """Record one security event (outside any business transaction: a failed sign-in is kept)."""
    if user is not None and not user.pk:
        user = None
    event = SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=username or (user.get_username() if user else ""),
        ip_address=client_ip(request) if request is not None else None,
        detail=detail,
    )
    # The row's id and the account's, never the typed username: a failed sign-in's "username" is often a password
    # typed in the wrong field, and logs travel further than this table (which staff see and beat purges).
    logger.info("security event %s id=%s user_id=%s", kind, event.pk, event.user_id)
    return event


def lockout_response(request, response, credentials):
    """AXES_LOCKOUT_CALLABLE: a locked-out sign-in gets the very answer of a wrong password (the login form
    with its error, or the API's 400), so a guesser cannot tell a lockout from a miss."""
    return response


@receiver(user_logged_in, dispatch_uid="security.signed_in")
def _signed_in(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None:
        import time

        session["security_last_seen"] = int(time.time())  # the idle clock starts at sign-in (middleware.LAST_SEEN)
    security_event(SecurityEventKind.SIGNED_IN, request=request, user=user,
                   via="api" if request is not None and request.path.startswith("/api/") else "web")


@receiver(user_login_failed, dispatch_uid="security.sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    security_event(SecurityEventKind.SIGN_IN_FAILED, request=request, username=username)


@receiver(user_logged_out, dispatch_uid="security.signed_out")
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        security_event(SecurityEventKind.SIGNED_OUT, request=request, user=user)


def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    security_event(SecurityEventKind.LOCKED_OUT, request=request, username=str(username or "")[:150])


def connect_axes() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="security.locked_out")
