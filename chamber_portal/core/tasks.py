from celery import shared_task
from django.core import management


@shared_task
def sessions_clear_expired() -> None:
    """Nightly: drop expired sessions (idempotent, so safe with acks_late)."""
    management.call_command("clearsessions")
