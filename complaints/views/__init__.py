"""Complaint pages (lawyer, staff, bailiff) and the clause 12 actions. The case page's panel is
registered for intake's case page in AppConfig.ready (complaints/case_page.py)."""

from .actions import appeal, appeal_decide, decide, explain, handover, release, take
from .disciplinary import disciplinary_case_detail, disciplinary_case_list
from .filing import complaint_create, decision_register
from .pages import attachment_download, complaint_detail, complaint_list, decision_document

__all__ = [
    "appeal",
    "appeal_decide",
    "attachment_download",
    "complaint_create",
    "complaint_detail",
    "complaint_list",
    "decide",
    "decision_document",
    "decision_register",
    "disciplinary_case_detail",
    "disciplinary_case_list",
    "explain",
    "handover",
    "release",
    "take",
]
