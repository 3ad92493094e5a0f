"""Make the pre-2025 boundary version the current one for a measurement, inside a
transaction that is always rolled back: the pages that draw "current" units then show
the ~10,600 old communes the counts were reported on."""

import contextlib

from django.db import connection, transaction

from bench.national.constants import CHANGEOVER

__all__ = ["old_version_current"]


@contextlib.contextmanager
def old_version_current():
    """Within the block, old units are current and the 2025 units retired; afterwards
    nothing has changed. Yields the number of current communes."""
    from geo import map_layers

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE geo_adminunit SET valid_to = %s::date + 1 WHERE valid_from = %s",
                [CHANGEOVER, CHANGEOVER],
            )
            cursor.execute("UPDATE geo_adminunit SET valid_to = NULL WHERE valid_to = %s", [CHANGEOVER])
            cursor.execute("ANALYZE geo_adminunit")
            cursor.execute("SELECT count(*) FROM geo_adminunit WHERE valid_to IS NULL AND level = 'commune'")
            (communes,) = cursor.fetchone()
        try:
            yield communes
        finally:
            transaction.set_rollback(True)
            map_layers._memo.clear()  # shapes memoised for the version rolled back
