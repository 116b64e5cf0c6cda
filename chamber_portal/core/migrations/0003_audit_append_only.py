from django.db import migrations

# PostgreSQL refuses UPDATE and DELETE on the audit log, whoever asks (ORM, raw SQL, admin, psql).
# TRUNCATE stays possible for the database owner: it is how test runs reset tables.
FORWARDS = """
CREATE OR REPLACE FUNCTION core_auditevent_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'core_auditevent is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditevent_append_only
    BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION core_auditevent_refuse_change();
"""
BACKWARDS = """
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
DROP FUNCTION IF EXISTS core_auditevent_refuse_change();
"""


def run(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # the SQL has a literal %

    return operation


class Migration(migrations.Migration):
    dependencies = [("core", "0002_regions_and_mrp")]
    operations = [migrations.RunPython(run(FORWARDS), run(BACKWARDS))]
