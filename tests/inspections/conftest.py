import pytest

from tests.complaints.conftest import assigned_case  # noqa: F401  (re-exported for the tests here)
from tests.factories import BailiffFactory, UserFactory, region


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
