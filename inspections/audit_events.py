"""The audit event kinds of unscheduled inspections (docs/audit-events.md)."""

from chamber_portal.core.audit import AuditKind


class InspectionEvent(AuditKind):
    ORDERED = "ordered"
    CASE_ADDED = "case_added"
    STARTED = "started"
    FINDING = "finding"
    COMPLETED = "completed"
    OBJECTION = "objection"
    PETITION_OUTCOME = "petition_outcome"
