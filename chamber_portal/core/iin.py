"""IIN (individuals) and BIN (legal entities): 12 digits with a check digit (docs/domain.md §2)."""

from django.utils.translation import gettext_lazy as _

FIRST_WEIGHTS = range(1, 12)
SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)

NOT_TWELVE_DIGITS = _("An IIN/BIN has exactly 12 digits.")
BAD_CHECK_DIGIT = _("This IIN/BIN is not valid: its check digit does not match.")
BAD_BIRTH_DATE = _("This IIN is not valid: its first six digits must be a date of birth (YYMMDD).")
BAD_CENTURY = _("This IIN is not valid: its seventh digit must be from 1 to 6.")
BAD_BIN_DATE = _("This BIN is not valid: its first four digits must be the year and month of registration.")
BAD_BIN_TYPE = _("This BIN is not valid: its fifth digit must be 4, 5 or 6 (the type of legal entity).")


def normalise(value: str) -> str:
    return "".join(ch for ch in (value or "") if ch not in " -\u00a0")


def _check_digit(digits: list[int]) -> int | None:
    for weights in (FIRST_WEIGHTS, SECOND_WEIGHTS):
        remainder = sum(d * w for d, w in zip(digits[:11], weights, strict=True)) % 11
        if remainder != 10:
            return remainder
    return None


def checksum_problem(value: str):
    """The reason a 12-digit number fails, or None when it is well-formed with a valid check digit."""
    value = normalise(value)
    if len(value) != 12 or not value.isdigit():
        return NOT_TWELVE_DIGITS
    digits = [int(ch) for ch in value]
    expected = _check_digit(digits)
    if expected is None or expected != digits[11]:
        return BAD_CHECK_DIGIT
    return None


def iin_problem(value: str):
    if problem := checksum_problem(value):
        return problem
    value = normalise(value)
    month, day = int(value[2:4]), int(value[4:6])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return BAD_BIRTH_DATE
    if value[6] not in "123456":
        return BAD_CENTURY
    return None


def bin_problem(value: str):
    if problem := checksum_problem(value):
        return problem
    value = normalise(value)
    if not 1 <= int(value[2:4]) <= 12:
        return BAD_BIN_DATE
    if value[4] not in "456":
        return BAD_BIN_TYPE
    return None
