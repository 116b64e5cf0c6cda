"""Writing audit events: every service calls audit_record inside its own transaction.

The kinds are enumerations: each app lists its own in `<app>/audit_events.py` (a subclass of AuditKind), and
every writer passes a member, so a search for the member finds every place that writes it (docs/audit-events.md).
"""

from enum import StrEnum
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models

from .models import AuditEvent, User

NOT_AN_AUDIT_KIND = "audit_record takes a member of an app's AuditKind enumeration (<app>/audit_events.py), not %r."


class AuditKind(StrEnum):
    """The base of every app's enumeration of audit event kinds. A member is its stored value (a str), so the
    rows, the API and the tests read the same strings as before the enumerations."""


def audit_kind(kind: AuditKind) -> str:
    """The stored value of a kind; a plain string is refused, so every kind written is one an app declares."""
    if not isinstance(kind, AuditKind):
        raise TypeError(NOT_AN_AUDIT_KIND % (kind,))
    return kind.value


def audit_record(
    *,
    actor: User | None,
    obj: models.Model,
    kind: AuditKind,
    before: str = "",
    after: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    # An audit event outside the change's transaction could survive a change that rolled back.
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must run inside the service's transaction.")
    value = audit_kind(kind)
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        kind=value,
        from_state=before or "",
        to_state=after or "",
        data=data or {},
    )
