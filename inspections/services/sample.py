"""The reproducible random sample of a bailiff's cases that an inspection examines."""

import random
from datetime import date

from assignment.models import Assignment


def sample_candidates(bailiff_id: int, period_from: date, period_to: date) -> list[int]:
    """Every case the bailiff received in the period, by id: the population the draw is taken from."""
    return sorted(set(
        Assignment.objects.filter(bailiff_id=bailiff_id, assigned_at__date__gte=period_from,
                                  assigned_at__date__lte=period_to).values_list("application_id", flat=True)
    ))


def draw(candidates: list[int], size: int, seed: int) -> list[int]:
    """The same seed over the same candidates always gives the same cases (recorded on the inspection)."""
    return sorted(random.Random(seed).sample(candidates, min(size, len(candidates))))
