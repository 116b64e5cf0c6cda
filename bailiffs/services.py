"""Writes of the bailiff registry."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chamber_portal.core.access import require_region_staff
from chamber_portal.core.audit import audit_record
from chamber_portal.core.errors import TransitionError
from chamber_portal.core.models import Region, Role, User

from .models import Bailiff, BailiffPause, BailiffStatus, ConflictOfInterest, PauseReason

LICENCE_TAKEN = _("A bailiff with this licence number is already registered.")
NOT_A_BAILIFF_USER = _("Only a user with the bailiff role can be registered as a bailiff.")
NOT_YOURS = _("Only Chamber staff of the bailiff's region keep his or her record in the registry.")


def require_registry_staff(bailiff: Bailiff, by: User | None) -> None:
    """Staff of the bailiff's chamber (national staff: any) change the registry; never the system on its own."""
    require_region_staff(bailiff.region_id, by, NOT_YOURS)


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
    """Enter a bailiff in the registry, active; the licence number is generated unless given.

    Staff of the region (national staff: any), or the system (`by=None`: create_user, seed_demo)."""
    require_region_staff(region.pk, by, NOT_YOURS, system=True)
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


# --- Status changes ----------------------------------------------------------------------------------

NOT_IN_FUTURE = _("Record the change on or after the day it takes effect.")
ALREADY_IN_STATUS = _("The bailiff is already “%(status)s”.")
PAUSE_ENDS_BEFORE_START = _("The pause cannot end before it starts.")
PAUSE_OVERLAPS = _("This period overlaps another pause of the bailiff.")
SAME_REGION = _("The bailiff already works in this district.")
NOT_ACTIVE = _("Only an active bailiff can be paused or transferred.")
REASON_REQUIRED = _("Give the reason.")
CONFLICT_ALREADY_DECLARED = _("This conflict of interest is already declared.")
REQUIRED = _("This field is required.")

# Leaving the rotation for good (or for over a month) moves every open case (Rules No. 652; DESIGN §1 (c)).
LEAVING = {
    BailiffStatus.SUSPENDED: "licence_suspended",
    BailiffStatus.TERMINATED: "licence_terminated",
    BailiffStatus.EXCLUDED: "excluded",
}
LONG_PAUSE_DAYS = 31


def _locked(bailiff: Bailiff) -> Bailiff:
    return Bailiff.objects.select_for_update().get(pk=bailiff.pk)


def _announce_leaving(bailiff: Bailiff, reason: str) -> None:
    from .signals import bailiff_left_rotation

    transaction.on_commit(
        lambda: bailiff_left_rotation.send(sender=Bailiff, bailiff_id=bailiff.pk, reason=reason)
    )


def _announce_returning(bailiff: Bailiff) -> None:
    """Back in the rotation: cases of the region waiting for an eligible bailiff may go out now."""
    from .signals import bailiff_joined_rotation

    transaction.on_commit(lambda: bailiff_joined_rotation.send(sender=Bailiff, region_id=bailiff.region_id))


def _check_effective(effective_on: date, reason: str) -> None:
    problems = {}
    if effective_on is None:
        problems["effective_on"] = [_("This field is required.")]
    elif effective_on > timezone.localdate():
        problems["effective_on"] = [NOT_IN_FUTURE]
    if not (reason or "").strip():
        problems["reason"] = [REASON_REQUIRED]
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def bailiff_set_status(
    *, bailiff: Bailiff, status: str, effective_on: date, reason: str, by: User | None
) -> Bailiff:
    """Suspend, terminate, exclude or reinstate; leaving the rotation redistributes the open cases."""
    bailiff = _locked(bailiff)
    require_registry_staff(bailiff, by)
    status = BailiffStatus(status)
    _check_effective(effective_on, reason)
    if bailiff.status == status:
        raise TransitionError(ALREADY_IN_STATUS % {"status": bailiff.get_status_display()}, code="invalid_state")
    before = bailiff.status
    bailiff.status = status
    bailiff.save(update_fields=["status"])
    audit_record(actor=by, obj=bailiff, kind=f"status_{status}", before=before, after=status,
                 data={"effective_on": effective_on, "note": reason.strip()})
    if status in LEAVING:
        _announce_leaving(bailiff, LEAVING[status])
    elif status == BailiffStatus.ACTIVE:
        _announce_returning(bailiff)
    return bailiff


@transaction.atomic
def bailiff_transfer(*, bailiff: Bailiff, region: Region, effective_on: date, reason: str, by: User | None) -> Bailiff:
    """Move the bailiff to another district; the cases of the old one go to its other bailiffs."""
    bailiff = _locked(bailiff)
    require_registry_staff(bailiff, by)
    _check_effective(effective_on, reason)
    if bailiff.status != BailiffStatus.ACTIVE:
        raise TransitionError(NOT_ACTIVE, code="invalid_state")
    if bailiff.region_id == region.pk:
        raise ValidationError({"region": [SAME_REGION]})
    old = bailiff.region
    bailiff.region = region
    bailiff.save(update_fields=["region"])
    audit_record(actor=by, obj=bailiff, kind="transferred", before=old.code, after=region.code,
                 data={"effective_on": effective_on, "note": reason.strip()})
    _announce_leaving(bailiff, "transferred")
    _announce_returning(bailiff)  # the new district may have cases waiting
    return bailiff


@transaction.atomic
def bailiff_pause(
    *, bailiff: Bailiff, starts_on: date, ends_on: date, reason: str, by: User | None, note: str = ""
) -> BailiffPause:
    """Out of the draw for the period; over a month away, the open cases go to others too (DESIGN §1 (c))."""
    bailiff = _locked(bailiff)
    require_registry_staff(bailiff, by)
    if bailiff.status != BailiffStatus.ACTIVE:
        raise TransitionError(NOT_ACTIVE, code="invalid_state")
    problems = {field: [REQUIRED] for field, value in (("starts_on", starts_on), ("ends_on", ends_on)) if not value}
    if reason not in PauseReason.values:
        problems["reason"] = [REASON_REQUIRED]
    if problems:
        raise ValidationError(problems)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": [PAUSE_ENDS_BEFORE_START]})
    if bailiff.pauses.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).exists():
        raise ValidationError({"starts_on": [PAUSE_OVERLAPS]})
    pause = BailiffPause.objects.create(bailiff=bailiff, starts_on=starts_on, ends_on=ends_on, reason=reason,
                                        note=note.strip(), recorded_by=by)
    audit_record(actor=by, obj=bailiff, kind="paused",
                 data={"starts_on": starts_on, "ends_on": ends_on, "reason": reason, "note": pause.note})
    if is_long(pause) and starts_on <= timezone.localdate():
        _announce_leaving(bailiff, "absent_over_month")
    return pause


def is_long(pause: BailiffPause) -> bool:
    return (pause.ends_on - pause.starts_on).days + 1 > LONG_PAUSE_DAYS


def long_pauses_begin(*, today: date | None = None) -> int:
    """Daily: a long pause that starts today moves the bailiff's open cases (recorded earlier, in advance)."""
    today = today or timezone.localdate()
    count = 0
    for pause in BailiffPause.objects.filter(starts_on=today).select_related("bailiff"):
        if is_long(pause):
            with transaction.atomic():
                _announce_leaving(pause.bailiff, "absent_over_month")
            count += 1
    return count


@transaction.atomic
def conflict_declare(*, bailiff: Bailiff, iin_bin: str, note: str, by: User | None) -> ConflictOfInterest:
    from chamber_portal.core.iin import checksum_problem, normalise

    require_registry_staff(bailiff, by)
    iin_bin = normalise(iin_bin)
    if problem := checksum_problem(iin_bin):
        raise ValidationError({"iin_bin": [problem]})
    if not (note or "").strip():
        raise ValidationError({"note": [REASON_REQUIRED]})
    if ConflictOfInterest.objects.filter(bailiff=bailiff, iin_bin=iin_bin).exists():
        raise ValidationError({"iin_bin": [CONFLICT_ALREADY_DECLARED]})
    conflict = ConflictOfInterest.objects.create(bailiff=bailiff, iin_bin=iin_bin, note=note.strip(), recorded_by=by)
    audit_record(actor=by, obj=bailiff, kind="conflict_declared", data={"iin_bin": iin_bin, "note": note.strip()})
    return conflict
