from celery import shared_task


@shared_task
def release_due_reassignments() -> int:
    """Daily (beat), and right after a decision already in force is recorded: idempotent."""
    from .services import reassignments_release_due

    return reassignments_release_due()
