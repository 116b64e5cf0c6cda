from celery import shared_task

from chamber_portal.core.after_commit import task_publish

from .services import deliveries_create, deliveries_due, delivery_attempt


@shared_task(acks_late=True)
def webhook_event_task(event_id: int) -> None:
    """A status event was committed: make its deliveries and try each at once."""
    for delivery_id in deliveries_create(event_id=event_id):
        task_publish(webhook_deliver_task, delivery_id)


@shared_task(acks_late=True)
def webhook_deliver_task(delivery_id: int) -> None:
    delivery_attempt(delivery_id=delivery_id)


@shared_task(acks_late=True)
def webhooks_retry_due_task() -> int:
    """Every minute (beat): the deliveries whose backoff has passed. Deadlines live in the database, not in
    long Celery countdowns (docs/architecture.md §8)."""
    due = deliveries_due()
    for delivery_id in due:
        task_publish(webhook_deliver_task, delivery_id)
    return len(due)
