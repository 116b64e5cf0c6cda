from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .navigation import navigation_for
from .notifications import unread_count


def portal(request):
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "navigation": navigation_for(user) if user is not None else [],
        "portal_languages": settings.LANGUAGES,
        # Lazy: the count query runs only when a page shows the bell.
        "unread_notifications": SimpleLazyObject(lambda: unread_count(user)) if signed_in else 0,
    }
