"""The bailiff's work on an assigned case: receipt, initiation or refusal, actions, closing (docs/domain.md §1, §4).

Only the bailiff who holds the case now may act on it; each function locks the application and its active
assignment, checks the rule, writes one audit event and tells the lawyer after commit where the law says so.
The log of actions is append-only: a mistaken entry is corrected by a reversing one (docs/adr/0011).
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from chamber_portal.core.audit import audit_record
from chamber_portal.core.errors import TransitionError
from chamber_portal.core.models import User
from chamber_portal.core.notifications import notifications_create
from intake.models import Application, Category, Status
from intake.services.common import transition
from intake.services.documents import pdf_problem

from ..audit_events import AssignmentEvent
from ..models import (
    HOUSING_STATED_ACTIONS,
    ActionKind,
    Assignment,
    EnforcementAction,
    Outcome,
    RefusalGround,
)
from ..selectors import claim_total, recovered_total

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
PAYMENT_ABOVE_OUTSTANDING = _("The payment exceeds the amount outstanding: %(outstanding)s tenge.")
PAYMENT_ON_NON_PROPERTY = _(
    "A non-property decision recovers no money: a payment cannot be recorded on this case."
)
COURT_DECISION_REQUIRED = _(
    "An arrest, a valuation, an auction or an eviction on housing can be recorded only with the reference of the "
    "court decision that allows it (Constitutional Court normative resolution No. 41-НП of 19 April 2024)."
)
EVICTION_COURT_DECISION_REQUIRED = _(
    "An eviction is always from housing: record the reference of the court decision being enforced "
    "(Constitutional Court normative resolution No. 41-НП of 19 April 2024)."
)
ON_HOUSING_NOT_STATED = _(
    "The case touches housing: say whether this action concerns the debtor's dwelling."
)
PROSECUTOR_SANCTION_REQUIRED = _(
    "Entering a dwelling without the occupant's consent needs the prosecutor's sanction (Law No. 261-IV): "
    "record its number and date."
)
ACTION_ALREADY_REVERSED = _("This entry is already reversed.")
REVERSAL_NOT_REVERSIBLE = _("A reversing entry cannot itself be reversed: record the action again instead.")

OPEN = (Status.ASSIGNED, Status.IN_ENFORCEMENT)


def _holding(application: Application, by: User | None):
    """The active assignment of `by` on the case: only the bailiff who holds it now acts on it (never the system)."""
    if by is None or not by.is_authenticated:
        return Assignment.objects.none()
    return Assignment.objects.filter(application=application, is_active=True, bailiff__user=by)


def require_holder(application: Application, by: User | None) -> None:
    """Who may act on the case, without the locks: the API asks it before it reads the body."""
    if not _holding(application, by).exists():
        raise PermissionDenied(NOT_YOUR_CASE)


def _held(application: Application, by: User) -> tuple[Application, Assignment]:
    """The application and the active assignment of `by`, both locked; closed cases refuse every action."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    assignment = _holding(application, by).select_for_update().first()
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


def _stated_on_housing(kind: str, stated: bool | None) -> bool | None:
    """What the entry records about the dwelling: an eviction is always on housing; an arrest, a valuation or an
    auction as stated (None: not said); the other actions never concern a dwelling as such."""
    if kind == ActionKind.EVICTION:
        return True
    if kind in HOUSING_STATED_ACTIONS:
        return stated
    return False


def _tenge(amount: Decimal) -> str:
    return number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)


def _payment_problem(application: Application, amount_kzt: Decimal | None) -> tuple[str, str] | None:
    """(field, message) if the payment cannot be recorded. Runs under the application's row lock (`_held`), so
    two payments at once are summed one after the other and cannot together pass the claim."""
    if application.category == Category.NON_PROPERTY:
        # Nothing to recover: an eviction or an obligation to act carries no sum (docs/adr/0011).
        return "kind", PAYMENT_ON_NON_PROPERTY
    if amount_kzt is None or amount_kzt <= 0:
        return "amount_kzt", AMOUNT_REQUIRED
    # No cap where there is no fixed total: alimony runs month by month, as a fixed monthly sum or a share of
    # income, so what is due grows with time and the document's figure is a rate, not a total.
    total = claim_total(application)
    if total is None:
        return None
    outstanding = max(total - recovered_total(application), Decimal("0"))
    if amount_kzt > outstanding:
        return "amount_kzt", PAYMENT_ABOVE_OUTSTANDING % {"outstanding": _tenge(outstanding)}
    return None


@transaction.atomic
def case_acknowledge(*, application: Application, by: User) -> Assignment:
    """The bailiff confirms the case reached him or her: the time stamp is the Chamber's evidence of receipt."""
    application, assignment = _held(application, by)
    if assignment.acknowledged_at is not None:
        raise TransitionError(ALREADY_ACKNOWLEDGED, code="already_acknowledged")
    assignment.acknowledged_at = timezone.now()
    assignment.save(update_fields=["acknowledged_at"])
    audit_record(actor=by, obj=application, kind=AssignmentEvent.ACKNOWLEDGED, before=application.status,
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
    transition(application, to=Status.IN_ENFORCEMENT, by=by, kind=AssignmentEvent.INITIATED,
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
    transition(application, to=Status.CLOSED, by=by, kind=AssignmentEvent.CLOSED, note=note,
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
    amount_kzt: Decimal | None = None, on_housing: bool | None = None, court_decision_ref: str = "",
    prosecutor_sanction_ref: str = "", entry_without_consent: bool = False, document: UploadedFile | None = None,
) -> EnforcementAction:
    """Log one enforcement action (docs/domain.md §1, docs/adr/0011).

    A payment may not take the recovered total above the claim. On a case flagged housing an arrest, a valuation
    or an auction must say whether it concerns the dwelling; on housing (an eviction always is) the court
    decision that allows it is recorded first. The prosecutor's sanction is asked for where Law No. 261-IV asks
    for it: entering a dwelling without the occupant's consent, other than to carry out a court's eviction
    decision, which is itself the court's authority.
    """
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
        if problem := _payment_problem(application, amount_kzt):
            problems[problem[0]] = [problem[1]]
    elif amount_kzt is not None:
        problems["amount_kzt"] = [AMOUNT_ONLY_FOR_PAYMENTS]
    on_housing = _stated_on_housing(kind, on_housing)
    if on_housing is None and housing_flagged(application):
        problems["on_housing"] = [ON_HOUSING_NOT_STATED]
    if on_housing and not court_decision_ref:
        problems["court_decision_ref"] = [
            EVICTION_COURT_DECISION_REQUIRED if kind == ActionKind.EVICTION else COURT_DECISION_REQUIRED]
    entry_without_consent = bool(entry_without_consent)
    if entry_without_consent and kind != ActionKind.EVICTION and not prosecutor_sanction_ref:
        problems["prosecutor_sanction_ref"] = [PROSECUTOR_SANCTION_REQUIRED]
    if document is not None and (problem := pdf_problem(document)):
        problems["document"] = [problem]
    if problems:
        raise ValidationError(problems)
    action = EnforcementAction.objects.create(
        application=application, assignment=assignment, kind=kind, date=date, note=(note or "").strip(),
        amount_kzt=amount_kzt, on_housing=on_housing, court_decision_ref=court_decision_ref,
        prosecutor_sanction_ref=prosecutor_sanction_ref, entry_without_consent=entry_without_consent,
        document=document or "",
        document_name=(document.name[:255] if document is not None else ""), recorded_by=by,
    )
    audit_record(actor=by, obj=application, kind=AssignmentEvent.ENFORCEMENT_ACTION,
                 data={"action": action.pk, "kind": kind, "date": date.isoformat(),
                       "amount_kzt": str(amount_kzt) if amount_kzt is not None else None, "on_housing": on_housing,
                       "entry_without_consent": entry_without_consent})
    return action


@transaction.atomic
def case_action_reverse(*, application: Application, action: EnforcementAction, by: User, reason: str
                        ) -> EnforcementAction:
    """Correct a mistaken entry by a reversing one, recording who, when and why; the entry itself stays.

    The reversal has the entry's kind and, for a payment, the amount negated, so every total (recovered,
    outstanding, the monthly report) nets it out. One reversal per entry (a unique constraint backs it); a
    reversal is not reversed again: the bailiff records the action anew instead.
    """
    application, assignment = _held(application, by)
    if application.status != Status.IN_ENFORCEMENT:
        raise TransitionError(INITIATE_FIRST, code="not_initiated")
    original = EnforcementAction.objects.filter(application=application, pk=action.pk).first()
    if original is None:
        raise PermissionDenied(NOT_YOUR_CASE)
    if original.reverses_id is not None:
        raise TransitionError(REVERSAL_NOT_REVERSIBLE, code="reversal_not_reversible")
    if original.reversals.exists():
        raise TransitionError(ACTION_ALREADY_REVERSED, code="already_reversed")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [REQUIRED]})
    amount = -original.amount_kzt if original.amount_kzt is not None else None
    try:
        with transaction.atomic():
            reversal = EnforcementAction.objects.create(
                application=application, assignment=assignment, kind=original.kind, date=timezone.localdate(),
                amount_kzt=amount, on_housing=None, reverses=original, reason=reason, recorded_by=by,
            )
    except IntegrityError as error:  # the row lock makes this unreachable; the constraint is the guarantee
        raise TransitionError(ACTION_ALREADY_REVERSED, code="already_reversed") from error
    audit_record(actor=by, obj=application, kind=AssignmentEvent.ENFORCEMENT_ACTION_REVERSED,
                 data={"action": reversal.pk, "reverses": original.pk, "kind": original.kind,
                       "amount_kzt": str(amount) if amount is not None else None, "reason": reason})
    return reversal

