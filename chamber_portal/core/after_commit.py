"""The one way to act after commit: queue a Celery task once the caller's transaction has committed.

A task queued inside the transaction could run before the rows it reads are visible, or for a transaction that
then rolls back. A broker outage after the commit is logged, never raised: the user's change has already been
committed, and every such task has an hourly catch-up (beat) that finds what was not queued.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def task_after_commit(task, *args, **kwargs) -> None:
    """Queue `task.delay(*args, **kwargs)` when the current transaction commits (at once outside one)."""
    # A closure, not functools.partial: Django logs a failed robust callback by its __qualname__.
    def publish() -> None:
        task_publish(task, *args, **kwargs)

    publish.__qualname__ = f"task_after_commit({getattr(task, 'name', task)})"
    transaction.on_commit(publish, robust=True)


def task_publish(task, *args, **kwargs) -> bool:
    """Queue the task now; a broker outage is logged and answered False instead of raised."""
    try:
        task.delay(*args, **kwargs)
    except Exception:
        logger.exception("Could not queue %s%s; its catch-up will find it", getattr(task, "name", task), args)
        return False
    return True
