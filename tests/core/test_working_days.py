from datetime import date

import pytest

from chamber_portal.core.models import CalendarException
from chamber_portal.core.models.calendar import CalendarExceptionKind
from chamber_portal.core.working_days import add_working_days, is_working_day, working_days_between

pytestmark = pytest.mark.django_db


def test_working_days_skip_new_year_and_orthodox_christmas():
    # 31 Dec 2025 works; 1-2 Jan 2026 are holidays, 3-4 Jan a weekend, 7 Jan Orthodox Christmas.
    assert add_working_days(date(2025, 12, 30), 1) == date(2025, 12, 31)
    assert add_working_days(date(2025, 12, 30), 2) == date(2026, 1, 5)
    assert add_working_days(date(2025, 12, 30), 4) == date(2026, 1, 8)


def test_working_days_skip_nauryz_and_its_observed_days():
    # Nauryz 21-23 March 2026 falls on Sat-Mon; the days off run to Wednesday 25 March.
    assert add_working_days(date(2026, 3, 20), 1) == date(2026, 3, 26)
    assert not is_working_day(date(2026, 3, 24))


def test_a_transferred_working_saturday_counts_as_a_working_day():
    CalendarException.objects.create(date=date(2026, 1, 3), kind=CalendarExceptionKind.WORKING_DAY)
    assert is_working_day(date(2026, 1, 3))
    assert add_working_days(date(2026, 1, 2), 1) == date(2026, 1, 3)


def test_working_days_skip_an_extra_day_off():
    CalendarException.objects.create(date=date(2026, 1, 5), kind=CalendarExceptionKind.DAY_OFF)
    assert add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 6)


def test_zero_working_days_give_the_start_and_a_negative_count_is_refused():
    assert add_working_days(date(2026, 3, 21), 0) == date(2026, 3, 21)
    with pytest.raises(ValueError, match="negative"):
        add_working_days(date(2026, 3, 21), -1)


def test_working_days_between_two_dates_count_the_days_after_the_first():
    # 20 March (Fri) → 27 March (Fri): 26 and 27 March are the only working days after the 20th.
    assert working_days_between(date(2026, 3, 20), date(2026, 3, 27)) == 2
    assert working_days_between(date(2026, 3, 27), date(2026, 3, 20)) == 0


def test_many_working_days_add_up_across_a_year():
    # 250 working days is about a year: the window logic must keep stepping past its first window.
    end = add_working_days(date(2026, 1, 1), 250)
    assert working_days_between(date(2026, 1, 1), end) == 250
