"""The inspection pages: staff order, run and complete inspections; the bailiff reads his or her own and objects
to the act. Every page starts from `inspections_visible_to`, so another region's or bailiff's inspection is a 404."""

from .actions import add_case, complete, object_to_act, petition, record_finding, start
from .order import complaint_choices, inspection_order
from .pages import candidates, inspection_act, inspection_detail, inspection_list

__all__ = [
    "add_case",
    "candidates",
    "complaint_choices",
    "complete",
    "inspection_act",
    "inspection_detail",
    "inspection_list",
    "inspection_order",
    "object_to_act",
    "petition",
    "record_finding",
    "start",
]
