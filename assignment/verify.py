"""Replaying the decision log: every decision must follow the rule it records (docs/domain.md §5)."""

from dataclasses import dataclass

from .models import RULE_NAME, RULE_VERSION, DistributionDecision
from .rules import rotation_key


@dataclass
class Violation:
    decision_id: int
    region: str
    turn: int
    problem: str

    def __str__(self) -> str:
        return f"{self.region} turn {self.turn} (decision {self.decision_id}): {self.problem}"


def _order_key(entry: dict) -> tuple[int, int]:
    """A logged candidate's place in the rotation, by the rule the distribution sorts with."""
    return rotation_key(last_turn=entry["last_turn"], bailiff_id=entry["bailiff"])


def decisions_verify(*, region_code: str | None = None) -> tuple[int, list[Violation]]:
    """Replay each region's decisions in turn order, rebuilding the rotation from the log alone."""
    qs = DistributionDecision.objects.select_related("region").order_by("region_id", "turn")
    if region_code:
        qs = qs.filter(region__code=region_code)
    violations: list[Violation] = []
    last: dict[tuple[int, int], int] = {}  # (region, bailiff) -> turn of the bailiff's last case there
    previous_turn: dict[int, int] = {}
    checked = 0
    for decision in qs.iterator(chunk_size=2000):
        checked += 1
        code = decision.region.code

        def report(problem: str, decision=decision, code=code) -> None:
            violations.append(Violation(decision.pk, code, decision.turn, problem))

        if (decision.rule, decision.rule_version) != (RULE_NAME, RULE_VERSION):
            report(f"unknown rule {decision.rule} v{decision.rule_version}")
        expected_turn = previous_turn.get(decision.region_id, 0) + 1
        if decision.turn != expected_turn:
            report(f"turn {decision.turn} follows {expected_turn - 1}: a decision is missing or duplicated")
        previous_turn[decision.region_id] = decision.turn
        candidates = decision.candidates or []
        if not candidates:
            report("no candidates recorded")
            continue
        for entry in candidates:
            replayed = last.get((decision.region_id, entry["bailiff"]))
            if entry["last_turn"] != replayed:
                report(f"bailiff {entry['bailiff']} is recorded as last served at turn {entry['last_turn']}, "
                       f"the log says {replayed}")
        if candidates != sorted(candidates, key=_order_key):
            report("candidates are not in the order of the rotation")
        expected = min(candidates, key=lambda e: _order_key({**e, "last_turn": last.get(
            (decision.region_id, e["bailiff"]))}))
        if decision.chosen_id != expected["bailiff"]:
            report(f"bailiff {decision.chosen_id} was chosen; the rule gives {expected['bailiff']}")
        if decision.chosen_id in {entry["bailiff"] for entry in decision.excluded or []}:
            report(f"bailiff {decision.chosen_id} was chosen although excluded")
        last[(decision.region_id, decision.chosen_id)] = decision.turn
    return checked, violations
