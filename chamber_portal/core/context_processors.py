from django.conf import settings
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from .navigation import navigation_for, navigation_menu_for, user_scope
from .notifications import unread_count
from .reference_warnings import reference_warnings


def portal(request):
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "navigation": navigation_for(user) if user is not None else [],
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
