"""Intake's audit event kinds (docs/audit-events.md). An application's status events (those with a `to` state)
are its timeline, the change feed and the webhooks; the lawyer's e-mail about one is chosen by its kind."""

from chamber_portal.core.audit import AuditKind


class IntakeEvent(AuditKind):
    DRAFT_CREATED = "draft_created"
    DRAFT_SAVED = "draft_saved"
    DRAFT_COPIED = "draft_copied"
    DOCUMENT_ATTACHED = "document_attached"
    DOCUMENT_REMOVED = "document_removed"
    SUBMITTED = "submitted"
    ORIGINAL_LOST = "original_lost"
    ORIGINAL_REGISTERED = "original_registered"
    ACCEPTED = "accepted"
    RETURNED = "returned"
    LAPSED = "lapsed"
    SPREADSHEET_UPLOADED = "spreadsheet_uploaded"
    SPREADSHEET_CORRECTED = "spreadsheet_corrected"
    SPREADSHEET_CHECKED = "spreadsheet_checked"
    SPREADSHEET_FILED = "spreadsheet_filed"
    POWER_OF_ATTORNEY_UPLOADED = "power_of_attorney_uploaded"
    POWER_OF_ATTORNEY_EXPIRY_WARNED = "power_of_attorney_expiry_warned"
