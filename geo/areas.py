"""A user's area: the one definition of which units, rows and points a user may see.

An ``Area`` is everything (administrators), nothing (no area, anonymous) or a set of
root units with every current unit under them, at any depth (provinces have had
province → district → commune and, since July 2025, province → commune). Descendants are
found by one recursive query over ``parent_id``, following only units of the boundary
version in force (retired units keep their old parent and are reached through the
crosswalk, not through the tree). The ORM ``Q`` and the raw SQL condition are built from
the same SQL text, so every channel selects the same units:

>>> area = Area.of(request.user)                        # once per request (memoised)
>>> Establishment.objects.filter(area.q("commune"))     # rows with a unit foreign key
>>> AdminUnit.current.filter(area.units_q())            # the units themselves
>>> SensitiveSite.objects.filter(area.points_q("location"))  # points without a unit column
>>> condition, params = area.sql("t.commune_id")        # raw SQL: ("t.commune_id IN (…)", [...])
>>> area.unit_ids()                                     # frozenset, or None for everything
"""

from collections.abc import Iterable

from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL

from geo.models import AdminUnit, Level, UserArea

__all__ = ["Area"]

# The roots (any version: a filter may name a retired unit) and every current unit under them.
DESCENDANTS_SQL = (
    "WITH RECURSIVE area_tree(id) AS ("
    "SELECT id FROM geo_adminunit WHERE id = ANY(%s::bigint[])"
    " UNION SELECT u.id FROM geo_adminunit u JOIN area_tree a ON u.parent_id = a.id"
    " WHERE u.valid_to IS NULL"
    ") SELECT id FROM area_tree"
)
# A point is in the area when a root's boundary covers it (edges included); every unit in
# the area lies inside a root, so the roots' boundaries are enough.
POINTS_SQL = (
    "EXISTS (SELECT 1 FROM geo_adminunit area_root"
    " WHERE area_root.id = ANY(%s::bigint[]) AND ST_Covers(area_root.geom, {column}))"
)


class Area:
    """Everything (``roots is None``), nothing (no roots) or the roots' subtrees."""

    __slots__ = ("_ids", "roots")

    def __init__(self, roots: Iterable[int] | None) -> None:
        self.roots: tuple[int, ...] | None = None if roots is None else tuple(sorted(set(roots)))
        self._ids: frozenset[int] | None = None

    # --- building ----------------------------------------------------------------
    @classmethod
    def everything(cls) -> "Area":
        return cls(None)

    @classmethod
    def nothing(cls) -> "Area":
        return cls(())

    @classmethod
    def of_units(cls, units: Iterable) -> "Area":
        """The subtrees of ``units`` (``AdminUnit`` objects or ids)."""
        return cls(getattr(unit, "pk", unit) for unit in units)

    @classmethod
    def of_codes(cls, codes: Iterable[str]) -> "Area":
        """The subtrees of the units with these official codes (every version)."""
        return cls(AdminUnit.objects.filter(code__in=list(codes)).values_list("pk", flat=True))

    @classmethod
    def of(cls, user) -> "Area":
        """What ``user`` may see: everything for superusers and the administrator role,
        their areas' subtrees otherwise, nothing when anonymous or without an area.
        Memoised on the user object, so a request computes it once."""
        cached = getattr(user, "_area", None)
        if cached is not None:
            return cached
        if not getattr(user, "is_authenticated", False):
            return cls.nothing()
        if user.is_superuser or user.groups.filter(name="administrator").exists():
            area = cls.everything()
        else:
            area = cls(UserArea.objects.filter(user=user).values_list("unit_id", flat=True))
        user._area = area
        return area

    # --- reading -----------------------------------------------------------------
    @property
    def is_everything(self) -> bool:
        return self.roots is None

    @property
    def is_empty(self) -> bool:
        return self.roots == ()

    def unit_ids(self) -> frozenset[int] | None:
        """Ids of every unit in the area (``None``: everything), queried once."""
        if self.roots is None:
            return None
        if self._ids is None:
            if not self.roots:
                self._ids = frozenset()
            else:
                with connection.cursor() as cursor:
                    cursor.execute(DESCENDANTS_SQL, [list(self.roots)])
                    self._ids = frozenset(row[0] for row in cursor.fetchall())
        return self._ids

    def contains(self, unit) -> bool:
        """Whether ``unit`` (an ``AdminUnit`` or an id) is in the area."""
        ids = self.unit_ids()
        return ids is None or getattr(unit, "pk", unit) in ids

    def codes(self) -> list[str] | None:
        """Official codes of the roots, sorted (``None``: everything), e.g. for a file's metadata."""
        if self.roots is None:
            return None
        return sorted(AdminUnit.objects.filter(pk__in=self.roots).values_list("code", flat=True))

    def name(self) -> str:
        """The area as a title names it: its roots' names (the current provinces' for
        everything), ``, ``-joined; empty for nothing."""
        if self.roots is None:
            units = AdminUnit.current.filter(level=Level.PROVINCE)
        else:
            units = AdminUnit.objects.filter(pk__in=self.roots)
        return ", ".join(units.order_by("code").values_list("name", flat=True))

    # --- conditions --------------------------------------------------------------
    def q(self, field: str = "commune") -> Q:
        """Rows whose unit foreign key ``field`` points into the area."""
        if self.roots is None:
            return Q()
        if not self.roots:
            return Q(**{f"{field}__in": []})
        return Q(**{f"{field}__in": RawSQL(DESCENDANTS_SQL, [list(self.roots)])})  # noqa: S611 - constant SQL

    def units_q(self) -> Q:
        """``AdminUnit`` rows in the area."""
        return self.q("pk")

    def points_q(self, field: str = "location") -> Q:
        """Rows whose point ``field`` lies in the area (rows with no unit column)."""
        if self.roots is None:
            return Q()
        if not self.roots:
            return Q(pk__in=[])
        return Q(Exists(AdminUnit.objects.filter(pk__in=self.roots, geom__covers=OuterRef(field))))

    def sql(self, column: str = "t.commune_id") -> tuple[str, list]:
        """A raw SQL condition on ``column`` (a unit id; a constant of the caller, never
        input) and its positional parameters."""
        if self.roots is None:
            return "TRUE", []
        if not self.roots:
            return "FALSE", []
        return f"{column} IN ({DESCENDANTS_SQL})", [list(self.roots)]

    def points_sql(self, column: str = "t.location") -> tuple[str, list]:
        """As ``points_q`` for raw SQL: ``column`` is a point geometry (WGS 84)."""
        if self.roots is None:
            return "TRUE", []
        if not self.roots:
            return "FALSE", []
        return POINTS_SQL.format(column=column), [list(self.roots)]

    def __eq__(self, other) -> bool:
        return isinstance(other, Area) and self.roots == other.roots

    def __hash__(self) -> int:
        return hash(self.roots)

    def __repr__(self) -> str:
        return "<Area everything>" if self.roots is None else f"<Area roots={list(self.roots)}>"
