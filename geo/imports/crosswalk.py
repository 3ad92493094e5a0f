"""The old→new crosswalk written when a boundary version retires units, and what follows a
retired unit to its successor.

For every retired unit, one ``UnitCrosswalk`` row per current unit of the same level that
overlaps it, computed by PostGIS: the intersection in WGS 84, its area on the spheroid
(like ``AdminUnit.area_m2``). Slivers (digitising noise along shared edges) under
``SLIVER_SHARE`` of the old unit or ``SLIVER_M2`` are ignored, and ``share_of_old`` is
renormalised over the rows kept, so an old unit's figures are conserved when they are shown
on the new units (its shares sum to 1); ``overlap_m2`` and ``share_of_new`` stay as measured.
"""

from django.db import connection
from django.utils.translation import gettext as _

from geo.imports.errors import Problem
from geo.models import AdminUnit, UserArea

__all__ = ["SLIVER_M2", "SLIVER_SHARE", "crosswalk_write", "successors_follow"]

SLIVER_SHARE = 0.001
SLIVER_M2 = 100.0

CROSSWALK_SQL = """
WITH pairs AS (
    SELECT o.id AS old_id, n.id AS new_id, o.area_m2 AS old_area, n.area_m2 AS new_area,
           ST_Area(ST_Intersection(o.geom, n.geom)::geography) AS overlap
      FROM geo_adminunit o
      JOIN geo_adminunit n
        ON n.level = o.level AND n.valid_to IS NULL AND n.id <> o.id AND ST_Intersects(o.geom, n.geom)
     WHERE o.id = ANY(%(retired)s)
), kept AS (
    SELECT * FROM pairs WHERE overlap >= %(min_m2)s AND overlap >= %(min_share)s * old_area
)
INSERT INTO geo_unitcrosswalk (old_unit_id, new_unit_id, overlap_m2, share_of_old, share_of_new)
SELECT old_id, new_id, overlap, overlap / sum(overlap) OVER (PARTITION BY old_id),
       LEAST(overlap / new_area, 1.0)
  FROM kept
ON CONFLICT (old_unit_id, new_unit_id) DO NOTHING
"""


def crosswalk_write(*, retired: list[int]) -> int:
    """Crosswalk rows from each unit of ``retired`` to the current units; returns how many."""
    with connection.cursor() as cursor:
        cursor.execute(CROSSWALK_SQL, {"retired": retired, "min_m2": SLIVER_M2, "min_share": SLIVER_SHARE})
        return cursor.rowcount


def successors_follow(*, retired: list[int], name: str) -> list[Problem]:
    """Current children and user areas of retired units move to the same code's new row;
    a warning for each user area left on a unit with no successor."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT o.id, n.id FROM geo_adminunit o JOIN geo_adminunit n"
            " ON n.code = o.code AND n.level = o.level AND n.valid_to IS NULL"
            " WHERE o.id = ANY(%s)",
            [retired],
        )
        successor = dict(cursor.fetchall())
    for old_id, new_id in successor.items():
        AdminUnit.current.filter(parent_id=old_id).update(parent_id=new_id)
        for area in UserArea.objects.filter(unit_id=old_id):
            if UserArea.objects.filter(user_id=area.user_id, unit_id=new_id).exists():
                area.delete()
            else:
                UserArea.objects.filter(pk=area.pk).update(unit_id=new_id)
    orphaned = UserArea.objects.filter(unit_id__in=set(retired) - set(successor)).select_related(
        "user", "unit"
    )
    return [
        Problem(
            file=name,
            code=area.unit.code,
            reason=_("user %(user)s had this unit as an area; it was retired with no successor.")
            % {"user": area.user.username},
            fix=_("Give the user the new units in the admin (User areas)."),
        )
        for area in orphaned
    ]
