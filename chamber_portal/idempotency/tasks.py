from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from .models import IdempotencyKey


def idempotency_keys_purge() -> int:
    """Forget keys older than their lifetime; an expired key is treated as new anyway, this keeps the table small."""
    cutoff = timezone.now() - timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS)
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted


@shared_task(acks_late=True)
def idempotency_keys_purge_task() -> int:
    return idempotency_keys_purge()
