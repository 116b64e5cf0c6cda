from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.factories import ApplicationFactory, AssignedApplicationFactory, BailiffFactory, next_reference, region

ALMATY_TZ = ZoneInfo("Asia/Almaty")
# Wednesday 18 November 2026, noon in Almaty: the "current month" of these tests is 1–18 November.
NOW = datetime(2026, 11, 18, 12, 0, tzinfo=ALMATY_TZ)


def at(day: int, hour: int = 10, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=ALMATY_TZ)


def application(code: str = "KZ-75", **fields):
    """An application as the intake services would have left it (fields given directly), without documents."""
    fields.setdefault("submitted_at", at(2))
    fields.setdefault("reference", next_reference(code))
    return ApplicationFactory(region=region(code), with_documents=False, **fields)


def assigned(code: str = "KZ-75", **fields):
    """An assigned case (`AssignedApplicationFactory`, at the current, possibly travelled, time), submitted on
    2 November unless told otherwise."""
    fields.setdefault("submitted_at", at(2))
    return AssignedApplicationFactory(region=region(code), **fields)


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def almaty_bailiffs(db):
    return [BailiffFactory(region=region("KZ-75"), full_name=f"Алматинский Пристав {n}") for n in range(1, 4)]


@pytest.fixture
def astana_bailiffs(db):
    return [BailiffFactory(region=region("KZ-71"), full_name=f"Астанинский Пристав {n}") for n in range(1, 3)]


@pytest.fixture(autouse=True)
def _fresh_public_figures():
    """The public page caches its figures for a while: each test starts from its own data."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
