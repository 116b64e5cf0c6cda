"""Kazakh date and number formats, in the official style: «2026 жылғы 23 қараша».

The *_FORMAT strings use Django's date format syntax. Only ASCII letters are format characters, so the
Cyrillic «жылғы» needs no escaping. E is the month's "alt. month" form, which for Kazakh is the
nominative in lower case (chamber_portal/locale_django/kk translates it so).
"""

DATE_FORMAT = "Y жылғы j E"  # 2026 жылғы 23 қараша
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "Y жылғы j E, H:i"  # 2026 жылғы 23 қараша, 14:30
YEAR_MONTH_FORMAT = "Y жылғы E"  # 2026 жылғы қараша
MONTH_DAY_FORMAT = "j E"  # 23 қараша
SHORT_DATE_FORMAT = "d.m.Y"  # 23.11.2026
SHORT_DATETIME_FORMAT = "d.m.Y H:i"  # 23.11.2026 14:30
FIRST_DAY_OF_WEEK = 1  # дүйсенбі, Monday

# The *_INPUT_FORMATS strings use Python's strftime syntax; the first one is also how forms render a value.
DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # '23.11.2026'
    "%Y-%m-%d",  # '2026-11-23'
    "%d.%m.%y",  # '23.11.26'
]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M:%S",  # '23.11.2026 14:30:59'
    "%d.%m.%Y %H:%M:%S.%f",  # '23.11.2026 14:30:59.000200'
    "%d.%m.%Y %H:%M",  # '23.11.2026 14:30'
    "%Y-%m-%d %H:%M:%S",  # '2026-11-23 14:30:59'
    "%Y-%m-%d %H:%M:%S.%f",  # '2026-11-23 14:30:59.000200'
    "%Y-%m-%d %H:%M",  # '2026-11-23 14:30'
    "%d.%m.%y %H:%M:%S",  # '23.11.26 14:30:59'
    "%d.%m.%y %H:%M",  # '23.11.26 14:30'
    "%d.%m.%Y",  # '23.11.2026'
    "%Y-%m-%d",  # '2026-11-23'
]
TIME_INPUT_FORMATS = [
    "%H:%M:%S",  # '14:30:59'
    "%H:%M:%S.%f",  # '14:30:59.000200'
    "%H:%M",  # '14:30'
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # non-breaking space
NUMBER_GROUPING = 3
