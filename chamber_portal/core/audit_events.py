"""The core's audit event kinds: users, roles, the second factor, e-mail settings, reference data edited in the
admin (docs/audit-events.md)."""

from .audit import AuditKind


class CoreEvent(AuditKind):
    USER_CREATED = "user_created"
    ROLE_CHANGED = "role_changed"
    USER_DEACTIVATED = "user_deactivated"
    USER_ACTIVATED = "user_activated"
    EMAIL_PREFERENCES = "email_preferences"
    SECOND_FACTOR_ENROLLED = "second_factor_enrolled"
    SECOND_FACTOR_PROVISIONED = "second_factor_provisioned"
    SECOND_FACTOR_RESET = "second_factor_reset"
    RECOVERY_CODES_RENEWED = "recovery_codes_renewed"
    # AuditedAdmin: reference data added, changed or deleted in the admin.
    ADMIN_ADDED = "admin_added"
    ADMIN_CHANGED = "admin_changed"
    ADMIN_DELETED = "admin_deleted"
