"""The role groups and their permissions (table: ``monitoring.roles``)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def roles_create(apps, schema_editor):
    from monitoring.roles import roles_sync

    # Permissions are normally created after the whole migrate run: create them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    roles_sync(
        group_model=apps.get_model("auth", "Group"), permission_model=apps.get_model("auth", "Permission")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("geo", "0004_unit_crosswalk"),
        ("monitoring", "0012_audit_log_and_site_settings"),
    ]

    operations = [migrations.RunPython(roles_create, migrations.RunPython.noop)]
