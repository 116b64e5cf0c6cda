"""The audit event kinds of complaints, breach decisions, disciplinary cases and the clause 12 reassignments
(docs/audit-events.md)."""

from chamber_portal.core.audit import AuditKind


class ComplaintEvent(AuditKind):
    # A complaint (and a disciplinary case: opened, decided).
    FILED = "filed"
    TAKEN = "taken"
    EXPLAINED = "explained"
    DECIDED = "decided"
    OPENED = "opened"
    # A breach decision.
    REGISTERED = "registered"
    APPEALED = "appealed"
    APPEAL_DECIDED = "appeal_decided"
    # A reassignment held under clause 12: held, its decision linked, then released or cancelled; the hand-over.
    HELD = "held"
    DECISION_LINKED = "decision_linked"
    RELEASED = "released"
    CANCELLED = "cancelled"
    FILE_TO_CHAMBER = "file_to_chamber"
    FILE_TO_NEW_BAILIFF = "file_to_new_bailiff"
