import itertools

import pytest
from django.utils import timezone

from assignment.services import application_distribute
from tests.factories import ApplicationFactory, BailiffFactory, UserFactory, region

_numbers = itertools.count(1)


def assigned_case(code: str = "KZ-75", **kwargs):
    """An accepted application distributed for real by the rotation: it has an active assignment."""
    number = next(_numbers)
    application = ApplicationFactory(status="accepted", region=region(code), accepted_at=timezone.now(),
                                     reference=f"{code[3:]}-{timezone.localdate().year}-{number:06d}",
                              with_documents=False, **kwargs)
    decision = application_distribute(application_id=application.pk)
    application.refresh_from_db()
    assert decision is not None
    return application


@pytest.fixture
def bailiffs():
    """Three active bailiffs in Almaty, in registry order."""
    return [BailiffFactory(region=region("KZ-75")) for _ in range(3)]


@pytest.fixture
def almaty_staff():
    return UserFactory(role="staff", region=region("KZ-75"), username="staff.almaty")


@pytest.fixture
def astana_staff():
    return UserFactory(role="staff", region=region("KZ-71"), username="staff.astana")
