"""An index matching the table's default order (name, id), so a first page can be read
in order instead of sorting every match."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0009_sensitive_sites")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS monitoring_establishment_name_id"
            " ON monitoring_establishment (name, id)",
            "DROP INDEX IF EXISTS monitoring_establishment_name_id",
        )
    ]
