from .lifecycle import (
    inspection_add_case,
    inspection_complete,
    inspection_object,
    inspection_order,
    inspection_petition_carry_out,
    inspection_petition_outcome,
    inspection_record_finding,
    inspection_start,
)

__all__ = [
    "inspection_add_case",
    "inspection_complete",
    "inspection_object",
    "inspection_order",
    "inspection_petition_carry_out",
    "inspection_petition_outcome",
    "inspection_record_finding",
    "inspection_start",
]
