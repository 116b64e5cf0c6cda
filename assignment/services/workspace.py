"""The bailiff's work on an assigned case: receipt, initiation or refusal, actions, closing (DESIGN §1, §4).

Only the bailiff who holds the case now may act on it; each function locks the application and its active
assignment, checks the rule, writes one audit event and tells the lawyer after commit where the law says so.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chamber_portal.core.audit import audit_record
from chamber_portal.core.errors import TransitionError
from chamber_portal.core.models import User
from chamber_portal.core.notifications import notifications_create
from intake.models import Application, Status
from intake.services.common import transition
from intake.services.documents import pdf_problem

from ..models import (
    HOUSING_SENSITIVE_ACTIONS,
    ActionKind,
    Assignment,
    EnforcementAction,
    Outcome,
    RefusalGround,
)

NOT_YOUR_CASE = _("This case is not assigned to you.")
CASE_CLOSED = _("The case is closed: nothing more can be recorded on it.")
ALREADY_ACKNOWLEDGED = _("Receipt of this case is already acknowledged.")
ACKNOWLEDGE_FIRST = _("Acknowledge receipt of the case first.")
ALREADY_DECIDED = _("Initiation has already been decided on this case.")
INITIATE_FIRST = _("Record the decision to initiate enforcement proceedings first.")
REQUIRED = _("This field is required.")
DATE_IN_FUTURE = _("The date cannot be in the future.")
DATE_BEFORE_ASSIGNMENT = _("The date cannot be before the case was assigned to you (%(date)s).")
DATE_BEFORE_INITIATION = _("The date cannot be before enforcement proceedings were initiated (%(date)s).")
GROUND_NOTE_REQUIRED = _("State the ground for refusal in the note.")
CLOSE_NOTE_REQUIRED = _("Explain the outcome in the note.")
UNKNOWN_CHOICE = _("Choose one of the options.")
AMOUNT_REQUIRED = _("Enter the amount received, more than zero.")
AMOUNT_ONLY_FOR_PAYMENTS = _("An amount is recorded only for a payment received.")
COURT_DECISION_REQUIRED = _(
    "An arrest, foreclosure or eviction on housing can be recorded only with the reference of the court "
    "decision that allows it (Constitutional Court normative resolution No. 41-НП of 19 April 2024)."
)
PROSECUTOR_SANCTION_REQUIRED = _(
    "This is the debtor's sole dwelling where minors live: record the prosecutor's sanction as well."
)

OPEN = (Status.ASSIGNED, Status.IN_ENFORCEMENT)


def _held(application: Application, by: User) -> tuple[Application, Assignment]:
    """The application and the active assignment of `by`, both locked; closed cases refuse every action."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    assignment = (
        Assignment.objects.select_for_update()
        .filter(application=application, is_active=True, bailiff__user=by)
        .first()
    )
    if assignment is None:
        raise PermissionDenied(NOT_YOUR_CASE)
    if application.status == Status.CLOSED:
        raise TransitionError(CASE_CLOSED, code="case_closed")
    if application.status not in OPEN:
        raise PermissionDenied(NOT_YOUR_CASE)
    return application, assignment


def _date_problem(value: date | None, assignment: Assignment) -> str | None:
    """A date the bailiff records must lie between the day the case reached him or her and today."""
    if value is None:
        return REQUIRED
    if value > timezone.localdate():
        return DATE_IN_FUTURE
    assigned_on = timezone.localdate(assignment.assigned_at)
    if value < assigned_on:
        return DATE_BEFORE_ASSIGNMENT % {"date": assigned_on.strftime("%d.%m.%Y")}
    return None


def _tell_lawyer(application: Application, kind: str, data: dict) -> None:
    """The in-app notice, written with the change (the e-mail goes after commit, from `transition`)."""
    url = reverse("intake:application_detail", args=[application.pk])
    notifications_create(items=[(application.lawyer, kind, {"reference": application.reference, **data}, url)])


def housing_flagged(application: Application) -> bool:
    return application.housing_involved or application.sole_dwelling or application.minors_present


@transaction.atomic
def case_acknowledge(*, application: Application, by: User) -> Assignment:
    """The bailiff confirms the case reached him or her: the time stamp is the Chamber's evidence of receipt."""
    application, assignment = _held(application, by)
    if assignment.acknowledged_at is not None:
        raise TransitionError(ALREADY_ACKNOWLEDGED, code="already_acknowledged")
    assignment.acknowledged_at = timezone.now()
    assignment.save(update_fields=["acknowledged_at"])
    audit_record(actor=by, obj=application, kind="acknowledged", before=application.status,
                 after=application.status, data={"assignment": assignment.pk})
    return assignment


@transaction.atomic
def case_initiate(*, application: Application, by: User, decision_number: str, decision_date: date | None
                  ) -> Assignment:
    """Record the decision to initiate enforcement proceedings (number, date): the case is in enforcement."""
    application, assignment = _held(application, by)
    if assignment.acknowledged_at is None:
        raise TransitionError(ACKNOWLEDGE_FIRST, code="not_acknowledged")
    if application.status != Status.ASSIGNED:
        raise TransitionError(ALREADY_DECIDED, code="already_initiated")
    problems = {}
    if not (decision_number or "").strip():
        problems["decision_number"] = [REQUIRED]
    if problem := _date_problem(decision_date, assignment):
        problems["decision_date"] = [problem]
    if problems:
        raise ValidationError(problems)
    assignment.initiation_number, assignment.initiated_on = decision_number.strip(), decision_date
    assignment.save(update_fields=["initiation_number", "initiated_on"])
    transition(application, to=Status.IN_ENFORCEMENT, by=by, kind="initiated",
               note=f"№ {assignment.initiation_number}, {decision_date:%d.%m.%Y}",
               data={"decision_number": assignment.initiation_number, "decision_date": decision_date.isoformat()})
    _tell_lawyer(application, "case_initiated", {"number": assignment.initiation_number,
                                                 "date": decision_date.strftime("%d.%m.%Y")})
    return assignment


def _close(application: Application, assignment: Assignment, by: User, outcome: str, note: str,
           ground: str = "") -> Assignment:
    assignment.outcome, assignment.refusal_ground = outcome, ground
    assignment.closed_at, assignment.close_note = timezone.now(), note
    assignment.save(update_fields=["outcome", "refusal_ground", "closed_at", "close_note"])
    transition(application, to=Status.CLOSED, by=by, kind="closed", note=note,
               data={"outcome": outcome, "refusal_ground": ground})
    _tell_lawyer(application, "case_closed", {"outcome": outcome})
    return assignment


@transaction.atomic
def case_refuse(*, application: Application, by: User, ground: str, note: str = "") -> Assignment:
    """Refuse to initiate on a legal ground: the case closes with that outcome and the lawyer is told."""
    application, assignment = _held(application, by)
    if assignment.acknowledged_at is None:
        raise TransitionError(ACKNOWLEDGE_FIRST, code="not_acknowledged")
    if application.status != Status.ASSIGNED:
        raise TransitionError(ALREADY_DECIDED, code="already_initiated")
    note = (note or "").strip()
    if ground not in RefusalGround.values:
        raise ValidationError({"refusal_ground": [UNKNOWN_CHOICE if ground else REQUIRED]})
    if ground == RefusalGround.OTHER and not note:
        raise ValidationError({"note": [GROUND_NOTE_REQUIRED]})
    return _close(application, assignment, by, Outcome.REFUSED_TO_INITIATE, note, ground)


@transaction.atomic
def case_close(*, application: Application, by: User, outcome: str, note: str = "", refusal_ground: str = ""
               ) -> Assignment:
    """Close the proceedings with an outcome; a refusal to initiate goes through `case_refuse`'s rules."""
    if outcome == Outcome.REFUSED_TO_INITIATE:
        return case_refuse(application=application, by=by, ground=refusal_ground, note=note)
    application, assignment = _held(application, by)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": [UNKNOWN_CHOICE if outcome else REQUIRED]})
    if application.status != Status.IN_ENFORCEMENT:
        raise TransitionError(INITIATE_FIRST, code="not_initiated")
    note = (note or "").strip()
    if outcome != Outcome.EXECUTED_IN_FULL and not note:
        raise ValidationError({"note": [CLOSE_NOTE_REQUIRED]})
    return _close(application, assignment, by, outcome, note)


@transaction.atomic
def case_action_record(
    *, application: Application, by: User, kind: str, date: date | None, note: str = "",
    amount_kzt: Decimal | None = None, on_housing: bool = False, court_decision_ref: str = "",
    prosecutor_sanction_ref: str = "", document: UploadedFile | None = None,
) -> EnforcementAction:
    """Log one enforcement action; on housing, a court decision must allow it first (DESIGN §1)."""
    application, assignment = _held(application, by)
    if application.status != Status.IN_ENFORCEMENT:
        raise TransitionError(INITIATE_FIRST, code="not_initiated")
    court_decision_ref = (court_decision_ref or "").strip()
    prosecutor_sanction_ref = (prosecutor_sanction_ref or "").strip()
    problems: dict[str, list] = {}
    if kind not in ActionKind.values:
        problems["kind"] = [UNKNOWN_CHOICE if kind else REQUIRED]
    if problem := _date_problem(date, assignment):
        problems["date"] = [problem]
    elif assignment.initiated_on and date < assignment.initiated_on:
        problems["date"] = [DATE_BEFORE_INITIATION % {"date": assignment.initiated_on.strftime("%d.%m.%Y")}]
    if kind == ActionKind.PAYMENT:
        if amount_kzt is None or amount_kzt <= 0:
            problems["amount_kzt"] = [AMOUNT_REQUIRED]
    elif amount_kzt is not None:
        problems["amount_kzt"] = [AMOUNT_ONLY_FOR_PAYMENTS]
    # An eviction on a case that touches housing is an eviction from housing, whatever the form said.
    sensitive = kind in HOUSING_SENSITIVE_ACTIONS
    on_housing = sensitive and (bool(on_housing) or (kind == ActionKind.EVICTION and housing_flagged(application)))
    if on_housing and not court_decision_ref:
        problems["court_decision_ref"] = [COURT_DECISION_REQUIRED]
    if on_housing and application.sole_dwelling and application.minors_present and not prosecutor_sanction_ref:
        problems["prosecutor_sanction_ref"] = [PROSECUTOR_SANCTION_REQUIRED]
    if document is not None and (problem := pdf_problem(document)):
        problems["document"] = [problem]
    if problems:
        raise ValidationError(problems)
    action = EnforcementAction.objects.create(
        application=application, assignment=assignment, kind=kind, date=date, note=(note or "").strip(),
        amount_kzt=amount_kzt, on_housing=on_housing, court_decision_ref=court_decision_ref,
        prosecutor_sanction_ref=prosecutor_sanction_ref, document=document or "",
        document_name=(document.name[:255] if document is not None else ""), recorded_by=by,
    )
    audit_record(actor=by, obj=application, kind="enforcement_action",
                 data={"action": action.pk, "kind": kind, "date": date.isoformat(),
                       "amount_kzt": str(amount_kzt) if amount_kzt is not None else None, "on_housing": on_housing})
    return action

