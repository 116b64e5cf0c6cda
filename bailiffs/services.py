"""Writes of the bailiff registry."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from chamber_portal.core.audit import audit_record
from chamber_portal.core.models import Region, Role, User

from .models import Bailiff, BailiffStatus

LICENCE_TAKEN = _("A bailiff with this licence number is already registered.")
NOT_A_BAILIFF_USER = _("Only a user with the bailiff role can be registered as a bailiff.")


@transaction.atomic
def bailiff_register(
    *,
    user: User,
    region: Region,
    full_name: str = "",
    licence_number: str = "",
    iin: str = "",
    office_address: str = "",
    phone: str = "",
    office_hours: str = "",
    by: User | None = None,
) -> Bailiff:
    """Enter a bailiff in the registry, active; the licence number is generated unless given."""
    if user.role != Role.BAILIFF:
        raise ValidationError({"user": [NOT_A_BAILIFF_USER]})
    licence_number = licence_number or f"{region.number}-{user.pk:06d}"
    if Bailiff.objects.filter(licence_number=licence_number).exists():
        raise ValidationError({"licence_number": [LICENCE_TAKEN]})
    bailiff = Bailiff.objects.create(
        user=user,
        region=region,
        full_name=full_name or user.display_name,
        licence_number=licence_number,
        iin=iin,
        office_address=office_address,
        phone=phone,
        office_hours=office_hours,
        status=BailiffStatus.ACTIVE,
    )
    audit_record(actor=by, obj=bailiff, kind="bailiff_registered", after=BailiffStatus.ACTIVE,
                 data={"region": region.code, "licence_number": licence_number})
    return bailiff
