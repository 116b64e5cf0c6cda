from .distribute import application_distribute, region_drain
from .redistribute import application_redistribute, bailiff_cases_redistribute, register_guard
from .sweep import distribution_sweep

__all__ = [
    "application_distribute",
    "application_redistribute",
    "bailiff_cases_redistribute",
    "distribution_sweep",
    "region_drain",
    "register_guard",
]
