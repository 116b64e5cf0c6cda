"""The one way to act after commit: queue a Celery task once the caller's transaction has committed.

A task queued inside the transaction could run before the rows it reads are visible, or for a transaction that
then rolls back. A broker outage after the commit is logged, never raised: the user's change has already been
committed, and every such task has an hourly catch-up (beat) that finds what was not queued.

- A write (a service, or a receiver inside one) queues its task with `task_after_commit(task, *args)`: nothing is
  published before the commit, nothing at all on a rollback (a rolled-back savepoint drops it too), and a broker
  outage after the commit is logged. Never `transaction.on_commit(... .delay ...)` by hand, never a bare `.delay()`
  inside a transaction, never a try/except around an enqueue. The live distribution queue publishes at most one
  message per key with `chamber_portal.core.coalesce` (`task_after_commit_once`, `task_publish_once`).
- A task chaining another from inside the worker, outside any transaction, publishes at once with
  `task_publish(task, *args)` (an outage is logged and answered False; the beat's catch-up finds the work).
- Signals between apps (intake's `application_accepted`, the registry's `bailiff_left_rotation` and
  `bailiff_joined_rotation`, assignment's `case_redistributed`) are sent INSIDE the sender's transaction, never
  on its commit: a receiver that writes does it in that transaction (committed or rolled back with the change),
  and a receiver that starts work queues it with `task_after_commit`, so the work still waits for the commit.
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
