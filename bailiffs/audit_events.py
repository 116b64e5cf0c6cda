"""The registry's audit event kinds (docs/audit-events.md)."""

from chamber_portal.core.audit import AuditKind


class BailiffEvent(AuditKind):
    BAILIFF_REGISTERED = "bailiff_registered"
    # bailiff_set_status: one kind per status the bailiff is put in (services.STATUS_EVENTS).
    STATUS_ACTIVE = "status_active"
    STATUS_SUSPENDED = "status_suspended"
    STATUS_TERMINATED = "status_terminated"
    STATUS_EXCLUDED = "status_excluded"
    STATUS_TRANSFERRED = "status_transferred"
    TRANSFERRED = "transferred"
    PAUSED = "paused"
    CONFLICT_DECLARED = "conflict_declared"
    CHAMBER_HEAD_APPOINTED = "chamber_head_appointed"
    CHAMBER_HEAD_TERM_CHANGED = "chamber_head_term_changed"
