from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core import management
from django.template.loader import render_to_string
from django.utils import translation


@shared_task
def sessions_clear_expired() -> None:
    """Nightly: drop expired sessions (idempotent, so safe with acks_late)."""
    management.call_command("clearsessions")


@shared_task
def security_logs_purge() -> None:
    """Daily: drop personal-data access rows past ACCESS_LOG_RETENTION_DAYS, security events past
    SECURITY_EVENT_RETENTION_DAYS and API tokens past their expiry (idempotent)."""
    from datetime import timedelta

    from django.utils import timezone

    from .models import ApiToken, SecurityEvent
    from .security.access_log import access_log_purge

    access_log_purge()
    cutoff = timezone.now() - timedelta(days=settings.SECURITY_EVENT_RETENTION_DAYS)
    SecurityEvent.objects.filter(at__lt=cutoff).delete()
    # knox swept a user's expired tokens at each of their requests; PortalTokenAuthentication leaves it to here.
    ApiToken.objects.filter(expiry__lt=timezone.now()).delete()


@shared_task
def notifications_email(notification_ids: list[int]) -> int:
    """The e-mail copy of in-app notices, each in its reader's language (preferences checked again: they may
    have changed since), written to the outbox and sent in one SMTP session; one e-mail per notice, however
    often the message is delivered."""
    from .models import Notification
    from .notifications import notification_text, wants_email
    from .outbox import emails_queue, emails_send

    items = []
    for notification in Notification.objects.filter(pk__in=notification_ids).select_related("user"):
        user = notification.user
        if not wants_email(user, notification.kind):
            continue
        with translation.override(user.language or settings.LANGUAGE_CODE):
            context = {"user": user, "text": notification_text(notification),
                       "link": settings.PORTAL_URL.rstrip("/") + notification.url if notification.url else ""}
            subject = render_to_string("notifications/email_subject.txt", context).strip()
            body = render_to_string("notifications/email_body.txt", context)
        items.append((f"notification:{notification.pk}", user.email, subject, body))
    return emails_send(keys=emails_queue(items=items))


@shared_task
def emails_send_task(keys: list[str]) -> int:
    """Send these outbox rows (the `email` queue); those sent already are skipped, so a redelivery sends nothing."""
    from .outbox import emails_send

    return emails_send(keys=keys)


# At most one `emails_send_fresh_task` message pending (chamber_portal/core/coalesce.py).
EMAILS_PENDING_KEY = "core.emails_send_fresh"
EMAILS_PER_RUN = 50


@shared_task
def emails_send_fresh_task() -> int:
    """Send every outbox row not tried yet, in batches (the `email` queue): written in the transaction of whatever
    decided to e-mail, which then queues this once for all of them. Clears its pending mark first, so an e-mail
    written while it runs queues the next run; a redelivery finds them sent and sends nothing."""
    from .coalesce import coalesced, pending_clear, task_publish_once
    from .outbox import BATCH, emails_send

    pending_clear(EMAILS_PENDING_KEY)
    if coalesced():
        # One short batch a run, then the next run queues behind the rotation's messages (a free process asks for
        # those first): a backlog of e-mails never holds one of the rotation's processes for seconds (issue 15).
        sent = emails_send(fresh=True, limit=EMAILS_PER_RUN)
        if sent == EMAILS_PER_RUN:
            task_publish_once(EMAILS_PENDING_KEY, emails_send_fresh_task)
        return sent
    total = 0
    for _batch in range(50):  # in-process (the demo): all now, at most 10,000; beat's emails_send_due the rest
        sent = emails_send(fresh=True)
        total += sent
        if sent < BATCH:
            break
    return total


@shared_task
def emails_send_due() -> int:
    """Every minute (beat): what the outbox could not send yet (the SMTP server was away, a message was lost)."""
    from .outbox import emails_send

    total = 0
    for _batch in range(50):  # at most 10,000 a minute; the next minute goes on
        if not (sent := emails_send(older_than=timedelta(minutes=1))):
            break
        total += sent
    return total
