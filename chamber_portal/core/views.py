from django.shortcuts import render
from django.views.decorators.http import require_GET

from .home import panels_for
from .models import Role

HOME_TEMPLATES = {
    Role.LAWYER: "home/lawyer.html",
    Role.STAFF: "home/staff.html",
    Role.BAILIFF: "home/bailiff.html",
    Role.ADMIN: "home/admin.html",
}


@require_GET
def home(request):
    """The role's home page after login; the public landing page before it."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "home/landing.html")
    role = Role.ADMIN if user.is_superuser else user.role
    return render(request, HOME_TEMPLATES[role], {"role": role, "panels": panels_for(user)})
