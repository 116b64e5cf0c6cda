from django.db import migrations

# code, ru, kk, en, filed through the Chamber (docs/domain.md §2)
KINDS = [
    ("writ", "Исполнительный лист", "Атқару парағы", "Writ of execution", True),
    ("court_order", "Судебный приказ", "Сот бұйрығы", "Court order", True),
    ("notary_inscription", "Исполнительная надпись нотариуса", "Нотариустың атқарушылық жазбасы",
     "Notary's executive inscription", True),
    ("other", "Иной исполнительный документ", "Өзге атқарушылық құжат", "Other enforcement document", True),
]


def forwards(apps, schema_editor):
    DocumentKind = apps.get_model("intake", "DocumentKind")
    for code, ru, kk, en, filed in KINDS:
        DocumentKind.objects.update_or_create(
            code=code, defaults={"name_ru": ru, "name_kk": kk, "name_en": en, "filed_through_chamber": filed}
        )


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
