from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEventIsAppendOnly(Exception):
    pass


class AuditEvent(models.Model):
    """One state change, written by the service that made it, in the same transaction.

    Append-only: the model refuses to change or delete a saved event, and on PostgreSQL a trigger
    refuses UPDATE and DELETE whatever the caller (migration 0003).
    """

    at = models.DateTimeField(_("time"), default=timezone.now)
    # PROTECT: users who acted are deactivated, never deleted, so the record keeps its author.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(_("object id"), max_length=64)
    obj = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("event"), max_length=64)
    from_state = models.CharField(_("from"), max_length=32, blank=True)
    to_state = models.CharField(_("to"), max_length=32, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="audit_object_at")]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.content_type_id}:{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditEventIsAppendOnly("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditEventIsAppendOnly("Audit events cannot be deleted.")
