# Issue 14: `updated_at` on every API list's rows, `?updated_after=` on the lists.

import django.utils.timezone
from django.db import migrations, models


def backfill(apps, schema_editor):
    """An inspection last changed, as far as its rows tell, when it was ordered (created)."""
    apps.get_model("inspections", "Inspection").objects.update(updated_at=models.F("created_at"))


class Migration(migrations.Migration):

    dependencies = [
        ('inspections', '0002_petition_to_the_licensor'),
    ]

    operations = [
        migrations.AddField(
            model_name='inspection',
            name='updated_at',
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now, verbose_name='updated at'),
            preserve_default=False,
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
