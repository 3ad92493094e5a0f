"""Data quality: the roles get the approval, comment and submission permissions
(``monitoring.roles``), and the first administrator-editable validation rule is seeded
(relapses ≤ people under post-rehab management; part ≤ whole comes from the indicators)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

RULE = {
    "code": "relapses_within_post_rehab",
    "name_vi": "Người tái nghiện không vượt quá người được quản lý sau cai nghiện",
    "name_en": "Relapses do not exceed people under post-rehab management",
    "left": "relapses",
    "operator": "<=",
    "right": "post_rehab",
    "importance": "warning",
    "description": "A relapse is counted among people under post-rehab management of the commune.",
}


def forward(apps, schema_editor):
    from monitoring.roles import roles_sync

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    roles_sync(
        group_model=apps.get_model("auth", "Group"), permission_model=apps.get_model("auth", "Permission")
    )
    Indicator = apps.get_model("monitoring", "Indicator")
    if Indicator.objects.filter(code__in=["relapses", "post_rehab"]).count() == 2:
        apps.get_model("monitoring", "ValidationRule").objects.get_or_create(code=RULE["code"], defaults=RULE)


def backward(apps, schema_editor):
    apps.get_model("monitoring", "ValidationRule").objects.filter(code=RULE["code"]).delete()


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0014_data_quality")]

    operations = [migrations.RunPython(forward, backward)]
