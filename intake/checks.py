"""Every intake check of an application, all at once, keyed by field (used by web and API alike)."""

from collections import defaultdict
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chamber_portal.core import iin

from . import rules
from .models import REQUIRED_DOCUMENTS, AlimonyBasis, Application, Category, DocumentType, PartyKind

# The rules' messages, where the tests and the forms have always found them.
from .rules import (  # noqa: F401
    ALIMONY_NEEDS_INDIVIDUALS,
    ALREADY_FILED,
    PERIOD_EXPIRED,
    STATE_CLAIM_ABOVE_THRESHOLD,
    STATE_CLAIM_NEEDS_STATE_CREDITOR,
    STATE_CREDITOR_IS_STATE_CLAIM,
)

REQUIRED = _("This field is required.")
AMOUNT_MUST_BE_POSITIVE = _("Enter an amount greater than zero.")
AMOUNT_NOT_FOR_NON_PROPERTY = _("A non-property decision has no amount in tenge.")
ALIMONY_SHARE_REQUIRED = _("Enter the share of income, e.g. 1/4.")
OBLIGATION_REQUIRED = _("Describe what the debtor must do or refrain from doing.")
DATE_IN_FUTURE = _("This date cannot be in the future.")
EFFECTIVE_BEFORE_DECISION = _("A decision cannot enter into force before it is made.")
ISSUED_BEFORE_DECISION = _("An enforcement document cannot be issued before the decision.")
DOCUMENT_KIND_NOT_FILED = _("This kind of enforcement document is not filed through the Chamber.")
DOCUMENT_MISSING = {
    DocumentType.POWER_OF_ATTORNEY: _("Attach the power of attorney (PDF)."),
    DocumentType.DECISION_SCAN: _("Attach a scan of the court decision (PDF)."),
}
SOLE_DWELLING_NEEDS_HOUSING = _("A sole dwelling is housing: tick “the case touches housing” too.")

PARTY_FIELDS = ("kind", "name", "iin_bin")


def _party_problems(application: Application, role: str, problems: dict) -> None:
    kind = getattr(application, f"{role}_kind")
    for field in PARTY_FIELDS:
        if not getattr(application, f"{role}_{field}"):
            problems[f"{role}_{field}"].append(REQUIRED)
    number = getattr(application, f"{role}_iin_bin")
    if number and kind:
        problem = iin.iin_problem(number) if kind == PartyKind.INDIVIDUAL else iin.bin_problem(number)
        if problem:
            problems[f"{role}_iin_bin"].append(problem)


def _amount_problems(application: Application, problems: dict) -> None:
    category, amount = application.category, application.amount_kzt
    if category == Category.NON_PROPERTY:
        if amount is not None:
            problems["amount_kzt"].append(AMOUNT_NOT_FOR_NON_PROPERTY)
        if not application.obligation.strip():
            problems["obligation"].append(OBLIGATION_REQUIRED)
        return
    if category == Category.ALIMONY and application.alimony_basis == AlimonyBasis.SHARE_OF_INCOME:
        if not application.alimony_share.strip():
            problems["alimony_share"].append(ALIMONY_SHARE_REQUIRED)
        return
    if category == Category.ALIMONY and not application.alimony_basis:
        problems["alimony_basis"].append(REQUIRED)
    if amount is None or amount <= 0:
        problems["amount_kzt"].append(AMOUNT_MUST_BE_POSITIVE)
    elif category == Category.STATE_CLAIM:
        day = timezone.localdate(application.submitted_at or timezone.now())
        if problem := rules.state_claim_problem(amount=amount, on=day):
            problems["amount_kzt"].append(problem)


def _date_problems(application: Application, today: date, problems: dict) -> None:
    for field in ("decision_date", "decision_effective_date", "document_issued_at"):
        value = getattr(application, field)
        if value is None:
            problems[field].append(REQUIRED)
        elif value > today:
            problems[field].append(DATE_IN_FUTURE)
    decided, effective, issued = (
        application.decision_date,
        application.decision_effective_date,
        application.document_issued_at,
    )
    if decided and effective and effective < decided:
        problems["decision_effective_date"].append(EFFECTIVE_BEFORE_DECISION)
    if decided and issued and issued < decided:
        problems["document_issued_at"].append(ISSUED_BEFORE_DECISION)
    ended = application.previous_enforcement_ended_on
    if ended and ended > today:
        problems["previous_enforcement_ended_on"].append(DATE_IN_FUTURE)
    elif ended and effective and ended < effective:
        problems["previous_enforcement_ended_on"].append(rules.PREVIOUS_ENFORCEMENT_BEFORE_EFFECTIVE)
    elif problem := rules.period_problem(application, today=today):
        problems["decision_effective_date"].append(problem)


def intake_problems(application: Application, *, today: date | None = None) -> dict[str, list[str]]:
    """Every problem that stops the application from being submitted, keyed by field ('__all__' for the rest)."""
    today = today or timezone.localdate()
    problems: dict[str, list] = defaultdict(list)
    if not application.category:
        problems["category"].append(REQUIRED)
    if not application.region_id:
        problems["region"].append(REQUIRED)
    _party_problems(application, "creditor", problems)
    _party_problems(application, "debtor", problems)
    if not application.debtor_address.strip():
        problems["debtor_address"].append(REQUIRED)
    for field in ("court_name", "court_case_number", "document_number"):
        if not getattr(application, field).strip():
            problems[field].append(REQUIRED)
    if application.document_kind_id is None:
        problems["document_kind"].append(REQUIRED)
    elif not application.document_kind.filed_through_chamber:
        problems["document_kind"].append(DOCUMENT_KIND_NOT_FILED)

    if wrong_category := rules.category_problem(application):
        field, message = wrong_category
        problems[field].append(message)
    if application.category:
        _amount_problems(application, problems)
    if application.sole_dwelling and not application.housing_involved:
        problems["housing_involved"].append(SOLE_DWELLING_NEEDS_HOUSING)
    _date_problems(application, today, problems)

    if existing := rules.live_filing_of(application):
        problems["document_number"].append(rules.already_filed_message(existing))

    attached = set(application.documents.values_list("kind", flat=True)) if application.pk else set()
    if DocumentType.POWER_OF_ATTORNEY not in attached and rules.standing_power_of_attorney(application, today=today):
        attached.add(DocumentType.POWER_OF_ATTORNEY)
    for kind in REQUIRED_DOCUMENTS:
        if kind not in attached:
            problems[f"document_{kind}"].append(DOCUMENT_MISSING[kind])
    return {field: [str(message) for message in messages] for field, messages in problems.items()}
