"""Writes of the bailiff registry."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chamber_portal.core.access import require_region_staff
from chamber_portal.core.audit import audit_record
from chamber_portal.core.errors import TransitionError
from chamber_portal.core.models import Region, Role, User

from .audit_events import BailiffEvent
from .grounds import ABSENCE_REASONS, absence_on, heads_chamber, over_a_month
from .models import (
    Bailiff,
    BailiffPause,
    BailiffStatus,
    BailiffStatusChange,
    ChamberHead,
    ConflictOfInterest,
    PauseReason,
)

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
    audit_record(actor=by, obj=bailiff, kind=BailiffEvent.BAILIFF_REGISTERED, after=BailiffStatus.ACTIVE,
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
BEFORE_LAST_CHANGE = _("The registry already records a change that takes effect on %(date)s: this one cannot "
                       "take effect before it.")
# Licences are granted, suspended and terminated by the licensor (the Ministry of Justice): the Chamber records
# the order it acts on (docs/domain.md §1). An exclusion is the Chamber's own decision and needs none.
ORDER_REQUIRED = _("Give the licensor's order (its number and date) that this change rests on.")
NOT_CHAMBER_HEAD = _(
    "A clause 17 pause is for the head of the regional chamber only: the registry does not show %(name)s as its "
    "head on every day from %(start)s to %(end)s."
)
HEAD_NOT_OF_REGION = _("The head of a regional chamber is a bailiff of its region.")
HEAD_TERMS_OVERLAP = _("The chamber has another head in this period: %(head)s.")
HEAD_ENDS_BEFORE_START = _("The term cannot end before it starts.")

# Leaving the rotation for good (or for over a month) moves every open case (Rules No. 652; docs/domain.md §1 (c)).
LEAVING = {
    BailiffStatus.SUSPENDED: "licence_suspended",
    BailiffStatus.TERMINATED: "licence_terminated",
    BailiffStatus.EXCLUDED: "excluded",
}
# A licence matter, the licensor's: suspending or terminating a licence, or giving a suspended or terminated one
# back. The order is then required.
LICENCE_STATUSES = (BailiffStatus.SUSPENDED, BailiffStatus.TERMINATED)


def _locked(bailiff: Bailiff) -> Bailiff:
    return Bailiff.objects.select_for_update().get(pk=bailiff.pk)


def _announce_leaving(bailiff: Bailiff, reason: str) -> None:
    """Sent inside the change's transaction: the receiver queues its task for the commit (core/after_commit.py)."""
    from .signals import bailiff_left_rotation

    bailiff_left_rotation.send(sender=Bailiff, bailiff_id=bailiff.pk, reason=reason)


def _announce_returning(bailiff: Bailiff) -> None:
    """Back in the rotation: cases of the region waiting for an eligible bailiff may go out now."""
    from .signals import bailiff_joined_rotation

    bailiff_joined_rotation.send(sender=Bailiff, region_id=bailiff.region_id)


def _check_effective(effective_on: date, reason: str, bailiff: Bailiff | None = None,
                     extra: dict | None = None) -> None:
    problems = dict(extra or {})
    if effective_on is None:
        problems["effective_on"] = [_("This field is required.")]
    elif effective_on > timezone.localdate():
        problems["effective_on"] = [NOT_IN_FUTURE]
    elif bailiff is not None and (
        later := bailiff.status_changes.filter(effective_on__gt=effective_on).order_by("-effective_on").first()
    ):
        # What the registry shows on a day is read from these records: they follow each other in time.
        problems["effective_on"] = [BEFORE_LAST_CHANGE % {"date": later.effective_on.strftime("%d.%m.%Y")}]
    if not (reason or "").strip():
        problems["reason"] = [REASON_REQUIRED]
    if problems:
        raise ValidationError(problems)


def _record_change(bailiff: Bailiff, *, previous_status: str, previous_region_id: int, effective_on: date,
                   reason: str, order_reference: str, by: User | None) -> BailiffStatusChange:
    """The registry's dated record of the change: what `bailiffs.grounds` reads to prove a ground on a day."""
    return BailiffStatusChange.objects.create(
        bailiff=bailiff, previous_status=previous_status, status=bailiff.status,
        previous_region_id=previous_region_id, region_id=bailiff.region_id, effective_on=effective_on,
        reason=reason.strip(), order_reference=order_reference, recorded_by=by if by is not None and by.pk else None,
    )


# The event of each status a bailiff is put in (bailiff_set_status).
STATUS_EVENTS = {
    BailiffStatus.ACTIVE: BailiffEvent.STATUS_ACTIVE,
    BailiffStatus.SUSPENDED: BailiffEvent.STATUS_SUSPENDED,
    BailiffStatus.TERMINATED: BailiffEvent.STATUS_TERMINATED,
    BailiffStatus.EXCLUDED: BailiffEvent.STATUS_EXCLUDED,
    BailiffStatus.TRANSFERRED: BailiffEvent.STATUS_TRANSFERRED,
}


def order_required(*, current: str, status: str) -> bool:
    """Whether the change is the licensor's: suspending or terminating a licence, or giving it back."""
    return status in LICENCE_STATUSES or (status == BailiffStatus.ACTIVE and current in LICENCE_STATUSES)


@transaction.atomic
def bailiff_set_status(
    *, bailiff: Bailiff, status: str, effective_on: date, reason: str, by: User | None, order_reference: str = ""
) -> Bailiff:
    """Suspend, terminate, exclude or reinstate, in force from `effective_on`; a licence change rests on the
    licensor's order (`order_reference`: number and date). Leaving the rotation redistributes the open cases."""
    bailiff = _locked(bailiff)
    require_registry_staff(bailiff, by)
    status = BailiffStatus(status)
    if bailiff.status == status:
        raise TransitionError(ALREADY_IN_STATUS % {"status": bailiff.get_status_display()}, code="invalid_state")
    order_reference = (order_reference or "").strip()
    missing_order = order_required(current=bailiff.status, status=status) and not order_reference
    _check_effective(effective_on, reason, bailiff, {"order_reference": [ORDER_REQUIRED]} if missing_order else None)
    before = bailiff.status
    bailiff.status = status
    bailiff.save(update_fields=["status"])
    _record_change(bailiff, previous_status=before, previous_region_id=bailiff.region_id, effective_on=effective_on,
                   reason=reason, order_reference=order_reference, by=by)
    audit_record(actor=by, obj=bailiff, kind=STATUS_EVENTS[status], before=before, after=status,
                 data={"effective_on": effective_on, "note": reason.strip(), "order_reference": order_reference})
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
    if bailiff.status != BailiffStatus.ACTIVE:
        raise TransitionError(NOT_ACTIVE, code="invalid_state")
    _check_effective(effective_on, reason, bailiff)
    if bailiff.region_id == region.pk:
        raise ValidationError({"region": [SAME_REGION]})
    old = bailiff.region
    bailiff.region = region
    bailiff.save(update_fields=["region"])
    _record_change(bailiff, previous_status=bailiff.status, previous_region_id=old.pk, effective_on=effective_on,
                   reason=reason, order_reference="", by=by)
    audit_record(actor=by, obj=bailiff, kind=BailiffEvent.TRANSFERRED, before=old.code, after=region.code,
                 data={"effective_on": effective_on, "note": reason.strip()})
    _announce_leaving(bailiff, "transferred")
    _announce_returning(bailiff)  # the new district may have cases waiting
    return bailiff


@transaction.atomic
def bailiff_pause(
    *, bailiff: Bailiff, starts_on: date, ends_on: date, reason: str, by: User | None, note: str = ""
) -> BailiffPause:
    """Out of the draw for the period. An absence (leave, illness) of more than a calendar month, adjoining
    pauses added up, moves the open cases to others too (docs/domain.md §1 (c)); a clause 17 pause is the chamber head's
    only, and moves no case."""
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
    # Rules No. 652, clause 17: the head of a regional chamber, for the chamber's administrative duties.
    if reason == PauseReason.CLAUSE_17 and not heads_chamber(bailiff, bailiff.region_id, starts_on, ends_on):
        raise ValidationError({"reason": [NOT_CHAMBER_HEAD % {
            "name": bailiff.full_name, "start": starts_on.strftime("%d.%m.%Y"), "end": ends_on.strftime("%d.%m.%Y")}]})
    pause = BailiffPause.objects.create(bailiff=bailiff, starts_on=starts_on, ends_on=ends_on, reason=reason,
                                        note=note.strip(), recorded_by=by)
    audit_record(actor=by, obj=bailiff, kind=BailiffEvent.PAUSED,
                 data={"starts_on": starts_on, "ends_on": ends_on, "reason": reason, "note": pause.note})
    # Absent now, for over a month with this pause: the cases move at once (later absences: long_pauses_begin).
    span = absence_on(bailiff, timezone.localdate()) if reason in ABSENCE_REASONS else None
    if span is not None and span[0] <= starts_on <= span[1] and over_a_month(*span):
        _announce_leaving(bailiff, "absent_over_month")
    return pause


def is_long(pause: BailiffPause) -> bool:
    """Part of an absence (leave, illness) of more than one calendar month, adjoining pauses added up."""
    if pause.reason not in ABSENCE_REASONS:
        return False
    span = absence_on(pause.bailiff, pause.starts_on)
    return span is not None and over_a_month(*span)


def long_pauses_begin(*, today: date | None = None) -> int:
    """Hourly: an absence of over a month that has begun and not ended moves the bailiff's open cases (recorded
    earlier, in advance). Leave and illness only: a clause 17 or "other" pause moves no case. It catches up (issue
    16): a pause that started while beat was down still takes effect; once the cases are moved, the bailiff holds
    no active case and a later run announces nothing."""
    today = today or timezone.localdate()
    count = 0
    running = BailiffPause.objects.filter(
        starts_on__lte=today, ends_on__gte=today, reason__in=ABSENCE_REASONS,
        bailiff__assignments__is_active=True,
    ).distinct().select_related("bailiff")
    for pause in running:
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
    audit_record(actor=by, obj=bailiff, kind=BailiffEvent.CONFLICT_DECLARED,
                 data={"iin_bin": iin_bin, "note": note.strip()})
    return conflict


# --- Heads of regional chambers (Rules No. 652, clause 17) -------------------------------------------------

NOT_YOURS_HEAD = _("Only Chamber staff of the region (or national staff) record who heads its chamber.")


def _lock_region(region_id: int) -> Region:
    # NO KEY UPDATE: rows that merely refer to the region (applications, decisions) are not held up.
    return Region.objects.select_for_update(no_key=True).get(pk=region_id)


def _check_no_overlap(region_id: int, from_date: date, until_date: date | None, exclude_pk: int | None = None) -> None:
    others = ChamberHead.objects.filter(region_id=region_id).exclude(pk=exclude_pk).select_related("bailiff")
    if until_date is not None:
        others = others.filter(from_date__lte=until_date)
    other = others.filter(models.Q(until_date=None) | models.Q(until_date__gte=from_date)).first()
    if other is not None:
        raise ValidationError({"from_date": [HEAD_TERMS_OVERLAP % {"head": str(other)}]})


@transaction.atomic
def chamber_head_appoint(
    *, region: Region, bailiff: Bailiff, from_date: date | None, by: User | None, until_date: date | None = None,
    note: str = "",
) -> ChamberHead:
    """Record who heads the regional chamber from `from_date` (until `until_date`, or open). A region's terms
    never overlap: checked under the region's row lock, and one open term per region in the database."""
    require_region_staff(region.pk, by, NOT_YOURS_HEAD)
    _lock_region(region.pk)
    problems: dict[str, list] = {}
    if from_date is None:
        problems["from_date"] = [REQUIRED]
    if bailiff.region_id != region.pk:
        problems["bailiff"] = [HEAD_NOT_OF_REGION]
    if from_date and until_date and until_date < from_date:
        problems["until_date"] = [HEAD_ENDS_BEFORE_START]
    if problems:
        raise ValidationError(problems)
    _check_no_overlap(region.pk, from_date, until_date)
    head = ChamberHead.objects.create(region=region, bailiff=bailiff, from_date=from_date, until_date=until_date,
                                      note=(note or "").strip(), recorded_by=by if by is not None and by.pk else None)
    audit_record(actor=by, obj=head, kind=BailiffEvent.CHAMBER_HEAD_APPOINTED,
                 data={"region": region.code, "bailiff": bailiff.pk, "from_date": from_date,
                       "until_date": until_date, "note": head.note})
    return head


@transaction.atomic
def chamber_head_set_until(*, head: ChamberHead, until_date: date | None, by: User | None) -> ChamberHead:
    """Set (or clear) the last day of a head's term; the region's terms still may not overlap."""
    require_region_staff(head.region_id, by, NOT_YOURS_HEAD)
    _lock_region(head.region_id)
    head = ChamberHead.objects.select_for_update().select_related("region").get(pk=head.pk)
    if until_date is not None and until_date < head.from_date:
        raise ValidationError({"until_date": [HEAD_ENDS_BEFORE_START]})
    _check_no_overlap(head.region_id, head.from_date, until_date, exclude_pk=head.pk)
    before = head.until_date
    head.until_date = until_date
    head.save(update_fields=["until_date"])
    audit_record(actor=by, obj=head, kind=BailiffEvent.CHAMBER_HEAD_TERM_CHANGED,
                 data={"region": head.region.code, "bailiff": head.bailiff_id, "until_date": until_date,
                       "before": before})
    return head
