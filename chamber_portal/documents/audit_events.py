"""The documents' audit event kinds (docs/audit-events.md)."""

from chamber_portal.core.audit import AuditKind


class DocumentEvent(AuditKind):
    ISSUED = "issued"  # a document with legal effect was rendered, stored and given its code
