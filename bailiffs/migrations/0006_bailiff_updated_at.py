# Issue 14: `updated_at` on every API list's rows, `?updated_after=` on the lists.

import django.utils.timezone
from django.db import migrations, models
from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest


def backfill(apps, schema_editor):
    """A bailiff last changed when registered, or at the latest status change recorded for him or her."""
    Bailiff = apps.get_model("bailiffs", "Bailiff")
    StatusChange = apps.get_model("bailiffs", "BailiffStatusChange")
    last_change = (StatusChange.objects.filter(bailiff=OuterRef("pk")).values("bailiff")
                   .annotate(last=Max("created_at")).values("last"))
    Bailiff.objects.update(updated_at=Greatest("created_at", Coalesce(Subquery(last_change), "created_at")))


class Migration(migrations.Migration):

    dependencies = [
        ('bailiffs', '0005_chamber_head_term_labels'),
    ]

    operations = [
        migrations.AddField(
            model_name='bailiff',
            name='updated_at',
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now, verbose_name='updated at'),
            preserve_default=False,
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
