"""Free-text search of the intake queue by debtor name (issue 15, benchmarks/README.md "search").

`debtor_name__icontains` is `UPPER(debtor_name::text) LIKE UPPER('%…%')` on PostgreSQL, which no B-tree can
serve: across the national queue (46k waiting rows at 1M applications) the paginator's COUNT filtered every
waiting row. A trigram GIN index on UPPER(debtor_name), partial to the queue's statuses, serves that LIKE.

PostgreSQL only (pg_trgm): the SQLite demo has no such index and keeps scanning its few rows. The index is not
in the model state on purpose: on SQLite, a later migration that rebuilds the table would try to re-create it.
"""

from django.db import migrations

INDEX = "app_queue_debtor_trgm"
# The same statuses as intake.models.INTAKE_QUEUE, in the same order: the planner proves that the queue's
# `status IN (…)` implies this predicate.
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON intake_application USING gin (UPPER(debtor_name::text) gin_trgm_ops) "
    "WHERE status IN ('submitted', 'awaiting_duplicate', 'original_received')"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extension stays: something else may use it, and dropping it is not needed to undo the index.
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("intake", "0008_spreadsheet_imports")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
