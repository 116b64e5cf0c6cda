"""Each role is a group of the same name carrying its permissions, kept in step after every migrate."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from .models import Role

# Admin-site permissions per role as (app_label, codename); the portal's own pages check the role
# through selectors, so lawyers and bailiffs need no admin permissions at all.
STAFF_PERMISSIONS = [
    ("core", "view_region"),
    ("core", "view_monthlycalculationindex"),
    ("core", "view_calendarexception"),
    ("core", "view_auditevent"),
]


def _administrator_permissions():
    # Everything, except writing to the append-only audit log.
    return Permission.objects.exclude(
        Q(content_type__app_label="core", content_type__model="auditevent") & ~Q(codename="view_auditevent")
    )


def groups_sync(**_kwargs) -> None:
    """Create the four role groups and give them their permissions (a post_migrate receiver)."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    Group.objects.get(name=Role.ADMIN).permissions.set(_administrator_permissions())
    staff = Q(pk__in=[])
    for app_label, codename in STAFF_PERMISSIONS:
        staff |= Q(content_type__app_label=app_label, codename=codename)
    Group.objects.get(name=Role.STAFF).permissions.set(Permission.objects.filter(staff))
