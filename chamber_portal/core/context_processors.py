from django.conf import settings
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from .navigation import navigation_for, navigation_menu_for, user_scope
from .notifications import unread_count
from .reference_warnings import reference_warnings


def portal(request):
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    pending = signed_in and _second_factor_pending(user)
    if pending:
        # Until the second factor passes, the session reaches only that step: no menu, bell or warnings that
        # would show what lies behind it (SecondFactorMiddleware refuses those pages anyway); Log out stays.
        user, signed_in = None, False
    return {
        "second_factor_pending": pending,
        # Lazy: only the home pages list it (the header reads navigation_menu).
        "navigation": SimpleLazyObject(lambda: navigation_for(user)) if user is not None else [],
        # The header's menu, grouped for staff (base.html).
        "navigation_menu": navigation_menu_for(user, full_path=request.get_full_path()) if user is not None else [],
        "user_scope": SimpleLazyObject(lambda: user_scope(user)) if signed_in else "",
        "portal_languages": settings.LANGUAGES,
        # Lazy: the count query runs only when a page shows the bell.
        "unread_notifications": SimpleLazyObject(lambda: unread_count(user)) if signed_in else 0,
        # Staff and administrators only, computed when the page shows them (base.html).
        "reference_warnings": (
            SimpleLazyObject(lambda: reference_warnings(user=user, today=timezone.localdate())) if signed_in else []
        ),
    }


def _second_factor_pending(user) -> bool:
    is_verified = getattr(user, "is_verified", None)  # set by django_otp's OTPMiddleware
    return is_verified is not None and user.needs_second_factor and not is_verified()
