"""The intake rules of the law, each named once: the services, the checks and the constraints call these.

- the state-claim threshold (Rules No. 652, clause 3: up to 1,000 MRP of the day), `state_claim_limit`;
- the parties decide the category (a state body as claimant is a claim in favour of the state), `category_problem`;
- the presentation period per document kind (Law No. 261-IV, art. 11: interrupted by an earlier presentation,
  restored by a court ruling), `period_expiry`;
- one enforcement document, one live filing (kind, number, court case, debtor), `SAME_DOCUMENT` and
  `live_filing_of`, backed by the unique index `application_one_live_filing` on PostgreSQL;
- a claimant's standing power of attorney stands in for the upload while valid, never once expired,
  `standing_power_of_attorney`.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.db.models.functions import Trim, Upper
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from chamber_portal.core.mrp import mrp_of

from .models import NOT_LIVE, Application, Category, PartyKind, PowerOfAttorney

# --- The state-claim threshold ------------------------------------------------------------------------------

STATE_CLAIM_ABOVE_THRESHOLD = _(
    "A claim in favour of the state above %(limit_mrp)s MRP (%(limit_kzt)s tenge in %(year)s) is not filed "
    "through the Chamber: this goes to state bailiffs."
)
STATE_CLAIM_MRP_MISSING = _(
    "A claim in favour of the state cannot be checked against its threshold: the monthly calculation index "
    "(MRP) for %(year)s is not in the Chamber's table yet. Claims of the other categories are filed as usual; "
    "the Chamber's staff have been shown the same warning and an administrator adds the MRP under "
    "Administration → Monthly calculation indices."
)


def state_claim_limit(*, on: date) -> Decimal | None:
    """1,000 MRP of the year of `on`, in tenge; None when that year's MRP is not in the table."""
    mrp = mrp_of(on.year)
    return None if mrp is None else mrp * settings.INTAKE_STATE_CLAIM_LIMIT_MRP


def state_claim_problem(*, amount: Decimal, on: date) -> str | None:
    """Why a state claim of `amount` may not be filed on the day `on`, or None."""
    limit = state_claim_limit(on=on)
    if limit is None:
        return str(STATE_CLAIM_MRP_MISSING % {"year": on.year})
    if amount > limit:
        return str(STATE_CLAIM_ABOVE_THRESHOLD % {
            "limit_mrp": settings.INTAKE_STATE_CLAIM_LIMIT_MRP,
            "limit_kzt": f"{limit:,.0f}".replace(",", " "),
            "year": on.year,
        })
    return None


# --- The parties decide the category -------------------------------------------------------------------------

STATE_CREDITOR_IS_STATE_CLAIM = _(
    "The claimant is a state body, so this is a decision in favour of the state: choose the category "
    "“%(category)s”. Its threshold of 1,000 MRP applies whatever category is chosen."
)
STATE_CLAIM_NEEDS_STATE_CREDITOR = _("In a claim in favour of the state the claimant is a state body.")
ALIMONY_NEEDS_INDIVIDUALS = _("Alimony is recovered by an individual from an individual.")


def category_problem(application: Application) -> tuple[str, str] | None:
    """(field, message) when the parties contradict the chosen category, else None.

    A state body's money claim is a state claim whatever the lawyer picks (else the threshold could be dodged);
    a non-property decision in favour of the state has no amount, hence no threshold, and stays non-property.
    """
    category, creditor, debtor = application.category, application.creditor_kind, application.debtor_kind
    if creditor == PartyKind.STATE and category in (Category.PRIVATE_CLAIM, Category.ALIMONY):
        return "category", str(STATE_CREDITOR_IS_STATE_CLAIM % {"category": Category.STATE_CLAIM.label})
    if category == Category.ALIMONY and (
        creditor not in ("", PartyKind.INDIVIDUAL) or debtor not in ("", PartyKind.INDIVIDUAL)
    ):
        return "category", str(ALIMONY_NEEDS_INDIVIDUALS)
    if category == Category.STATE_CLAIM and creditor not in ("", PartyKind.STATE):
        return "creditor_kind", str(STATE_CLAIM_NEEDS_STATE_CREDITOR)
    return None


# --- The presentation period ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    years: int
    runs_from: date
    interrupted: bool  # runs from the end of an earlier enforcement rather than from entry into force
    ends_on: date


def _plus_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def presentation_period(application: Application) -> Period | None:
    """The period that binds this application, or None (alimony, a kind without a period, a restored period).

    Law No. 261-IV, art. 11: the period runs from the decision's entry into force; an earlier presentation
    interrupts it and it runs again from the day that enforcement ended; a court ruling may restore it.
    """
    # Alimony is enforceable for as long as it is due: no period binds it.
    if application.category == Category.ALIMONY or application.period_restored_by.strip():
        return None
    kind, effective = application.document_kind, application.decision_effective_date
    if kind is None or kind.presentation_period_years is None or effective is None:
        return None
    ended = application.previous_enforcement_ended_on
    runs_from = max(effective, ended) if ended else effective
    return Period(kind.presentation_period_years, runs_from, runs_from != effective,
                  _plus_years(runs_from, kind.presentation_period_years))


PERIOD_EXPIRED = ngettext_lazy(
    "The presentation period of a %(kind)s is %(years)s year from the decision's entry into force (%(from)s): "
    "it ended on %(date)s. If an earlier enforcement interrupted it, give the day that enforcement ended; if a "
    "court restored it, give the reference of the court's ruling.",
    "The presentation period of a %(kind)s is %(years)s years from the decision's entry into force (%(from)s): "
    "it ended on %(date)s. If an earlier enforcement interrupted it, give the day that enforcement ended; if a "
    "court restored it, give the reference of the court's ruling.",
    "years",
)
PERIOD_EXPIRED_AFTER_INTERRUPTION = ngettext_lazy(
    "The presentation period of a %(kind)s is %(years)s year, here counted again from the end of the earlier "
    "enforcement (%(from)s): it ended on %(date)s. If a court restored it, give the reference of the court's ruling.",
    "The presentation period of a %(kind)s is %(years)s years, here counted again from the end of the earlier "
    "enforcement (%(from)s): it ended on %(date)s. If a court restored it, give the reference of the court's ruling.",
    "years",
)
PREVIOUS_ENFORCEMENT_BEFORE_EFFECTIVE = _(
    "An earlier enforcement cannot have ended before the decision entered into force."
)


def period_problem(application: Application, *, today: date) -> str | None:
    period = presentation_period(application)
    if period is None or period.ends_on >= today:
        return None
    message = PERIOD_EXPIRED_AFTER_INTERRUPTION if period.interrupted else PERIOD_EXPIRED
    return str(message % {
        "kind": application.document_kind.name.lower(), "years": period.years,
        "from": date_format(period.runs_from, "SHORT_DATE_FORMAT"),
        "date": date_format(period.ends_on, "SHORT_DATE_FORMAT"),
    })


# --- One enforcement document, one live filing ----------------------------------------------------------------

ALREADY_FILED = _("This enforcement document has already been filed: application %(reference)s.")
ALREADY_FILED_SOMEWHERE = _("This enforcement document has just been filed in another application.")
# Live: from submission until returned, lapsed or closed (a closed case's document may be presented again).
# The same document: kind, number, court case and debtor, without case or surrounding spaces. The unique index
# of that name (intake/models.py) guarantees it under concurrent submits.
LIVE = ~Q(status__in=NOT_LIVE)
ONE_LIVE_FILING = "application_one_live_filing"


def _key(text: str) -> str:
    return text.strip().upper()


def live_filing_of(application: Application) -> Application | None:
    """Another live application for the same enforcement document, or None."""
    if not (application.document_kind_id and application.document_number and application.debtor_iin_bin):
        return None
    same_number = (
        Application.objects.filter(LIVE, document_kind_id=application.document_kind_id,
                                   debtor_iin_bin=application.debtor_iin_bin)
        .annotate(number_key=Upper(Trim("document_number")))
        .filter(number_key=_key(application.document_number))
        .exclude(pk=application.pk)
        .only("id", "reference", "court_case_number")
        .order_by("submitted_at", "id")
    )
    # Case numbers compared in Python: SQLite folds the case of ASCII letters only ("2а/2151" is Cyrillic).
    case = _key(application.court_case_number)
    return next((other for other in same_number if _key(other.court_case_number) == case), None)


def already_filed_message(existing: Application) -> str:
    return str(ALREADY_FILED % {"reference": existing.reference})


# --- A standing power of attorney ---------------------------------------------------------------------------


def standing_power_of_attorney(application: Application, *, today: date) -> PowerOfAttorney | None:
    """The claimant's power of attorney for this lawyer valid on `today` (the latest-running one), or None.

    Its validity is read on the day of the check: an expired one is never used, whatever was uploaded before.
    """
    if not application.creditor_iin_bin or not application.lawyer_id:
        return None
    return (
        PowerOfAttorney.objects.filter(lawyer_id=application.lawyer_id, creditor_iin_bin=application.creditor_iin_bin,
                                       valid_until__gte=today)
        .order_by("-valid_until", "-id")
        .first()
    )
