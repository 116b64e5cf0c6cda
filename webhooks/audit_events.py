"""The webhooks' audit event kinds (docs/audit-events.md)."""

from chamber_portal.core.audit import AuditKind


class WebhookEvent(AuditKind):
    WEBHOOK_REGISTERED = "webhook_registered"
    WEBHOOK_REMOVED = "webhook_removed"
