"""The Celery app. PostgreSQL is the source of truth; Celery only carries the work (docs/domain.md §5)."""

import os

from celery import Celery
from celery.signals import task_failure, worker_ready

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


@worker_ready.connect
def _serve_worker_metrics(sender=None, **kwargs):
    """The worker's own metrics (task failures happen there, not in the web processes) on METRICS_WORKER_PORT, for
    Prometheus to scrape beside /metrics. With a prefork pool set PROMETHEUS_MULTIPROC_DIR, so that the children's
    counts add up in what the main process serves (docs/operations.md)."""
    from django.conf import settings

    from chamber_portal.core.observability.metrics import worker_metrics_serve

    if settings.METRICS_WORKER_PORT:
        worker_metrics_serve(port=settings.METRICS_WORKER_PORT)
