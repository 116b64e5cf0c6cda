from .distribute import application_distribute, application_region_distribute, region_distribute, region_drain
from .redistribute import application_redistribute, bailiff_cases_redistribute, register_guard
from .sweep import distribution_sweep
from .workspace import case_acknowledge, case_action_record, case_close, case_initiate, case_refuse

__all__ = [
    "application_distribute",
    "application_region_distribute",
    "application_redistribute",
    "bailiff_cases_redistribute",
    "case_acknowledge",
    "case_action_record",
    "case_close",
    "case_initiate",
    "case_refuse",
    "distribution_sweep",
    "region_distribute",
    "region_drain",
    "register_guard",
]
