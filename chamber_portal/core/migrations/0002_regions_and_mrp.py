from decimal import Decimal

from django.db import migrations

# The 20 enforcement districts, keyed by ISO 3166-2 code (docs/domain.md §2): code, kind, ru, kk, en.
REGIONS = [
    ("KZ-71", "city", "Астана", "Астана", "Astana"),
    ("KZ-75", "city", "Алматы", "Алматы", "Almaty"),
    ("KZ-79", "city", "Шымкент", "Шымкент", "Shymkent"),
    ("KZ-10", "oblast", "область Абай", "Абай облысы", "Abai Region"),
    ("KZ-11", "oblast", "Акмолинская область", "Ақмола облысы", "Akmola Region"),
    ("KZ-15", "oblast", "Актюбинская область", "Ақтөбе облысы", "Aktobe Region"),
    ("KZ-19", "oblast", "Алматинская область", "Алматы облысы", "Almaty Region"),
    ("KZ-23", "oblast", "Атырауская область", "Атырау облысы", "Atyrau Region"),
    ("KZ-27", "oblast", "Западно-Казахстанская область", "Батыс Қазақстан облысы", "West Kazakhstan Region"),
    ("KZ-31", "oblast", "Жамбылская область", "Жамбыл облысы", "Zhambyl Region"),
    ("KZ-33", "oblast", "область Жетісу", "Жетісу облысы", "Zhetisu Region"),
    ("KZ-35", "oblast", "Карагандинская область", "Қарағанды облысы", "Karaganda Region"),
    ("KZ-39", "oblast", "Костанайская область", "Қостанай облысы", "Kostanay Region"),
    ("KZ-43", "oblast", "Кызылординская область", "Қызылорда облысы", "Kyzylorda Region"),
    ("KZ-47", "oblast", "Мангистауская область", "Маңғыстау облысы", "Mangystau Region"),
    ("KZ-55", "oblast", "Павлодарская область", "Павлодар облысы", "Pavlodar Region"),
    ("KZ-59", "oblast", "Северо-Казахстанская область", "Солтүстік Қазақстан облысы", "North Kazakhstan Region"),
    ("KZ-61", "oblast", "Туркестанская область", "Түркістан облысы", "Turkistan Region"),
    ("KZ-62", "oblast", "область Ұлытау", "Ұлытау облысы", "Ulytau Region"),
    ("KZ-63", "oblast", "Восточно-Казахстанская область", "Шығыс Қазақстан облысы", "East Kazakhstan Region"),
]

# MRP by year, tenge (laws on the republican budget).
MRP = {2024: Decimal("3692"), 2025: Decimal("3932"), 2026: Decimal("4325")}


def forwards(apps, schema_editor):
    Region = apps.get_model("core", "Region")
    for code, kind, ru, kk, en in REGIONS:
        Region.objects.update_or_create(code=code, defaults={"kind": kind, "name_ru": ru, "name_kk": kk, "name_en": en})
    MonthlyCalculationIndex = apps.get_model("core", "MonthlyCalculationIndex")
    for year, amount in MRP.items():
        MonthlyCalculationIndex.objects.update_or_create(year=year, defaults={"amount_kzt": amount})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
