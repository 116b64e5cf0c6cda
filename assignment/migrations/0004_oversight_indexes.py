# The oversight dashboard (docs/adr/0009, benchmarks/README.md): decisions of a period in every region (per
# bailiff, first assignments) without reading the wide rows, and initiations due or recorded in a period.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('assignment', '0003_bailiff_workspace'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='assignment',
            index=models.Index(fields=['initiation_due'], name='assignment_initiation_due'),
        ),
        migrations.AddIndex(
            model_name='assignment',
            index=models.Index(fields=['initiated_on', 'application'], name='assignment_initiated_on'),
        ),
        migrations.AddIndex(
            model_name='distributiondecision',
            index=models.Index(fields=['at', 'region', 'reason', 'chosen', 'application'], name='decision_at'),
        ),
    ]
