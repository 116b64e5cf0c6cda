"""Every write of intake: one function per transition, atomic, audited, side effects after commit."""

from .batch import applications_save_drafts, applications_submit_many
from .decisions import application_accept, application_return
from .documents import document_attach, document_remove
from .drafts import application_copy, application_save_draft
from .lapse import applications_lapse_overdue
from .original import application_register_original, application_report_original_lost
from .powers import power_of_attorney_upload, powers_of_attorney_warn_expiring
from .submission import application_submit

__all__ = [
    "application_accept",
    "application_copy",
    "application_register_original",
    "application_report_original_lost",
    "application_return",
    "application_save_draft",
    "application_submit",
    "applications_lapse_overdue",
    "applications_save_drafts",
    "applications_submit_many",
    "document_attach",
    "power_of_attorney_upload",
    "powers_of_attorney_warn_expiring",
    "document_remove",
]
