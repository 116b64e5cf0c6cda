import itertools

import pytest
from django.utils import timezone

from tests.factories import ApplicationFactory, BailiffFactory, region

_numbers = itertools.count(1)


def accepted(code: str = "KZ-75", **kwargs):
    """An application accepted by the Chamber, ready for distribution (made directly, not through intake)."""
    number = next(_numbers)
    return ApplicationFactory(status="accepted", region=region(code), accepted_at=timezone.now(),
                              reference=f"{code[3:]}-{timezone.localdate().year}-{number:06d}",
                              with_documents=False, **kwargs)


@pytest.fixture
def bailiffs():
    """Three active bailiffs in Almaty, in registry order."""
    return [BailiffFactory(region=region("KZ-75")) for _ in range(3)]
