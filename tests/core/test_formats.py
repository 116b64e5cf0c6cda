"""Dates and numbers in each language's own format: day before month everywhere, never the American order."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import formats, translation

ALMATY = ZoneInfo("Asia/Almaty")
DAY = date(2026, 11, 23)
MOMENT = datetime(2026, 11, 23, 14, 30, tzinfo=ALMATY)


@pytest.mark.parametrize(("language", "long", "short"), [
    ("ru", "23 ноября 2026 г.", "23.11.2026"),
    ("kk", "2026 жылғы 23 қараша", "23.11.2026"),
    ("en", "23 November 2026", "23.11.2026"),
])
def test_dates_are_written_day_first_in_every_language(language, long, short):
    with translation.override(language):
        assert formats.date_format(DAY) == long
        assert formats.date_format(DAY, "SHORT_DATE_FORMAT") == short


def test_english_times_are_written_on_the_24_hour_clock():
    with translation.override("en"):
        rendered = Template("{{ moment|date:'DATETIME_FORMAT' }} · {{ moment|date:'SHORT_DATETIME_FORMAT' }}").render(
            Context({"moment": MOMENT})
        )
    assert rendered == "23 November 2026, 14:30 · 23.11.2026 14:30"


def test_an_english_date_is_read_day_first():
    with translation.override("en"):
        assert "%d/%m/%Y" in formats.get_format("DATE_INPUT_FORMATS")
        assert "%m/%d/%Y" not in formats.get_format("DATE_INPUT_FORMATS")


@pytest.mark.parametrize(("language", "written"), [("ru", "1\xa0250\xa0000,50"), ("kk", "1\xa0250\xa0000,50"),
                                                   ("en", "1,250,000.50")])
def test_money_is_written_in_each_languages_own_format(language, written):
    with translation.override(language):
        assert formats.number_format(Decimal("1250000.50"), 2, use_l10n=True, force_grouping=True) == written
