"""At most one pending message per key: a burst of events asks for one task run, not one per event (issue 15).

`task_publish_once(key, task, ...)` sets a Redis key (`SET NX` with a TTL, in the broker's own Redis, so a
restarted Redis forgets keys and messages alike) and publishes the task only if the key was not set: a message
for it is already waiting. The task calls `pending_clear(key)` BEFORE it reads its work, so whatever commits
while it works publishes again and nothing is stranded. The TTL is a safety net for a message lost with its key
set (the catch-up, e.g. the distribution sweep, covers the minute).

Without a Redis broker (the embedded demo: CELERY_TASK_ALWAYS_EAGER, memory://) nothing is coalesced: every call
publishes, and an eager task runs in-process at once, as before. Redis away: the publish is tried anyway (it
fails and is logged by `task_publish`; the catch-up finds the work).
"""

import logging

from celery import current_app
from django.db import transaction

from .after_commit import task_publish

logger = logging.getLogger(__name__)

PREFIX = "chamber:pending:"
_clients: dict[str, object] = {}


def _client():
    """The broker's Redis (None when tasks run in-process or the broker is not Redis)."""
    conf = current_app.conf
    url = conf.broker_url or ""
    if conf.task_always_eager or not url.startswith(("redis://", "rediss://", "unix://")):
        return None
    if (client := _clients.get(url)) is None:
        import redis

        client = _clients[url] = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
    return client


def coalesced() -> bool:
    """Whether messages are coalesced here (a Redis broker, tasks not run in-process)."""
    return _client() is not None


def task_publish_once(key: str, task, *args, ttl: int = 60, gather: float = 0, **kwargs) -> bool:
    """Publish `task` unless a message for `key` is already pending; True if one is pending now (published by
    this call or an earlier one). `gather`: seconds the message waits before it runs, so one run takes what a
    burst brings meanwhile (notices and e-mails, which may wait a second; never the rotation's own message)."""
    client = _client()
    if client is not None:
        try:
            if not client.set(PREFIX + key, 1, nx=True, ex=ttl):
                return True  # a message is waiting; its run takes this work too
        except Exception:
            logger.warning("Could not mark %s pending; publishing anyway", key, exc_info=True)
            return _publish(task, args, kwargs, gather if client is not None else 0)
    if _publish(task, args, kwargs, gather if client is not None else 0):
        return True
    if client is not None:
        pending_clear(key)  # nothing was queued: let the next event try again (the catch-up covers this one)
    return False


def _publish(task, args: tuple, kwargs: dict, gather: float) -> bool:
    if not gather:
        return task_publish(task, *args, **kwargs)
    try:
        task.apply_async(args=args, kwargs=kwargs, countdown=gather)
    except Exception:
        logger.exception("Could not queue %s%s; its catch-up will find it", getattr(task, "name", task), args)
        return False
    return True


def task_after_commit_once(key: str, task, *args, ttl: int = 60, gather: float = 0, **kwargs) -> None:
    """`task_publish_once` when the current transaction commits (at once outside one); once per key and
    transaction (a batch of lapses writes many e-mails: one message sends them all)."""
    name = f"task_after_commit_once({key})"
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(getattr(func, "__qualname__", None) == name
                                          for _sids, func, _robust in connection.run_on_commit):
        return  # queued already by this transaction (a rolled-back savepoint takes its callback and rows alike)

    def publish() -> None:
        task_publish_once(key, task, *args, ttl=ttl, gather=gather, **kwargs)

    publish.__qualname__ = name
    transaction.on_commit(publish, robust=True)


def pending_clear(key: str) -> None:
    """The task is about to take its work: the next event publishes again."""
    client = _client()
    if client is None:
        return
    try:
        client.delete(PREFIX + key)
    except Exception:
        # Redis is away: the key expires with its TTL; until then the catch-up covers what it holds back.
        logger.warning("Could not clear pending %s", key, exc_info=True)
