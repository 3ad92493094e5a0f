"""A GiST index on ``location::geography`` so radius filters in metres use an index."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0007_planning_scenarios")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS monitoring_establishment_location_geog"
            " ON monitoring_establishment USING GIST ((location::geography))",
            "DROP INDEX IF EXISTS monitoring_establishment_location_geog",
        )
    ]
