from functools import wraps

from django.contrib.auth.decorators import login_required
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
