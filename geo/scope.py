"""Which rows a user's scope covers. Units in scope are the units themselves and every
unit under them (the hierarchy is at most province → district → commune); points with
no commune column are in scope when a unit in scope covers them."""

from django.db.models import Exists, OuterRef, Q

__all__ = ["points_in_scope_q", "units_in_scope_q"]


def units_in_scope_q(units) -> Q:
    """Units that are one of ``units`` or lie under one of them. No units: nothing."""
    ids = [unit.pk for unit in units]
    if not ids:
        return Q(pk__in=[])
    return Q(pk__in=ids) | Q(parent_id__in=ids) | Q(parent__parent_id__in=ids)


def points_in_scope_q(units, *, field: str = "location") -> Q:
    """Rows whose point ``field`` lies in one of ``units`` (boundary included)."""
    from geo.models import AdminUnit

    ids = [unit.pk for unit in units]
    if not ids:
        return Q(pk__in=[])
    return Q(Exists(AdminUnit.objects.filter(pk__in=ids, geom__covers=OuterRef(field))))
