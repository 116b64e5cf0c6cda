"""An inspection's life: ordered → in_progress → completed, then objections and measures (docs/domain.md §4)."""

import secrets
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assignment.models import Assignment
from bailiffs.models import Bailiff, BailiffStatus
from bailiffs.services import bailiff_set_status
from chamber_portal.core.access import require_region_staff, staff_of_region
from chamber_portal.core.audit import audit_record
from chamber_portal.core.errors import TransitionError
from chamber_portal.core.models import User
from chamber_portal.core.models.tracking import touch
from chamber_portal.core.notifications import notifications_create
from chamber_portal.core.working_days import add_working_days
from chamber_portal.documents.models import DocumentKind
from chamber_portal.documents.services import document_issue_on_commit
from complaints.models import CaseSource, Complaint
from complaints.services import disciplinary_case_open
from intake.models import Application

from ..audit_events import InspectionEvent
from ..models import (
    Ground,
    InspectedCase,
    Inspection,
    InspectionOutcome,
    InspectionStatus,
    Objection,
    PetitionOutcome,
    SampleSource,
)
from .sample import draw, sample_candidates

REQUIRED = _("This field is required.")
NOT_YOURS = _("You may not act on this inspection.")
DATE_IN_FUTURE = _("The date cannot be in the future.")
PERIOD_REVERSED = _("The period must end on or after its start.")
PERIOD_AFTER_ORDER = _("The activity examined must end by the order date.")
PLAN_BEFORE_ORDER = _("The inspection cannot be planned before it is ordered.")
UNKNOWN_GROUND = _("Choose the grounds from the list.")
COMPLAINT_NOT_ABOUT_BAILIFF = _("Link only complaints about this bailiff.")
INSPECTORS_REQUIRED = _("Name at least one inspector.")
NOT_AN_INSPECTOR = _("Inspectors are Chamber staff of the bailiff's region or national staff.")
NOT_THE_BAILIFFS_CASE = _("Only cases the bailiff has held can be examined.")
NOT_IN_STATE = _("This is not possible while the inspection is “%(status)s”.")
FINDINGS_REQUIRED = _("Describe the violations found.")
MEASURES_NEED_VIOLATIONS = _("Measures follow only an act that found violations.")
COMPLETED_BEFORE_START = _("The inspection cannot be completed before it started.")
NOT_THE_BAILIFF = _("Only the bailiff inspected may object to the act.")
OBJECTIONS_CLOSED = _("The period for objections ended on %(date)s.")
NO_PETITION = _("The act carries no petition to suspend the licence.")
ALREADY_CARRIED_OUT = _("The licensor's decision on this petition is already recorded.")
PETITION_ORDER_REQUIRED = _("Give the licensor's order deciding on the petition: its number and date.")
UNKNOWN_OUTCOME = _("Choose the licensor's decision: granted or refused.")
DECIDED_BEFORE_ACT = _("The licensor cannot decide before the act of %(date)s.")
NOT_ACTIVE = _("The bailiff's licence is not active (“%(status)s”): there is nothing to suspend.")


def inspection_url(inspection: Inspection) -> str:
    try:
        return reverse("inspections:inspection_detail", args=[inspection.pk])
    except NoReverseMatch:
        return ""


def require_staff_of(region_id: int, by: User | None) -> None:
    require_region_staff(region_id, by, NOT_YOURS)


def require_inspection_staff(inspection: Inspection, by: User | None) -> None:
    """Staff of the region the inspection was ordered in (national staff: any) run it."""
    require_staff_of(inspection.region_id, by)


def require_petition_staff(inspection: Inspection, by: User | None) -> None:
    """The petition is carried out by staff of the inspection's region who also keep the bailiff's record now
    (the bailiff may have moved: his or her chamber acts)."""
    require_staff_of(inspection.region_id, by)
    require_staff_of(inspection.bailiff.region_id, by)


def require_inspected_bailiff(inspection: Inspection, by: User | None) -> None:
    """Only the bailiff inspected objects to the act."""
    if by is None or not by.is_authenticated or inspection.bailiff.user_id != by.pk:
        raise PermissionDenied(NOT_THE_BAILIFF)


def _locked(inspection: Inspection) -> Inspection:
    return Inspection.objects.select_for_update(of=("self",)).select_related("bailiff__user").get(pk=inspection.pk)


def _require_status(inspection: Inspection, *allowed: str) -> None:
    if inspection.status not in allowed:
        raise TransitionError(NOT_IN_STATE % {"status": inspection.get_status_display()}, code="invalid_state")


def _check_order(*, bailiff, grounds, complaints, order_number, ordered_on, inspectors, period_from, period_to,
                 planned_start, planned_end, added_cases) -> None:
    problems: dict[str, list] = {}

    def add(field, message):
        problems.setdefault(field, []).append(message)

    if not grounds:
        add("grounds", REQUIRED)
    elif any(code not in Ground.values for code in grounds):
        add("grounds", UNKNOWN_GROUND)
    if any(c.bailiff_id != bailiff.pk for c in complaints):
        add("complaints", COMPLAINT_NOT_ABOUT_BAILIFF)
    if not (order_number or "").strip():
        add("order_number", REQUIRED)
    for field, value in (("ordered_on", ordered_on), ("period_from", period_from), ("period_to", period_to),
                         ("planned_start", planned_start), ("planned_end", planned_end)):
        if value is None:
            add(field, REQUIRED)
    if ordered_on and ordered_on > timezone.localdate():
        add("ordered_on", DATE_IN_FUTURE)
    if period_from and period_to and period_to < period_from:
        add("period_to", PERIOD_REVERSED)
    if period_to and ordered_on and period_to > ordered_on:
        add("period_to", PERIOD_AFTER_ORDER)
    if planned_start and ordered_on and planned_start < ordered_on:
        add("planned_start", PLAN_BEFORE_ORDER)
    if planned_start and planned_end and planned_end < planned_start:
        add("planned_end", PERIOD_REVERSED)
    if not inspectors:
        add("inspectors", INSPECTORS_REQUIRED)
    elif any(not staff_of_region(u, bailiff.region_id) for u in inspectors):
        add("inspectors", NOT_AN_INSPECTOR)
    held = set(Assignment.objects.filter(bailiff=bailiff, application__in=added_cases)
               .values_list("application_id", flat=True))
    if any(a.pk not in held for a in added_cases):
        add("cases", NOT_THE_BAILIFFS_CASE)
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def inspection_order(
    *, bailiff: Bailiff, by: User, grounds: list[str], order_number: str, ordered_on: date | None,
    inspectors: list[User], period_from: date | None, period_to: date | None, planned_start: date | None,
    planned_end: date | None, sample_size: int = 0, grounds_note: str = "",
    complaints: list[Complaint] | None = None, added_cases: list[Application] | None = None,
    seed: int | None = None,
) -> Inspection:
    """Order an unscheduled inspection; draw the sample at random with a recorded seed, plus the cases staff
    add; tell the bailiff."""
    require_staff_of(bailiff.region_id, by)
    complaints, added_cases = list(complaints or []), list(added_cases or [])
    _check_order(bailiff=bailiff, grounds=grounds, complaints=complaints, order_number=order_number,
                 ordered_on=ordered_on, inspectors=inspectors, period_from=period_from, period_to=period_to,
                 planned_start=planned_start, planned_end=planned_end, added_cases=added_cases)
    seed = seed if seed is not None else secrets.randbits(48)
    inspection = Inspection.objects.create(
        bailiff=bailiff, region_id=bailiff.region_id, grounds=list(dict.fromkeys(grounds)),
        grounds_note=(grounds_note or "").strip(), order_number=order_number.strip(), ordered_on=ordered_on,
        ordered_by=by, period_from=period_from, period_to=period_to, planned_start=planned_start,
        planned_end=planned_end, sample_size=max(sample_size or 0, 0), sample_seed=seed,
    )
    inspection.inspectors.set(inspectors)
    inspection.complaints.set(complaints)
    drawn = draw(sample_candidates(bailiff.pk, period_from, period_to), inspection.sample_size, seed)
    added = [a.pk for a in added_cases if a.pk not in drawn]
    InspectedCase.objects.bulk_create(
        [InspectedCase(inspection=inspection, application_id=pk, source=SampleSource.RANDOM) for pk in drawn]
        + [InspectedCase(inspection=inspection, application_id=pk, source=SampleSource.ADDED) for pk in added]
    )
    audit_record(actor=by, obj=inspection, kind=InspectionEvent.ORDERED, after=InspectionStatus.ORDERED,
                 data={"bailiff": bailiff.pk, "order_number": inspection.order_number, "seed": seed,
                       "drawn": drawn, "added": added})
    notifications_create(items=[(bailiff.user, "inspection_ordered",
                                 {"number": inspection.order_number, "date": ordered_on.strftime("%d.%m.%Y")},
                                 inspection_url(inspection))])
    return inspection


@transaction.atomic
def inspection_add_case(*, inspection: Inspection, application: Application, by: User) -> InspectedCase:
    inspection = _locked(inspection)
    require_inspection_staff(inspection, by)
    _require_status(inspection, InspectionStatus.ORDERED, InspectionStatus.IN_PROGRESS)
    if not Assignment.objects.filter(bailiff_id=inspection.bailiff_id, application=application).exists():
        raise ValidationError({"application": [NOT_THE_BAILIFFS_CASE]})
    case, created = InspectedCase.objects.get_or_create(inspection=inspection, application=application,
                                                        defaults={"source": SampleSource.ADDED})
    if created:  # adding a case already in the sample changes nothing, so it writes nothing
        touch(Inspection.objects.filter(pk=inspection.pk))  # its API row shows the sample (issue 14: updated_at)
        audit_record(actor=by, obj=inspection, kind=InspectionEvent.CASE_ADDED, data={"application": application.pk})
    return case


@transaction.atomic
def inspection_start(*, inspection: Inspection, by: User, on: date | None = None) -> Inspection:
    inspection = _locked(inspection)
    require_inspection_staff(inspection, by)
    _require_status(inspection, InspectionStatus.ORDERED)
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"on": [DATE_IN_FUTURE]})
    if on < inspection.ordered_on:
        raise ValidationError({"on": [PLAN_BEFORE_ORDER]})
    inspection.status, inspection.started_on = InspectionStatus.IN_PROGRESS, on
    inspection.save(update_fields=["status", "started_on"])
    audit_record(actor=by, obj=inspection, kind=InspectionEvent.STARTED, before=InspectionStatus.ORDERED,
                 after=inspection.status)
    return inspection


@transaction.atomic
def inspection_record_finding(*, case: InspectedCase, by: User, finding: str, violation: bool | None
                              ) -> InspectedCase:
    inspection = _locked(case.inspection)
    require_inspection_staff(inspection, by)
    _require_status(inspection, InspectionStatus.IN_PROGRESS)
    if not (finding or "").strip():
        raise ValidationError({"finding": [REQUIRED]})
    case.finding, case.violation = finding.strip(), violation
    case.save(update_fields=["finding", "violation"])
    touch(Inspection.objects.filter(pk=inspection.pk))
    audit_record(actor=by, obj=inspection, kind=InspectionEvent.FINDING,
                 data={"application": case.application_id, "violation": violation})
    return case


@transaction.atomic
def inspection_complete(
    *, inspection: Inspection, by: User, completed_on: date | None, outcome: str, findings: str,
    warning: bool = False, refer: bool = False, petition_suspend: bool = False,
) -> Inspection:
    """Complete the act: the outcome and measures. A referral opens a disciplinary case in the complaints
    module; a petition to suspend waits for staff to carry it out in the registry."""
    inspection = _locked(inspection)
    require_inspection_staff(inspection, by)
    _require_status(inspection, InspectionStatus.IN_PROGRESS)
    problems: dict[str, list] = {}
    if outcome not in InspectionOutcome.values:
        problems["outcome"] = [REQUIRED]
    if completed_on is None:
        problems["completed_on"] = [REQUIRED]
    elif completed_on > timezone.localdate():
        problems["completed_on"] = [DATE_IN_FUTURE]
    elif completed_on < inspection.started_on:
        problems["completed_on"] = [COMPLETED_BEFORE_START]
    if outcome == InspectionOutcome.VIOLATIONS_FOUND and not (findings or "").strip():
        problems["findings"] = [FINDINGS_REQUIRED]
    if outcome == InspectionOutcome.NO_VIOLATIONS and (warning or refer or petition_suspend):
        problems["outcome"] = [MEASURES_NEED_VIOLATIONS]
    if problems:
        raise ValidationError(problems)
    inspection.status, inspection.completed_on, inspection.outcome = (
        InspectionStatus.COMPLETED, completed_on, outcome)
    inspection.findings, inspection.warning, inspection.petition_suspend = (
        (findings or "").strip(), warning, petition_suspend)
    inspection.objection_due = add_working_days(completed_on, settings.INSPECTION_OBJECTION_WORKING_DAYS)
    if refer:
        inspection.referral = disciplinary_case_open(
            bailiff=inspection.bailiff, by=by, source=CaseSource.INSPECTION,
            source_reference=str(inspection), grounds=inspection.findings,
        )
    inspection.save()
    audit_record(actor=by, obj=inspection, kind=InspectionEvent.COMPLETED, before=InspectionStatus.IN_PROGRESS,
                 after=inspection.status,
                 data={"outcome": outcome, "warning": warning, "referral": inspection.referral_id,
                       "petition_suspend": petition_suspend})
    notifications_create(items=[(inspection.bailiff.user, "inspection_completed",
                                 {"number": inspection.order_number,
                                  "due": inspection.objection_due.strftime("%d.%m.%Y")},
                                 inspection_url(inspection))])
    # The act as a PDF with legal effect, rendered in the documents queue after commit (issue 16).
    document_issue_on_commit(kind=DocumentKind.INSPECTION_ACT, owner=inspection)
    return inspection


@transaction.atomic
def inspection_object(*, inspection: Inspection, by: User, text: str) -> Objection:
    """The bailiff objects to the act within the configured working days of its completion."""
    inspection = _locked(inspection)
    require_inspected_bailiff(inspection, by)
    _require_status(inspection, InspectionStatus.COMPLETED)
    if timezone.localdate() > inspection.objection_due:
        raise TransitionError(OBJECTIONS_CLOSED % {"date": inspection.objection_due.strftime("%d.%m.%Y")},
                              code="objections_closed")
    if not (text or "").strip():
        raise ValidationError({"text": [REQUIRED]})
    objection = Objection.objects.create(inspection=inspection, text=text.strip(), filed_by=by)
    touch(Inspection.objects.filter(pk=inspection.pk))
    audit_record(actor=by, obj=inspection, kind=InspectionEvent.OBJECTION, data={"objection": objection.pk})
    return objection


@transaction.atomic
def inspection_petition_outcome(
    *, inspection: Inspection, by: User, order_reference: str, outcome: str = PetitionOutcome.GRANTED,
    decided_on: date | None = None, effective_on: date | None = None,
) -> Inspection:
    """Record the licensor's decision on the act's petition to suspend the licence (docs/adr/0010). The Chamber
    petitions; only the licensor (the Ministry of Justice) suspends a licence. Granted: the registry records the
    suspension on the licensor's order from `effective_on` (default: the day of the decision) through its own
    service, and the open cases go to the other bailiffs of the region by the rotation. Refused: the registry
    does not change."""
    inspection = _locked(inspection)
    require_petition_staff(inspection, by)
    _require_status(inspection, InspectionStatus.COMPLETED)
    if not inspection.petition_suspend:
        raise TransitionError(NO_PETITION, code="no_petition")
    if inspection.petition_outcome or inspection.petition_carried_out_on is not None:
        raise TransitionError(ALREADY_CARRIED_OUT, code="already_carried_out")
    granted = outcome == PetitionOutcome.GRANTED
    if granted and inspection.bailiff.status != BailiffStatus.ACTIVE:
        # Suspended already, or terminated or excluded: suspending would be no measure, or a downgrade.
        raise TransitionError(NOT_ACTIVE % {"status": inspection.bailiff.get_status_display()}, code="not_active")
    order_reference = (order_reference or "").strip()
    decided_on = decided_on or timezone.localdate()
    problems: dict[str, list] = {}
    if outcome not in PetitionOutcome.values:
        problems["outcome"] = [UNKNOWN_OUTCOME]
    if not order_reference:
        problems["order_reference"] = [PETITION_ORDER_REQUIRED]
    if decided_on > timezone.localdate():
        problems["decided_on"] = [DATE_IN_FUTURE]
    elif decided_on < inspection.completed_on:
        problems["decided_on"] = [DECIDED_BEFORE_ACT % {"date": inspection.completed_on.strftime("%d.%m.%Y")}]
    if problems:
        raise ValidationError(problems)
    if granted:
        effective_on = effective_on or decided_on
        bailiff_set_status(bailiff=inspection.bailiff, status=BailiffStatus.SUSPENDED, effective_on=effective_on,
                           reason=str(_("Petition of the inspection act %(act)s") % {"act": inspection}), by=by,
                           order_reference=order_reference)
        inspection.petition_carried_out_on = effective_on
    inspection.petition_outcome, inspection.petition_order_reference = outcome, order_reference
    inspection.petition_decided_on = decided_on
    inspection.save(update_fields=["petition_outcome", "petition_order_reference", "petition_decided_on",
                                   "petition_carried_out_on"])
    audit_record(actor=by, obj=inspection, kind=InspectionEvent.PETITION_OUTCOME, after=outcome,
                 data={"outcome": outcome, "order_reference": order_reference, "decided_on": decided_on,
                       "effective_on": effective_on if granted else None})
    return inspection


def inspection_petition_carry_out(
    *, inspection: Inspection, by: User, effective_on: date | None = None, order_reference: str = "",
    outcome: str = PetitionOutcome.GRANTED, decided_on: date | None = None,
) -> Inspection:
    """`inspections/{id}/carry-out-petition/` (the public contract): records the licensor's decision, granted
    unless told otherwise; the licensor's order is required."""
    return inspection_petition_outcome(inspection=inspection, by=by, order_reference=order_reference,
                                       outcome=outcome, decided_on=decided_on, effective_on=effective_on)
