from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """An in-app notice to one user. The text is rendered in the reader's language from `kind` and `data`."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="notifications")
    kind = models.CharField(_("kind"), max_length=40)
    data = models.JSONField(_("data"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # What the notice is about, for a task that may run twice (acks_late): e.g. "decision:42:bailiff". Blank for
    # notices written by the service that made the change (they commit with it, once).
    key = models.CharField(_("key"), max_length=120, blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"], name="notification_user_unread")]
        constraints = [models.UniqueConstraint(fields=["key"], condition=~Q(key=""), name="notification_key")]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}"


class OutgoingEmail(models.Model):
    """One e-mail to one address, written before it is sent. `key` names what it is about (a decision and its
    reader, a notice, a task's delivery) and is unique, so a task delivered twice finds the row and sends once:
    the sender holds the row's lock while it talks to the SMTP server and sets `sent_at` in that transaction."""

    key = models.CharField(_("key"), max_length=160, unique=True)
    to = models.EmailField(_("to"))
    subject = models.TextField(_("subject"))
    body = models.TextField(_("body"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # The beat's retry of what is not sent yet (a dead SMTP server, a lost message).
        indexes = [models.Index(fields=["created_at"], condition=Q(sent_at=None), name="email_unsent")]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")

    def __str__(self) -> str:
        return f"{self.key} → {self.to}"
