"""The (period, indicator) index of case counts covers the unit and the value, so a
month's figures of an indicator are read from the index alone. Built concurrently: the
counts stay writable while it is made."""

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("monitoring", "0020_field_visits"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="casecount",
            index=models.Index(
                fields=["period", "indicator"],
                include=["unit", "value"],
                name="casecount_month_indicator_cov",
            ),
        ),
        RemoveIndexConcurrently(model_name="casecount", name="casecount_period_indicator"),
    ]
