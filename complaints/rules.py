"""The Clause 12 rules of the law, each named once: the services, the guard, the pages and the figures call these.

Rules No. 652, clause 12: another bailiff is appointed only once a decision of the disciplinary commission or of a
court confirming the bailiff's breach of duties is legally effective, that is, has entered into force (the
appeal period has passed, or the appeal failed; docs/domain.md §1).

- a breach decision stands unless an appeal holds it (pending) or has set it aside (upheld): only a standing
  decision can enter into force, or be appealed, `decision_stands` and `decision_stands_q`;
- it is set aside once an appeal is upheld, and no longer counts as a confirmed breach anywhere (a pending appeal
  does not undo the finding, it only holds its force), `decision_set_aside` and `decision_set_aside_q`;
- it is in force on a day when it stands and its date of entry into force (`effective_on`) has come,
  `decision_in_force` and `decision_in_force_q` (the guard `complaints.guards.breach_decision_in_force` asks it
  for the rotation).
"""

from datetime import date

from django.db.models import Q

from .models import AppealStatus, BreachDecision

# --- A decision stands --------------------------------------------------------------------------------------

NOT_STANDING = (AppealStatus.PENDING, AppealStatus.UPHELD)  # an appeal holds it, or set it aside


def decision_stands(decision: BreachDecision) -> bool:
    return decision.appeal_status not in NOT_STANDING


def decision_stands_q(prefix: str = "") -> Q:
    """`decision_stands` for queries on BreachDecision; `prefix` reaches it from another model."""
    return ~Q(**{f"{prefix}appeal_status__in": NOT_STANDING})


# --- A decision set aside -----------------------------------------------------------------------------------


def decision_set_aside(decision: BreachDecision) -> bool:
    return decision.appeal_status == AppealStatus.UPHELD


def decision_set_aside_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}appeal_status": AppealStatus.UPHELD})


# --- A decision in force ------------------------------------------------------------------------------------


def decision_in_force(decision: BreachDecision, *, on: date) -> bool:
    """The decision stands and has entered into force by the day `on` (in force from `effective_on` itself)."""
    return decision_stands(decision) and decision.effective_on is not None and decision.effective_on <= on


def decision_in_force_q(*, on: date, prefix: str = "") -> Q:
    """`decision_in_force` for queries on BreachDecision; `prefix` reaches it from another model."""
    return Q(**{f"{prefix}effective_on__lte": on}) & decision_stands_q(prefix)
