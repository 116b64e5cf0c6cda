"""The offices of the regional chambers, where lawyers bring paper originals (the receipt says where).

Kept as data (chamber_offices.json beside this file, one entry per region code), not a model: the Chamber
changes an address by editing the file; no migration. Office hours are the same everywhere.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

DATA = Path(__file__).with_name("chamber_offices.json")
OFFICE_HOURS = _("Monday to Friday, 09:00–18:00 (lunch 13:00–14:00)")


@dataclass(frozen=True)
class ChamberOffice:
    address: str
    phone: str
    hours: str = OFFICE_HOURS


@cache
def _offices() -> dict[str, ChamberOffice]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return {code: ChamberOffice(**entry) for code, entry in data.items() if not code.startswith("_")}


def chamber_office(region_code: str | None) -> ChamberOffice | None:
    """The regional chamber's office for a region code (KZ-75), or None if the data has none."""
    return _offices().get(region_code or "")
