"""Which units a user's areas cover: the area units themselves and every unit under them,
at any depth, in the boundary version in force. Built on ``geo.selectors.user_scope``.

>>> ids = scope_unit_ids(scope=user_scope(user=request.user))   # None: everything
>>> ids is None or commune.id in ids
"""

from django.db import connection

from geo.selectors import user_scope

__all__ = ["scope_unit_ids", "user_unit_ids"]

DESCENDANTS_SQL = """
WITH RECURSIVE tree(id) AS (
    SELECT id FROM geo_adminunit WHERE id = ANY(%(roots)s)
    UNION
    SELECT u.id FROM geo_adminunit u JOIN tree t ON u.parent_id = t.id WHERE u.valid_to IS NULL
)
SELECT id FROM tree
"""


def scope_unit_ids(*, scope) -> frozenset[int] | None:
    """Ids of the units in ``scope`` (a ``user_scope`` result) and all their descendants;
    ``None`` when the scope is everything."""
    if scope is None:
        return None
    roots = [unit.pk for unit in scope]
    if not roots:
        return frozenset()
    with connection.cursor() as cursor:
        cursor.execute(DESCENDANTS_SQL, {"roots": roots})
        return frozenset(row[0] for row in cursor.fetchall())


def user_unit_ids(*, user) -> frozenset[int] | None:
    """``scope_unit_ids`` of ``user``'s areas (memoised on the user object per request)."""
    cached = getattr(user, "_scope_unit_ids", False)
    if cached is not False:
        return cached
    ids = scope_unit_ids(scope=user_scope(user=user))
    if getattr(user, "is_authenticated", False):
        user._scope_unit_ids = ids
    return ids
