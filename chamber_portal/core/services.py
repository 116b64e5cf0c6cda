"""Writes of the core: users and their roles."""

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .access import require_administrator
from .audit import audit_record
from .audit_events import CoreEvent
from .models import Region, Role, User

USERNAME_TAKEN = _("A user with this username already exists.")
REGION_ONLY_FOR_STAFF = _("Only Chamber staff carry a region.")
ONLY_ADMINISTRATORS = _("Only an administrator manages users and their roles.")


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: Role | str,
    region: Region | None = None,
    email: str = "",
    full_name: str = "",
    language: str = "ru",
    by: User | None = None,
    check_password: bool = True,
    password_hash: str = "",
) -> User:
    """Create a user with a role; the role's group and the admin-site flag follow from it.

    `password_hash` (from make_password) lets bulk seeding hash a shared demo password once.
    An administrator acts, or the system (`by=None`: create_user, seed_demo).
    """
    require_administrator(by, ONLY_ADMINISTRATORS, system=True)
    role = Role(role)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": [USERNAME_TAKEN]})
    if region is not None and role != Role.STAFF:
        raise ValidationError({"region": [REGION_ONLY_FOR_STAFF]})
    user = User(username=username, email=email, full_name=full_name, role=role, region=region, language=language)
    if check_password and not password_hash:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise ValidationError({"password": error.messages}) from error
    if password_hash:
        user.password = password_hash
    else:
        user.set_password(password)
    user.is_staff = role == Role.ADMIN
    user.save()
    user.groups.set([Group.objects.get_or_create(name=role.value)[0]])
    audit_record(actor=by, obj=user, kind=CoreEvent.USER_CREATED, after=role.value,
                 data={"region": region and region.code})
    return user


@transaction.atomic
def user_set_role(*, user: User, role: Role | str, region: Region | None = None, by: User | None) -> User:
    require_administrator(by, ONLY_ADMINISTRATORS, system=True)  # the admin site, or create_user and seeding
    role = Role(role)
    if region is not None and role != Role.STAFF:
        raise ValidationError({"region": [REGION_ONLY_FOR_STAFF]})
    before = user.role
    user.role, user.region, user.is_staff = role, region, role == Role.ADMIN
    user.save(update_fields=["role", "region", "is_staff"])
    user.groups.set([Group.objects.get_or_create(name=role.value)[0]])
    audit_record(actor=by, obj=user, kind=CoreEvent.ROLE_CHANGED, before=before, after=role.value,
                 data={"region": region and region.code})
    return user
