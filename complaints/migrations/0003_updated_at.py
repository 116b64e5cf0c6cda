# Issue 14: `updated_at` on every API list's rows, `?updated_after=` on the lists.

import django.utils.timezone
from django.db import migrations, models
from django.db.models.functions import Coalesce, Greatest


def backfill(apps, schema_editor):
    """Each row last changed at the latest of the times it records."""
    Complaint = apps.get_model("complaints", "Complaint")
    Complaint.objects.update(updated_at=Greatest(
        "filed_at", Coalesce("explained_at", "filed_at"), Coalesce("decided_at", "filed_at")))
    apps.get_model("complaints", "BreachDecision").objects.update(updated_at=models.F("recorded_at"))
    apps.get_model("complaints", "Reassignment").objects.update(
        updated_at=Greatest("requested_at", Coalesce("released_at", "requested_at")))


def _updated_at():
    return models.DateTimeField(auto_now=True, default=django.utils.timezone.now, verbose_name='updated at')


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0002_cancel_reason_codes'),
    ]

    operations = [
        migrations.AddField(model_name='breachdecision', name='updated_at', field=_updated_at(),
                            preserve_default=False),
        migrations.AddField(model_name='complaint', name='updated_at', field=_updated_at(), preserve_default=False),
        migrations.AddField(model_name='reassignment', name='updated_at', field=_updated_at(),
                            preserve_default=False),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
