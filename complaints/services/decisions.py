"""Breach decisions: the disciplinary commission's (deciding a complaint) and a court's, with their entry
into force and appeals (docs/domain.md §1, Rules No. 652 clause 12)."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assignment.models import Assignment
from bailiffs.models import Bailiff
from chamber_portal.core.after_commit import task_after_commit
from chamber_portal.core.audit import audit_record
from chamber_portal.core.errors import TransitionError
from chamber_portal.core.models import User
from chamber_portal.core.models.tracking import touch
from chamber_portal.core.notifications import notifications_create
from chamber_portal.documents.models import DocumentKind
from chamber_portal.documents.services import document_issue_on_commit
from intake.models import Application

from ..audit_events import ComplaintEvent
from ..models import (
    AppealStatus,
    BreachDecision,
    CancelReason,
    Complaint,
    ComplaintStatus,
    DecisionBody,
    DecisionOutcome,
    Reassignment,
    ReassignmentStatus,
)
from ..rules import decision_in_force, decision_stands
from .common import REQUIRED, UNKNOWN_CHOICE, check_pdfs, require_region_staff
from .complaints import ALREADY_DECIDED, complaint_url, locked, require_complaint_staff

DATE_IN_FUTURE = _("The date cannot be in the future.")
EFFECTIVE_BEFORE_DECISION = _("A decision cannot enter into force before it is made.")
NEVER_HELD_THE_CASE = _("This bailiff never held this case.")
APPEAL_NOT_POSSIBLE = _("Only a decision that is not already under appeal or set aside can be appealed.")
NO_APPEAL_PENDING = _("No appeal is pending against this decision.")
APPEAL_BEFORE_DECISION = _("The appeal cannot be filed before the decision.")
DECIDED_BEFORE_FILED = _("The decision cannot be dated before the complaint was filed.")


def default_effective_on(decision_date: date) -> date:
    """Not appealed, a decision enters into force when the appeal period has passed (configurable)."""
    return decision_date + timedelta(days=settings.BREACH_APPEAL_PERIOD_DAYS)


def _check_dates(decision_date: date | None, effective_on: date | None, *, effective_required: bool) -> None:
    problems = {}
    if decision_date is None:
        problems["decision_date"] = [REQUIRED]
    elif decision_date > timezone.localdate():
        problems["decision_date"] = [DATE_IN_FUTURE]
    if effective_on is None and effective_required:
        problems["effective_on"] = [REQUIRED]
    elif effective_on is not None and decision_date is not None and effective_on < decision_date:
        problems["effective_on"] = [EFFECTIVE_BEFORE_DECISION]
    if problems:
        raise ValidationError(problems)


def _cancel_held(reassignments, reason: str, by: User) -> None:
    for reassignment in reassignments.select_for_update().filter(status=ReassignmentStatus.HELD):
        reassignment.status, reassignment.cancel_reason = ReassignmentStatus.CANCELLED, reason
        reassignment.save(update_fields=["status", "cancel_reason"])
        audit_record(actor=by, obj=reassignment, kind=ComplaintEvent.CANCELLED, before=ReassignmentStatus.HELD,
                     after=ReassignmentStatus.CANCELLED, data={"reason": reason})


def _release_soon(decision: BreachDecision) -> None:
    """A decision already in force releases its held reassignment now rather than at the next daily run."""
    if decision_in_force(decision, on=timezone.localdate()):
        from ..tasks import release_due_reassignments

        task_after_commit(release_due_reassignments)


@transaction.atomic
def complaint_decide(
    *, complaint: Complaint, by: User, outcome: str, decision_date: date | None, effective_on: date | None = None,
    document_reference: str = "", note: str = "", document: UploadedFile | None = None,
) -> Complaint:
    """Record the disciplinary commission's decision. A confirmed breach becomes a breach decision in force from
    `effective_on` (default: the decision date plus the appeal period); the held reassignment waits for it.
    No breach cancels the held reassignment."""
    complaint = locked(complaint)
    require_complaint_staff(complaint, by)
    if complaint.status == ComplaintStatus.DECIDED:
        raise TransitionError(ALREADY_DECIDED, code="already_decided")
    if outcome not in DecisionOutcome.values:
        raise ValidationError({"outcome": [UNKNOWN_CHOICE if outcome else REQUIRED]})
    _check_dates(decision_date, effective_on, effective_required=False)
    if decision_date < timezone.localdate(complaint.filed_at):
        raise ValidationError({"decision_date": [DECIDED_BEFORE_FILED]})
    if not (document_reference or "").strip():
        raise ValidationError({"document_reference": [REQUIRED]})
    check_pdfs([document] if document else [], "document")
    if complaint.status == ComplaintStatus.FILED:
        # filed → under_review → decided (docs/domain.md §4): deciding at once takes the complaint first, on the record.
        complaint.status, complaint.owner = ComplaintStatus.UNDER_REVIEW, complaint.owner or by
        complaint.save(update_fields=["status", "owner"])
        audit_record(actor=by, obj=complaint, kind=ComplaintEvent.TAKEN, before=ComplaintStatus.FILED,
                     after=ComplaintStatus.UNDER_REVIEW, data={"owner": complaint.owner_id})
    before = complaint.status
    complaint.status, complaint.outcome = ComplaintStatus.DECIDED, outcome
    complaint.decided_at, complaint.decision_date, complaint.decision_note = timezone.now(), decision_date, note
    if complaint.owner_id is None:
        complaint.owner = by
    complaint.save()
    breach = None
    if outcome == DecisionOutcome.BREACH_CONFIRMED:
        breach = BreachDecision.objects.create(
            application=complaint.application, bailiff=complaint.bailiff, complaint=complaint,
            body=DecisionBody.COMMISSION, decision_date=decision_date,
            effective_on=effective_on or default_effective_on(decision_date),
            document_reference=document_reference.strip(), document=document or "",
            document_name=document.name[:255] if document else "", recorded_by=by,
        )
        for held in Reassignment.objects.select_for_update().filter(complaint=complaint,
                                                                     status=ReassignmentStatus.HELD):
            held.decision = breach
            held.save(update_fields=["decision"])
            audit_record(actor=by, obj=held, kind=ComplaintEvent.DECISION_LINKED, data={"decision": breach.pk})
        _release_soon(breach)
    else:
        _cancel_held(Reassignment.objects.filter(complaint=complaint), CancelReason.NO_BREACH, by)
    audit_record(actor=by, obj=complaint, kind=ComplaintEvent.DECIDED, before=before, after=ComplaintStatus.DECIDED,
                 data={"outcome": outcome, "decision_date": decision_date.isoformat(),
                       "effective_on": breach.effective_on.isoformat() if breach else None,
                       "document_reference": document_reference.strip()})
    data = {"reference": complaint.application.reference}
    notifications_create(items=[
        (complaint.filed_by, "complaint_decided", data, complaint_url(complaint)),
        (complaint.bailiff.user, "complaint_decided", data, complaint_url(complaint)),
    ])
    # The decision as a PDF with legal effect, rendered in the documents queue after commit (issue 16).
    document_issue_on_commit(kind=DocumentKind.COMPLAINT_DECISION, owner=complaint)
    return complaint


@transaction.atomic
def breach_decision_register(
    *, application: Application, bailiff: Bailiff, by: User, body: str, decision_date: date | None,
    effective_on: date | None, document_reference: str, request_reassignment: bool = True,
    document: UploadedFile | None = None,
) -> BreachDecision:
    """Register a decision confirming a bailiff's breach on a case without a complaint filed through the portal
    (a court's, or the commission's on a paper complaint). With `request_reassignment`, the case is held for
    another bailiff until the decision is in force, if that bailiff still holds it."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    require_region_staff(application.region_id, by)
    if body not in DecisionBody.values:
        raise ValidationError({"body": [UNKNOWN_CHOICE if body else REQUIRED]})
    _check_dates(decision_date, effective_on, effective_required=body == DecisionBody.COURT)
    if not (document_reference or "").strip():
        raise ValidationError({"document_reference": [REQUIRED]})
    if not Assignment.objects.filter(application=application, bailiff=bailiff).exists():
        raise ValidationError({"bailiff": [NEVER_HELD_THE_CASE]})
    check_pdfs([document] if document else [], "document")
    decision = BreachDecision.objects.create(
        application=application, bailiff=bailiff, body=body, decision_date=decision_date,
        effective_on=effective_on or default_effective_on(decision_date),
        document_reference=document_reference.strip(), document=document or "",
        document_name=document.name[:255] if document else "", recorded_by=by,
    )
    holds_it = application.assigned_bailiff_id == bailiff.pk
    held = Reassignment.objects.select_for_update().filter(application=application,
                                                           status=ReassignmentStatus.HELD).first()
    if held is not None and held.bailiff_id == bailiff.pk and held.decision_id is None:
        held.decision = decision
        held.save(update_fields=["decision"])
        audit_record(actor=by, obj=held, kind=ComplaintEvent.DECISION_LINKED, data={"decision": decision.pk})
    elif request_reassignment and holds_it and held is None:
        held = Reassignment.objects.create(application=application, bailiff=bailiff, decision=decision)
        audit_record(actor=by, obj=held, kind=ComplaintEvent.HELD, after=ReassignmentStatus.HELD,
                     data={"application": application.pk, "bailiff": bailiff.pk, "decision": decision.pk})
        if not decision_in_force(decision, on=timezone.localdate()):  # in force already: released at once, never held
            # Clause 12: the notice that the change is held, as a PDF with legal effect (issue 16).
            document_issue_on_commit(kind=DocumentKind.HELD_REASSIGNMENT_NOTICE, owner=held)
    audit_record(actor=by, obj=decision, kind=ComplaintEvent.REGISTERED,
                 data={"application": application.pk, "bailiff": bailiff.pk, "body": body,
                       "decision_date": decision_date.isoformat(), "effective_on": decision.effective_on.isoformat(),
                       "document_reference": decision.document_reference})
    _release_soon(decision)
    return decision


def require_decision_staff(decision: BreachDecision, by: User | None) -> None:
    """Staff of the case's region (national staff: any) record appeals against the decision."""
    require_region_staff(decision.application.region_id, by)


def _locked_decision(decision: BreachDecision) -> BreachDecision:
    """The case first (a release locks it too, so an appeal and a release never both pass), then the decision."""
    Application.objects.select_for_update().filter(pk=decision.application_id).first()
    return BreachDecision.objects.select_for_update(of=("self",)).select_related("application").get(pk=decision.pk)


@transaction.atomic
def breach_decision_appeal(*, decision: BreachDecision, by: User, filed_on: date | None) -> BreachDecision:
    """An appeal holds the decision (and the reassignment waiting for it) until the appeal is decided."""
    decision = _locked_decision(decision)
    require_decision_staff(decision, by)
    if not decision_stands(decision):
        raise TransitionError(APPEAL_NOT_POSSIBLE, code="appeal_not_possible")
    if filed_on is None:
        raise ValidationError({"filed_on": [REQUIRED]})
    if filed_on > timezone.localdate():
        raise ValidationError({"filed_on": [DATE_IN_FUTURE]})
    if filed_on < decision.decision_date:
        raise ValidationError({"filed_on": [APPEAL_BEFORE_DECISION]})
    before = decision.appeal_status
    decision.appeal_status, decision.appeal_filed_on = AppealStatus.PENDING, filed_on
    decision.save(update_fields=["appeal_status", "appeal_filed_on"])
    touch(Reassignment.objects.filter(decision=decision))  # their API rows show its appeal (issue 14: updated_at)
    audit_record(actor=by, obj=decision, kind=ComplaintEvent.APPEALED, before=before, after=decision.appeal_status,
                 data={"filed_on": filed_on.isoformat()})
    return decision


@transaction.atomic
def breach_decision_appeal_decide(
    *, decision: BreachDecision, by: User, upheld: bool, decided_on: date | None, effective_on: date | None = None,
) -> BreachDecision:
    """Appeal dismissed: the decision enters into force on the date recorded (default: the appeal's decision
    date). Appeal upheld: the decision is set aside and the reassignment waiting for it is cancelled."""
    decision = _locked_decision(decision)
    require_decision_staff(decision, by)
    if decision.appeal_status != AppealStatus.PENDING:
        raise TransitionError(NO_APPEAL_PENDING, code="no_appeal_pending")
    if decided_on is None:
        raise ValidationError({"decided_on": [REQUIRED]})
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": [DATE_IN_FUTURE]})
    if effective_on is not None and effective_on < decided_on:
        raise ValidationError({"effective_on": [EFFECTIVE_BEFORE_DECISION]})
    before = decision.appeal_status
    decision.appeal_decided_on = decided_on
    if upheld:
        decision.appeal_status = AppealStatus.UPHELD
        _cancel_held(Reassignment.objects.filter(decision=decision), CancelReason.SET_ASIDE, by)
    else:
        decision.appeal_status, decision.effective_on = AppealStatus.DISMISSED, effective_on or decided_on
    decision.save(update_fields=["appeal_status", "appeal_decided_on", "effective_on"])
    touch(Reassignment.objects.filter(decision=decision))
    audit_record(actor=by, obj=decision, kind=ComplaintEvent.APPEAL_DECIDED, before=before,
                 after=decision.appeal_status,
                 data={"decided_on": decided_on.isoformat(),
                       "effective_on": decision.effective_on.isoformat() if decision.effective_on else None})
    if not upheld:
        _release_soon(decision)
    return decision
