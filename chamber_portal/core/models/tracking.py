"""`updated_at` on the rows the API lists (issue 14: `?updated_after=` on every list, `updated_at` in the rows)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TracksUpdates(models.Model):
    """A row that knows when it last changed, whichever way a service saves it.

    Django's auto_now is not written by `save(update_fields=[...])` unless the field is named: the services save a
    few fields at a time, so `save` names it for them. `QuerySet.update()` bypasses both: a service that updates in
    bulk sets `updated_at=timezone.now()` itself (see `touch`)."""

    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        if update_fields is not None:
            update_fields = {*update_fields, "updated_at"}
        super().save(*args, update_fields=update_fields, **kwargs)


def touch(queryset) -> int:
    """Mark rows as changed when what their API row shows changed elsewhere (a related record)."""
    return queryset.update(updated_at=timezone.now())
