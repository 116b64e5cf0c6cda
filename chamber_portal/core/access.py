from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .models import Role


def role_required(*roles: str):
    """Logged in, with one of the roles; others get a 404, as for a record they may not see (docs/domain.md §3)."""

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


# Who acts, as every service checks it (not only the views). `by=None` is the SYSTEM: a Celery task, a management
# command or seeding. No request ever passes None (request.user is a user or AnonymousUser), so None comes only
# from the portal's own code. A service accepts it only where a task or command really calls it, and says so with
# `system=True`; everywhere else a missing actor is refused like a wrong one.
NO_ACTOR = _("This action needs a user who acts; the system may not take it on its own.")


def acts_for_chamber(user) -> bool:
    """Chamber staff (regional or national) or an administrator: who manages registry, complaints, inspections."""
    return bool(user is not None and user.is_authenticated and (user.is_chamber_staff or user.is_administrator))


def staff_of_region(user, region_id: int) -> bool:
    """Chamber staff of the region, or national staff (no region): who works the region's complaints and
    inspections (docs/domain.md §3). Administrators are not staff: they act on all, see `require_region_staff`."""
    return bool(user.is_chamber_staff and user.region_id in (None, region_id))


def staff_of_region_q(region_id: int, prefix: str = "") -> Q:
    """`staff_of_region` for queries on User; `prefix` reaches it from another model."""
    return Q(**{f"{prefix}role": Role.STAFF}) & (Q(**{f"{prefix}region_id": region_id})
                                                 | Q(**{f"{prefix}region": None}))


def require_actor(by, message, *, system: bool = False) -> bool:
    """A logged-in user, or the system where `system` allows it; True when the system acts (no further check)."""
    if by is None:
        if not system:
            raise PermissionDenied(NO_ACTOR)
        return True
    if not by.is_authenticated:
        raise PermissionDenied(message)
    return False


def require_region_staff(region_id: int, by, message, *, system: bool = False) -> None:
    """Chamber staff act on their region only; national staff and administrators on all (docs/domain.md §3)."""
    if require_actor(by, message, system=system):
        return
    if not acts_for_chamber(by):
        raise PermissionDenied(message)
    if by.is_chamber_staff and not staff_of_region(by, region_id):
        raise PermissionDenied(message)


def require_administrator(by, message, *, system: bool = False) -> None:
    """Users and their roles are the administrators' (docs/domain.md §3), or the system's in commands and seeding."""
    if require_actor(by, message, system=system):
        return
    if not by.is_administrator:
        raise PermissionDenied(message)
