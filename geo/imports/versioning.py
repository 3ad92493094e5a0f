"""Write a checked boundary file as a new boundary version, all inside the caller's transaction.

Per unit code of the imported level:

- same geometry (within ``SAME_GEOMETRY_TOLERANCE``), name, kind, population and parent:
  untouched, so importing the same file twice changes nothing;
- same geometry, other attributes changed: updated in place (a rename is not a new version);
- geometry changed: the current row is retired (``valid_to`` = the new ``valid_from``;
  validity ranges are ``[valid_from, valid_to)``, so the two versions never overlap) and a
  new row is created; case counts and classifications of the old row stay on it;
- a code not in the database: created;
- a current unit of the level absent from the file is retired only if new units cover it
  by more than the sliver tolerance. A file that covers one province leaves the rest of
  the country alone.

Every retired unit then gets ``UnitCrosswalk`` rows (:mod:`geo.imports.crosswalk`), and
its current children and user areas move to the row with the same code. Border facts are
derived for new rows, and places move to the commune of the current version that holds
them (their counts stay on the old units).
"""

import datetime
from dataclasses import dataclass, field

import shapely
from django.contrib.gis.geos import GEOSGeometry
from django.db import connection
from django.utils.translation import gettext as _

from geo.imports.crosswalk import SLIVER_M2, SLIVER_SHARE, crosswalk_write, successors_follow
from geo.imports.errors import BoundaryImportError, Problem
from geo.imports.validate import Record
from geo.models import AdminUnit, Level
from geo.services import admin_units_border_refresh
from geo.signals import communes_changed_send

__all__ = [
    "SAME_GEOMETRY_TOLERANCE",
    "VersionPlan",
    "VersionResult",
    "boundary_version_apply",
    "boundary_version_plan",
    "parents_by_code",
]

SAME_GEOMETRY_TOLERANCE = 1e-7  # degrees, about 1 cm
RANK = {Level.PROVINCE: 1, Level.DISTRICT: 2, Level.COMMUNE: 3}


@dataclass
class VersionPlan:
    level: str
    valid_from: datetime.date
    create: list[Record] = field(default_factory=list)
    replace: list[tuple[int, Record]] = field(default_factory=list)
    update: list[tuple[int, Record]] = field(default_factory=list)
    unchanged: int = 0
    parents: dict[int, int | None] = field(default_factory=dict)  # record row → parent id
    keep_population: bool = False

    @property
    def replaced_codes(self) -> set[str]:
        return {record.code for _unit_id, record in self.replace}


def _higher_levels(level: str) -> list[str]:
    return [lvl for lvl, rank in RANK.items() if rank < RANK[level]]


def parents_by_code(
    *, records: list[Record], level: str, name: str, parent_field: str
) -> tuple[dict[int, int | None], list[Problem]]:
    """Parent unit ids of the records that give a parent code, and a problem for each
    code that no current unit of a higher level has. Needs no geometry, so the service
    reports unknown parents together with every other bad feature."""
    higher = _higher_levels(level)
    coded = [record for record in records if record.parent_code]
    if not higher or not coded:
        return {record.row: None for record in coded}, []
    known = {}
    for unit in AdminUnit.current.filter(code__in={r.parent_code for r in coded}, level__in=higher):
        if unit.code not in known or RANK[unit.level] > RANK[known[unit.code].level]:
            known[unit.code] = unit
    parents, problems = {}, []
    for record in coded:
        unit = known.get(record.parent_code)
        if unit is None:
            problems.append(
                Problem(
                    file=name,
                    row=record.row,
                    code=record.code,
                    field=parent_field,
                    value=record.parent_code,
                    reason=_("no current unit of a higher level has this code."),
                    fix=_("Import the higher level first, or correct the parent code."),
                )
            )
        parents[record.row] = unit.pk if unit else None
    return parents, problems


def _parents_by_location(records: list[Record], level: str) -> dict[int, int | None]:
    """For records without a parent code: the current unit of a higher level that holds
    the record's point on surface (geometries in WGS 84)."""
    higher = _higher_levels(level)
    spatial = [record for record in records if not record.parent_code]
    if not higher or not spatial:
        return {record.row: None for record in spatial}
    points = [bytes(shapely.to_wkb(shapely.point_on_surface(r.geom))) for r in spatial]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.i, (SELECT p.id FROM geo_adminunit p"
            "  WHERE p.valid_to IS NULL AND p.level = ANY(%s)"
            "    AND ST_Covers(p.geom, ST_SetSRID(ST_GeomFromWKB(t.wkb), 4326))"
            "  ORDER BY geo_level_rank(p.level) DESC, p.code LIMIT 1)"
            " FROM unnest(%s::int[], %s::bytea[]) AS t(i, wkb)",
            [higher, [r.row for r in spatial], points],
        )
        return dict(cursor.fetchall())


def _same_geometry(stored: bytes, record: Record) -> bool:
    old = shapely.normalize(shapely.from_wkb(stored))
    return old.equals_exact(shapely.normalize(record.geom), tolerance=SAME_GEOMETRY_TOLERANCE)


def boundary_version_plan(
    *,
    records: list[Record],
    level: str,
    valid_from: datetime.date,
    name: str,
    parent_field: str = "parent",
    keep_population: bool = False,
) -> tuple[VersionPlan, list[Problem]]:
    """What importing ``records`` (geometries in WGS 84) would change, and the problems
    that forbid it (unknown parents, a ``valid_from`` not after the current version, a
    code whose earlier version is still valid then).

    ``keep_population``: the file has no population field, so stored populations stay
    (a replaced unit's new version starts without one: its area changed).
    """
    plan = VersionPlan(level=level, valid_from=valid_from, keep_population=keep_population)
    plan.parents, problems = parents_by_code(
        records=records, level=level, name=name, parent_field=parent_field
    )
    plan.parents |= _parents_by_location(records, level)
    codes = [r.code for r in records]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT code, id, name, kind, population, parent_id, valid_from, ST_AsBinary(geom)"
            " FROM geo_adminunit WHERE valid_to IS NULL AND level = %s AND code = ANY(%s)",
            [level, codes],
        )
        current = {row[0]: row[1:] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT code, max(valid_to) FROM geo_adminunit"
            " WHERE code = ANY(%s) AND valid_to > %s GROUP BY code",
            [codes, valid_from],
        )
        retired_later = dict(cursor.fetchall())
    for record in records:
        stored = current.get(record.code)
        if stored is None:
            if record.code in retired_later:
                until = retired_later[record.code].isoformat()
                problems.append(
                    Problem(
                        file=name,
                        row=record.row,
                        code=record.code,
                        field="valid_from",
                        value=valid_from.isoformat(),
                        reason=_("an earlier version of this code is valid until %(date)s.")
                        % {"date": until},
                        fix=_("Give --valid-from %(date)s or later.") % {"date": until},
                    )
                )
            plan.create.append(record)
            continue
        unit_id, old_name, kind, population, parent_id, old_from, wkb = stored
        if keep_population:
            record.population = population
        if not _same_geometry(bytes(wkb), record):
            if valid_from <= old_from:
                problems.append(
                    Problem(
                        file=name,
                        row=record.row,
                        code=record.code,
                        field="valid_from",
                        value=valid_from.isoformat(),
                        reason=_("the boundary changed but the current version is valid from %(date)s.")
                        % {"date": old_from.isoformat()},
                        fix=_("Give --valid-from a date after %(date)s (the day the new boundaries apply).")
                        % {"date": old_from.isoformat()},
                    )
                )
            plan.replace.append((unit_id, record))
        elif (old_name, kind, population, parent_id) != (
            record.name,
            record.kind,
            record.population,
            plan.parents.get(record.row),
        ):
            plan.update.append((unit_id, record))
        else:
            plan.unchanged += 1
    return plan, problems


@dataclass
class VersionResult:
    created: int = 0
    replaced: int = 0
    retired_absent: int = 0
    updated: int = 0
    unchanged: int = 0
    crosswalk_rows: int = 0
    places_moved: int = 0
    warnings: list[Problem] = field(default_factory=list)
    # (code, name) of the units each change concerns, for a dry run to list: "add" new
    # codes, "reshape" a new version of a changed boundary, "update" a new name, parent
    # or population, "retire" units absent from the file that the new ones cover.
    units: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def _new_unit(record: Record, plan: VersionPlan) -> AdminUnit:
    return AdminUnit(
        code=record.code,
        name=record.name,
        level=plan.level,
        kind=record.kind,
        parent_id=plan.parents.get(record.row),
        geom=GEOSGeometry(memoryview(shapely.to_wkb(record.geom)), srid=4326),
        population=None if plan.keep_population and record.code in plan.replaced_codes else record.population,
        valid_from=plan.valid_from,
    )


ABSENT_SQL = """
SELECT u.id, u.code, u.valid_from, u.name FROM geo_adminunit u
 WHERE u.valid_to IS NULL AND u.level = %(level)s AND NOT (u.code = ANY(%(codes)s))
   AND EXISTS (
       SELECT 1 FROM geo_adminunit n
        WHERE n.id = ANY(%(new)s) AND ST_Intersects(n.geom, u.geom)
          AND ST_Area(ST_Intersection(n.geom, u.geom)::geography)
              >= GREATEST(%(min_m2)s, %(min_share)s * u.area_m2))
"""


def boundary_version_apply(*, plan: VersionPlan, codes: list[str], name: str, progress=None) -> VersionResult:
    """Write ``plan``; the caller holds the transaction (a raise undoes everything)."""
    say = progress or (lambda text: None)
    result = VersionResult(unchanged=plan.unchanged)
    result.units = {
        "add": [(r.code, r.name) for r in plan.create],
        "reshape": [(r.code, r.name) for _id, r in plan.replace],
        "update": [(r.code, r.name) for _id, r in plan.update],
        "retire": [],
    }
    retired = [unit_id for unit_id, _record in plan.replace]
    AdminUnit.objects.filter(pk__in=retired).update(valid_to=plan.valid_from)
    new_units = AdminUnit.objects.bulk_create(
        [_new_unit(record, plan) for record in plan.create + [r for _i, r in plan.replace]], batch_size=500
    )
    new_ids = [unit.pk for unit in new_units]
    result.created, result.replaced = len(plan.create), len(plan.replace)
    say(_("wrote %(count)s new units") % {"count": len(new_ids)})
    for unit_id, record in plan.update:
        AdminUnit.objects.filter(pk=unit_id).update(
            name=record.name,
            kind=record.kind,
            population=record.population,
            parent_id=plan.parents.get(record.row),
        )
    result.updated = len(plan.update)
    if new_ids:
        with connection.cursor() as cursor:
            cursor.execute(
                ABSENT_SQL,
                {
                    "level": plan.level,
                    "codes": codes,
                    "new": new_ids,
                    "min_m2": SLIVER_M2,
                    "min_share": SLIVER_SHARE,
                },
            )
            absent = cursor.fetchall()
        too_late = [code for _id, code, since, _name in absent if since >= plan.valid_from]
        if too_late:
            raise BoundaryImportError.refused(
                name,
                _("units absent from the file would be retired before they began."),
                _("Give --valid-from a later date."),
                code=", ".join(too_late[:20]),
            )
        absent_ids = [row[0] for row in absent]
        result.units["retire"] = sorted((code, unit_name) for _id, code, _since, unit_name in absent)
        AdminUnit.objects.filter(pk__in=absent_ids).update(valid_to=plan.valid_from)
        result.retired_absent = len(absent_ids)
        retired += absent_ids
    if retired:
        result.warnings += successors_follow(retired=retired, name=name)
        result.crosswalk_rows = crosswalk_write(retired=retired)
        say(_("crosswalk: %(count)s old→new pairs") % {"count": result.crosswalk_rows})
    if new_ids:
        admin_units_border_refresh(unit_ids=new_ids)
        say(_("border facts derived"))
    if plan.level == Level.COMMUNE and (retired or new_ids):
        result.places_moved = communes_changed_send(sender=AdminUnit)
    return result
