"""The Celery app. PostgreSQL is the source of truth; Celery only carries the work (docs/domain.md §5)."""

import os

from celery import Celery
from celery.signals import task_failure

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chamber_portal.settings")

app = Celery("chamber_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["chamber_portal.core"])


@task_failure.connect
def _count_task_failure(sender=None, **kwargs):
    """Failed tasks are counted for /metrics (issue 16)."""
    from chamber_portal.core.observability.metrics import task_failed

    task_failed(sender=sender, **kwargs)
