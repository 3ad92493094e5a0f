from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """``unaccent`` for finding establishments by name or address without accents
    (``monitoring.establishments.selectors.TEXT_MATCH_SQL``)."""

    dependencies = [("monitoring", "0021_casecount_covering_index")]

    operations = [UnaccentExtension()]
