"""Standing powers of attorney (issue 14): uploaded once per claimant, warned before they expire."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from chamber_portal.core import iin
from chamber_portal.core.audit import audit_record
from chamber_portal.core.models import User
from chamber_portal.core.notifications import notifications_create

from ..audit_events import IntakeEvent
from ..models import PowerOfAttorney
from .common import NOT_YOURS
from .documents import pdf_problem

POWER_EXPIRED = _("This power of attorney is no longer valid on that day: give a later date.")
NOT_AN_IIN_OR_BIN = _("Give the claimant's IIN or BIN (12 digits with a valid check digit).")


@transaction.atomic
def power_of_attorney_upload(
    *, lawyer: User, creditor_iin_bin: str, valid_until: date, file: UploadedFile, today: date | None = None
) -> PowerOfAttorney:
    """Record a claimant's standing power of attorney for this lawyer; from now until `valid_until` that claimant's
    applications need no power-of-attorney upload."""
    if lawyer is None or not lawyer.is_authenticated or not lawyer.is_lawyer:
        raise PermissionDenied(NOT_YOURS)
    today = today or timezone.localdate()
    number = iin.normalise(creditor_iin_bin or "")
    problems: dict[str, list] = {}
    if len(number) != 12 or (iin.iin_problem(number) and iin.bin_problem(number)):
        problems["creditor_iin_bin"] = [NOT_AN_IIN_OR_BIN]
    if valid_until < today:
        problems["valid_until"] = [POWER_EXPIRED]
    if problem := pdf_problem(file):
        problems["file"] = [problem]
    if problems:
        raise ValidationError(problems)
    power = PowerOfAttorney.objects.create(
        lawyer=lawyer, creditor_iin_bin=number, valid_until=valid_until, file=file,
        original_name=file.name[:255], size=file.size,
    )
    audit_record(actor=lawyer, obj=power, kind=IntakeEvent.POWER_OF_ATTORNEY_UPLOADED,
                 data={"creditor_iin_bin": number, "valid_until": valid_until.isoformat()})
    return power


@transaction.atomic
def powers_of_attorney_warn_expiring(*, today: date | None = None) -> int:
    """Daily: tell each lawyer, once, that a standing power of attorney expires within INTAKE_POA_WARN_DAYS (an
    in-app notice and its e-mail), unless a later one for the same claimant is already uploaded."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=settings.INTAKE_POA_WARN_DAYS)
    due = list(
        PowerOfAttorney.objects.select_for_update(skip_locked=True)
        .filter(expiry_warned_on__isnull=True, valid_until__gte=today, valid_until__lte=horizon)
        .select_related("lawyer")
    )
    items = []
    for power in due:
        renewed = PowerOfAttorney.objects.filter(
            lawyer_id=power.lawyer_id, creditor_iin_bin=power.creditor_iin_bin, valid_until__gt=horizon
        ).exists()
        if not renewed:
            items.append((power.lawyer, "power_of_attorney_expiring",
                          {"creditor": power.creditor_iin_bin,
                           "date": date_format(power.valid_until, "SHORT_DATE_FORMAT")},
                          reverse("intake:application_list")))
        audit_record(actor=None, obj=power, kind=IntakeEvent.POWER_OF_ATTORNEY_EXPIRY_WARNED,
                     data={"renewed": renewed})
    if due:
        PowerOfAttorney.objects.filter(pk__in=[power.pk for power in due]).update(expiry_warned_on=today)
    if items:
        notifications_create(items=items)
    return len(items)
