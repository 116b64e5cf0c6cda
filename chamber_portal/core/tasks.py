from celery import shared_task
from django.conf import settings
from django.core import management
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


@shared_task
def sessions_clear_expired() -> None:
    """Nightly: drop expired sessions (idempotent, so safe with acks_late)."""
    management.call_command("clearsessions")


@shared_task
def security_logs_purge() -> None:
    """Daily: drop personal-data access rows past ACCESS_LOG_RETENTION_DAYS and security events past
    SECURITY_EVENT_RETENTION_DAYS (idempotent)."""
    from datetime import timedelta

    from django.utils import timezone

    from .models import SecurityEvent
    from .security.access_log import access_log_purge

    access_log_purge()
    cutoff = timezone.now() - timedelta(days=settings.SECURITY_EVENT_RETENTION_DAYS)
    SecurityEvent.objects.filter(at__lt=cutoff).delete()


@shared_task
def notifications_email(notification_ids: list[int]) -> None:
    """The e-mail copy of in-app notices, each in its reader's language (preferences checked again: they may
    have changed since)."""
    from .models import Notification
    from .notifications import notification_text, wants_email

    for notification in Notification.objects.filter(pk__in=notification_ids).select_related("user"):
        user = notification.user
        if not wants_email(user, notification.kind):
            continue
        with translation.override(user.language or settings.LANGUAGE_CODE):
            context = {"user": user, "text": notification_text(notification),
                       "link": settings.PORTAL_URL.rstrip("/") + notification.url if notification.url else ""}
            subject = render_to_string("notifications/email_subject.txt", context).strip()
            body = render_to_string("notifications/email_body.txt", context)
        send_mail(subject, body, None, [user.email])
