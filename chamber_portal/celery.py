"""The Celery app. PostgreSQL is the source of truth; Celery only carries the work (docs/domain.md §5)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chamber_portal.settings")

app = Celery("chamber_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["chamber_portal.core"])
