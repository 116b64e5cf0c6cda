from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404


def role_required(*roles: str):
    """Logged in, with one of the roles; others get a 404, as for a record they may not see (DESIGN §3)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if user.role not in roles and not (user.is_superuser and "admin" in roles):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def acts_for_chamber(user) -> bool:
    """Chamber staff (regional or national) or an administrator: who manages registry, complaints, inspections."""
    return bool(user.is_authenticated and (user.is_chamber_staff or user.is_administrator))


def require_region_staff(region_id: int, by, message) -> None:
    """Chamber staff act on their region only; national staff and administrators on all (DESIGN §3)."""
    if not acts_for_chamber(by):
        raise PermissionDenied(message)
    if by.is_chamber_staff and by.region_id is not None and by.region_id != region_id:
        raise PermissionDenied(message)
