from decimal import Decimal

import pytest
from django.utils import translation

from chamber_portal.core.errors import TransitionError
from chamber_portal.core.models import Region
from chamber_portal.core.mrp import mrp_amount

pytestmark = pytest.mark.django_db


def test_the_twenty_enforcement_districts_exist_with_three_names_each():
    regions = Region.objects.all()
    assert regions.count() == 20
    assert {"KZ-71", "KZ-75", "KZ-79", "KZ-10", "KZ-33", "KZ-62", "KZ-63"} <= {r.code for r in regions}
    assert all(r.name_ru and r.name_kk and r.name_en for r in regions)


def test_a_region_speaks_the_current_language():
    region = Region.objects.get(code="KZ-63")
    with translation.override("kk"):
        assert region.name == "Шығыс Қазақстан облысы"
    with translation.override("en"):
        assert region.name == "East Kazakhstan Region"
    with translation.override("ru"):
        assert region.name == "Восточно-Казахстанская область"


def test_the_mrp_table_is_seeded_for_2024_to_2026():
    assert mrp_amount(year=2024) == Decimal("3692")
    assert mrp_amount(year=2025) == Decimal("3932")
    assert mrp_amount(year=2026) == Decimal("4325")


def test_a_missing_mrp_year_is_a_clear_domain_error():
    with pytest.raises(TransitionError, match="2031") as error:
        mrp_amount(year=2031)
    assert error.value.code == "mrp_missing"
