"""English as the portal writes it in Kazakhstan: day before month («23 November 2026», «23.11.2026»), the
24-hour clock, weeks from Monday; Django's own en formats are American (month first, a.m./p.m.)."""

DATE_FORMAT = "j F Y"  # 23 November 2026
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "j F Y, H:i"  # 23 November 2026, 14:30
YEAR_MONTH_FORMAT = "F Y"  # November 2026
MONTH_DAY_FORMAT = "j F"  # 23 November
SHORT_DATE_FORMAT = "d.m.Y"  # 23.11.2026
SHORT_DATETIME_FORMAT = "d.m.Y H:i"  # 23.11.2026 14:30
FIRST_DAY_OF_WEEK = 1  # Monday

# Day first in what people type, too: never the American month/day/year.
DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # '23.11.2026'
    "%Y-%m-%d",  # '2026-11-23'
    "%d/%m/%Y",  # '23/11/2026'
    "%d.%m.%y",  # '23.11.26'
]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M:%S",  # '23.11.2026 14:30:59'
    "%d.%m.%Y %H:%M:%S.%f",  # '23.11.2026 14:30:59.000200'
    "%d.%m.%Y %H:%M",  # '23.11.2026 14:30'
    "%Y-%m-%d %H:%M:%S",  # '2026-11-23 14:30:59'
    "%Y-%m-%d %H:%M:%S.%f",  # '2026-11-23 14:30:59.000200'
    "%Y-%m-%d %H:%M",  # '2026-11-23 14:30'
    "%d/%m/%Y %H:%M:%S",  # '23/11/2026 14:30:59'
    "%d/%m/%Y %H:%M",  # '23/11/2026 14:30'
    "%d.%m.%Y",  # '23.11.2026'
    "%Y-%m-%d",  # '2026-11-23'
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
