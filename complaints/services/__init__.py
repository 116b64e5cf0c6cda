from .complaints import complaint_explain, complaint_file, complaint_take
from .decisions import (
    breach_decision_appeal,
    breach_decision_appeal_decide,
    breach_decision_register,
    complaint_decide,
    default_effective_on,
)
from .disciplinary import disciplinary_case_decide, disciplinary_case_open
from .reassignments import handover_record, hold_explanation, reassignment_release, reassignments_release_due

__all__ = [
    "breach_decision_appeal",
    "breach_decision_appeal_decide",
    "breach_decision_register",
    "complaint_decide",
    "complaint_explain",
    "complaint_file",
    "complaint_take",
    "default_effective_on",
    "disciplinary_case_decide",
    "disciplinary_case_open",
    "handover_record",
    "hold_explanation",
    "reassignment_release",
    "reassignments_release_due",
]
