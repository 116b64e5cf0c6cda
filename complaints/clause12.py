"""What the pages say about clause 12 (Rules No. 652): why a requested change of bailiff still waits and until
when, and the staff's forms on breach decisions and reassignments. Shared by the case page's panel and the
complaint page, so both say the same thing."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from .forms import AppealDecideForm, AppealForm, HandoverForm, ReleaseForm
from .models import AppealStatus, BreachDecision, Reassignment, ReassignmentStatus
from .rules import decision_in_force, decision_stands

AWAITING_DECISION = "awaiting_decision"  # no decision confirming the breach is recorded yet
APPEAL_PENDING = "appeal_pending"  # the decision is under appeal, so not in force
AWAITING_FORCE = "awaiting_force"  # a decision is recorded; it enters into force on `until`
IN_FORCE = "in_force"  # in force since `until`: the daily run (or staff) releases it


@dataclass
class Hold:
    state: str
    until: date | None = None
    decision: BreachDecision | None = None


def hold_of(reassignment: Reassignment, decisions: Iterable[BreachDecision], today: date | None = None
            ) -> Hold | None:
    """Why a held reassignment waits, from the breach decisions against its bailiff on its case: the earliest
    decision that stands gives the date (the same rule as the release, `complaints.rules.decision_in_force`)."""
    if reassignment.status != ReassignmentStatus.HELD:
        return None
    today = today or timezone.localdate()
    against = [d for d in decisions if d.bailiff_id == reassignment.bailiff_id
               and d.application_id == reassignment.application_id]
    standing = sorted((d for d in against if decision_stands(d) and d.effective_on is not None),
                      key=lambda d: (d.effective_on, d.pk))
    if standing:
        first = standing[0]
        return Hold(IN_FORCE if decision_in_force(first, on=today) else AWAITING_FORCE, first.effective_on, first)
    pending = [d for d in against if d.appeal_status == AppealStatus.PENDING]
    if pending:
        return Hold(APPEAL_PENDING, None, pending[0])
    return Hold(AWAITING_DECISION, None, None)


def attach_staff_forms(decisions: Iterable[BreachDecision], reassignments: Iterable[Reassignment],
                       bound: dict | None = None) -> None:
    """The forms staff may use on each decision and reassignment, as attributes the templates read; a form a
    view could not process comes back bound (`bound`, by prefix) with its errors and what was typed."""
    bound = bound or {}

    def form(form_class, prefix):
        return bound.get(prefix) or form_class(prefix=prefix)

    for decision in decisions:
        if decision.appeal_status == AppealStatus.PENDING:
            decision.appeal_decide_form = form(AppealDecideForm, f"appeal-decide-{decision.pk}")
        elif decision_stands(decision):
            decision.appeal_form = form(AppealForm, f"appeal-{decision.pk}")
    for reassignment in reassignments:
        if reassignment.status == ReassignmentStatus.HELD:
            reassignment.release_form = form(ReleaseForm, f"release-{reassignment.pk}")
        elif reassignment.status == ReassignmentStatus.RELEASED and reassignment.file_to_new_bailiff_on is None:
            handover = form(HandoverForm, f"handover-{reassignment.pk}")
            if not handover.is_bound:
                handover.initial = {"step": "to_new_bailiff" if reassignment.file_to_chamber_on else "to_chamber"}
            reassignment.handover_form = handover
