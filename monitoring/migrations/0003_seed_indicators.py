"""Seed the indicator catalogue (monitoring/indicator_catalogue.py)."""

from django.db import migrations

from monitoring.indicator_catalogue import INDICATORS


def seed(apps, schema_editor):
    Indicator = apps.get_model("monitoring", "Indicator")
    by_code = {}
    for order, (code, name_vi, name_en, unit, sensitive, part_of) in enumerate(INDICATORS, 1):
        by_code[code], _ = Indicator.objects.update_or_create(
            code=code,
            defaults={
                "name_vi": name_vi,
                "name_en": name_en,
                "unit_label": unit,
                "sensitive": sensitive,
                "part_of": by_code.get(part_of),
                "display_order": order * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0002_sql_rules")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
