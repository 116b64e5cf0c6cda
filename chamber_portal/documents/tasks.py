from datetime import timedelta

from celery import shared_task
from django.apps import apps
from django.conf import settings
from django.utils import timezone


@shared_task(acks_late=True)
def document_issue_task(kind: str, model_label: str, object_id: int | str, event: str = "") -> None:
    """Issue one document (the `documents` queue, CELERY_TASK_ROUTES); a no-op when it is already issued."""
    from .services import document_issue

    owner = apps.get_model(model_label)._default_manager.filter(pk=object_id).first()
    if owner is not None:
        document_issue(kind=kind, owner=owner, event=event)


@shared_task(acks_late=True)
def documents_issue_batch_task(kind: str, items: list[list]) -> None:
    """Issue several documents of one kind, `[model_label, object_id, event]` each; those already issued are
    no-ops, so a redelivered message issues only what is missing. One that fails does not stop the others
    (the hourly catch-up issues it later)."""
    import logging

    for model_label, object_id, event in items:
        try:
            document_issue_task(kind, model_label, object_id, event)
        except Exception:
            logging.getLogger(__name__).exception("Document %s of %s:%s was not issued", kind, model_label, object_id)


@shared_task(acks_late=True)
def documents_issue_due_task() -> int:
    """Hourly (beat): the documents of the last DOCUMENTS_CATCH_UP_DAYS days' events that were never issued."""
    from .services import documents_issue_due

    since = timezone.now() - timedelta(days=settings.DOCUMENTS_CATCH_UP_DAYS)
    return documents_issue_due(since=since, limit=settings.DOCUMENTS_CATCH_UP_LIMIT)
