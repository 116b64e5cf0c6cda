
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from django.dispatch import receiver

from chamber_portal.core.after_commit import task_after_commit
from chamber_portal.core.models import AuditEvent
from intake.models import Application

from .models import WebhookEndpoint


@receiver(post_save, sender=AuditEvent, dispatch_uid="webhooks.status_event")
def status_event_written(sender, instance: AuditEvent, created: bool, **kwargs) -> None:
    """A status event of an application whose lawyer has an active endpoint: offered after commit."""
    if not created or not instance.to_state:
        return
    if instance.content_type_id != ContentType.objects.get_for_model(Application).pk:
        return
    if not WebhookEndpoint.objects.filter(is_active=True, lawyer__applications__id=instance.object_id).exists():
        return
    from .tasks import webhook_event_task

    task_after_commit(webhook_event_task, instance.pk)
