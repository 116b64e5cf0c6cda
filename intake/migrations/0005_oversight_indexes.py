# The oversight dashboard (docs/adr/0009, benchmarks/README.md): each figure of a period read from an index alone at
# 1M rows. Led by the period's date, holding the other columns the figure reads (key columns: SQLite has no INCLUDE).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0004_application_app_intake_queue_due'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['submitted_at', 'region', 'status', 'category'], name='app_submitted_at'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['original_received_at', 'region', 'submitted_at'], name='app_received_at'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['accepted_at', 'region', 'submitted_at'], name='app_accepted_at'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['id', 'region', 'submitted_at'], name='app_id_region_submitted'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(condition=models.Q(('status', 'lapsed')), fields=['original_due', 'region'], name='app_lapsed_due'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(condition=models.Q(('status', 'original_received')), fields=['original_received_at', 'region'], name='app_awaiting_acceptance'),
        ),
    ]
