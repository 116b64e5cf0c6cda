from django.conf import settings

from .navigation import navigation_for


def portal(request):
    return {
        "navigation": navigation_for(request.user) if hasattr(request, "user") else [],
        "portal_languages": settings.LANGUAGES,
    }
