"""Distribution's and the bailiff's workspace's audit event kinds (docs/audit-events.md)."""

from chamber_portal.core.audit import AuditKind


class AssignmentEvent(AuditKind):
    ASSIGNED = "assigned"
    REDISTRIBUTION = "redistribution"
    NO_ELIGIBLE_BAILIFF = "no_eligible_bailiff"
    ACKNOWLEDGED = "acknowledged"
    INITIATED = "initiated"
    CLOSED = "closed"
    ENFORCEMENT_ACTION = "enforcement_action"
    ENFORCEMENT_ACTION_REVERSED = "enforcement_action_reversed"
