from celery import shared_task
from django.apps import apps


@shared_task(acks_late=True)
def document_issue_task(kind: str, model_label: str, object_id: int | str, event: str = "") -> None:
    """Issue one document (the `documents` queue, CELERY_TASK_ROUTES); a no-op when it is already issued."""
    from .services import document_issue

    owner = apps.get_model(model_label)._default_manager.filter(pk=object_id).first()
    if owner is not None:
        document_issue(kind=kind, owner=owner, event=event)
