import pytest

from tests.factories import BailiffFactory, region


@pytest.fixture
def almaty(db):
    """Two active bailiffs of Almaty, in registry order."""
    return [
        BailiffFactory(region=region("KZ-75"), full_name="Aigerim Bekova", iin="791028302728",
                       licence_number="75-000101", office_address="Almaty, Abai 10", phone="+7 727 000 01 01",
                       office_hours="Mon–Fri 9–18"),
        BailiffFactory(region=region("KZ-75"), full_name="Daniyar Seitkali", licence_number="75-000102"),
    ]


@pytest.fixture
def astana(db):
    return BailiffFactory(region=region("KZ-71"), full_name="Yerlan Omarov", licence_number="71-000201")
