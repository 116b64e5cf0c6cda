"""Request-level guards (issue 13): the second factor before any page, the staff idle timeout, and the
Permissions-Policy header (SecurityMiddleware sends Referrer-Policy and nosniff, django-csp the CSP)."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import SecurityEventKind
from .events import security_event

LAST_SEEN = "security_last_seen"
# Paths an unverified session may reach: the second step itself, signing out, the language switch, assets.
OPEN_PREFIXES = ("/accounts/second-factor/", "/accounts/logout/", "/i18n/", "/static/", "/healthz")

SECOND_FACTOR_REQUIRED = "second_factor_required"


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


class SecondFactorMiddleware:
    """After OTPMiddleware. A user who needs a second factor and whose session has not passed it reaches only
    the second-factor page (web: a redirect there, keeping where they were going; API over the session: 403).
    A staff or administrator session idle for STAFF_IDLE_TIMEOUT_MINUTES ends."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            if (response := self._idle(request, user)) is not None:
                return response
            if not user.is_verified() and user.needs_second_factor and not request.path.startswith(OPEN_PREFIXES):
                if _is_api(request):
                    return JsonResponse(
                        {"detail": _("Pass the second factor first."), "code": SECOND_FACTOR_REQUIRED}, status=403
                    )
                query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
                return redirect(reverse("second_factor") + (f"?{query}" if query else ""))
        return self.get_response(request)

    def _idle(self, request, user):
        if not (user.is_chamber_staff or user.is_administrator) or not settings.STAFF_IDLE_TIMEOUT_MINUTES:
            return None
        now = int(time.time())
        last = request.session.get(LAST_SEEN)
        if last is not None and now - last > settings.STAFF_IDLE_TIMEOUT_MINUTES * 60:
            security_event(SecurityEventKind.SESSION_IDLE_EXPIRED, request=request, user=user)
            logout(request)
            if _is_api(request):
                return JsonResponse({"detail": _("Your session has ended after a period of inactivity.")},
                                    status=401)
            messages.info(request, _("Your session has ended after a period of inactivity. Please sign in again."))
            return redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
        # Written at most once a minute, so that a busy page does not save the session on every request.
        if last is None or now - last >= 60:
            request.session[LAST_SEEN] = now
        return None
