from django.db import migrations

# Distribution decisions are append-only in the database too (as the audit log, core 0003).
FORWARDS = """
CREATE OR REPLACE FUNCTION assignment_decision_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'assignment_distributiondecision is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER assignment_decision_append_only
    BEFORE UPDATE OR DELETE ON assignment_distributiondecision
    FOR EACH ROW EXECUTE FUNCTION assignment_decision_refuse_change();
"""
BACKWARDS = """
DROP TRIGGER IF EXISTS assignment_decision_append_only ON assignment_distributiondecision;
DROP FUNCTION IF EXISTS assignment_decision_refuse_change();
"""


def queues(apps, schema_editor):
    # One lock row per region, made in advance so two first decisions never race to create it.
    Region = apps.get_model("core", "Region")
    RegionQueue = apps.get_model("assignment", "RegionQueue")
    for region in Region.objects.all():
        RegionQueue.objects.get_or_create(region=region)


def run(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # the SQL has a literal %

    return operation


class Migration(migrations.Migration):
    dependencies = [("assignment", "0001_initial"), ("core", "0002_regions_and_mrp")]
    operations = [
        migrations.RunPython(queues, migrations.RunPython.noop),
        migrations.RunPython(run(FORWARDS), run(BACKWARDS)),
    ]
