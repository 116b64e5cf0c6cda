"""SQLite's LIKE folds the case of every alphabet (the demo and `make test` without PostgreSQL), with LIKE's own
wildcards and escape; PostgreSQL keeps its own."""

import pytest
from django.db import connection

from chamber_portal.core.sqlite import unicode_like
from intake.models import Application
from tests.factories import ApplicationFactory


@pytest.mark.parametrize(("pattern", "value", "matches"), [
    ("%сапаров%", "Сапаров Ерлан", True),
    ("%САПАРОВ ЕРЛАН%", "Сапаров Ерлан", True),
    ("%ұлы%", "СерікҰлы", True),  # Kazakh letters too
    ("сап_ров%", "Сапаров", True),
    ("сап%", "Ерлан Сапаров", False),
    (r"%100\%%", "ставка 100% годовых", True),
    (r"%100\%%", "ставка 1000 годовых", False),
    (r"%a\_b%", "a_b", True),
    (r"%a\_b%", "axb", False),
])
def test_unicode_like_matches_like_sqlite_but_folds_every_letter(pattern, value, matches):
    assert unicode_like(pattern, value, "\\") == int(matches)


def test_unicode_like_leaves_null_null():
    assert unicode_like("%a%", None) is None


@pytest.mark.django_db
def test_a_lowercase_cyrillic_search_finds_the_name_on_this_database():
    ApplicationFactory(debtor_name="Сапаров Ерлан Маратович")
    ApplicationFactory(debtor_name="Иванов Иван")
    found = Application.objects.filter(debtor_name__icontains="сапаров ерлан")
    assert [a.debtor_name for a in found] == ["Сапаров Ерлан Маратович"], connection.vendor
