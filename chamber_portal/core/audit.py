"""Writing audit events: every service calls audit_record inside its own transaction."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models

from .models import AuditEvent, User


def audit_record(
    *,
    actor: User | None,
    obj: models.Model,
    kind: str,
    before: str = "",
    after: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    # An audit event outside the change's transaction could survive a change that rolled back.
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must run inside the service's transaction.")
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        kind=kind,
        from_state=before or "",
        to_state=after or "",
        data=data or {},
    )
