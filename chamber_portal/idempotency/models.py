from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotencyKey(models.Model):
    """The first answer to an API POST sent with an `Idempotency-Key` header, kept for a day (docs/architecture.md §7).

    The row is inserted in the same transaction as the request's own work and completed with its answer before
    that transaction commits: a retry (even one sent at the same instant) waits on the unique (user, key) index
    and then finds the answer, so the work is done once.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="+")
    key = models.CharField(_("key"), max_length=255)
    method = models.CharField(_("method"), max_length=8)
    path = models.CharField(_("path"), max_length=500)
    # SHA-256 of the method, the path and the body as parsed (JSON keys sorted, multipart fields and file contents).
    fingerprint = models.CharField(_("fingerprint of the request"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("status of the answer"), default=0)
    content_type = models.CharField(_("content type of the answer"), max_length=100, blank=True)
    body = models.BinaryField(_("body of the answer"), default=b"")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_per_user")]
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"
