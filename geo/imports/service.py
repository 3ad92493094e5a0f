"""The one entry point for importing a boundary file: the command and the upload page call
:func:`boundaries_import`. All or nothing: every problem of the file is reported at once
in ``BoundaryImportError`` and nothing is written; a good file is written in one
transaction.
"""

import datetime
from dataclasses import dataclass
from dataclasses import fields as fields_of
from pathlib import Path

import numpy as np
import shapely
from django.conf import settings
from django.db import DataError, IntegrityError, InternalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pyproj import Transformer

from core.timeouts import statement_timeout_local
from geo.imports.crs import bounds_text, crs_resolve, looks_like_vietnam_degrees, zone_guesses
from geo.imports.errors import BoundaryImportError
from geo.imports.limits import vertices_check
from geo.imports.reader import boundary_file_read
from geo.imports.validate import Record, fields_resolve, polygonal_part, records_check
from geo.imports.versioning import (
    VersionResult,
    boundary_version_apply,
    boundary_version_plan,
    parents_by_code,
)
from geo.models import BOUNDARY_DATE, AdminUnit, CountryOutline, Level
from geo.register import register_check
from geo.signals import boundaries_imported

__all__ = ["BoundaryImportReport", "boundaries_import", "vietnam_on_land"]


@dataclass(kw_only=True)
class BoundaryImportReport(VersionResult):
    """What an import did (the version's counts, plus the file's facts); ``warnings``
    lists repairs, conversions and assumptions."""

    file: str
    level: str
    features: int
    crs: str
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.created or self.replaced or self.retired_absent or self.updated)

    def changes_listed(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """(heading, units) of each kind of change, in the order a reader checks them."""
        headings = {
            "add": _("Units to add"),
            "retire": _("Units to retire (absent from the file, covered by the new ones)"),
            "reshape": _("Units whose boundary changes (a new version; figures kept on the old one)"),
            "update": _("Units renamed or with a new parent or population"),
        }
        return [(headings[key], self.units.get(key, [])) for key in headings]

    def summary(self) -> str:
        facts = {
            "file": self.file,
            "features": self.features,
            "crs": self.crs,
            "created": self.created,
            "replaced": self.replaced,
            "retired": self.retired_absent,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "crosswalk": self.crosswalk_rows,
            "places": self.places_moved,
        }
        if self.dry_run:
            return (
                _(
                    "%(file)s: %(features)s features (%(crs)s). Nothing was stored: importing would add "
                    "%(created)s units, make %(replaced)s new versions of changed units, retire %(retired)s "
                    "absent units and update %(updated)s; %(unchanged)s are unchanged."
                )
                % facts
            )
        return (
            _(
                "%(file)s: %(features)s features (%(crs)s); %(created)s new units, %(replaced)s new versions "
                "of changed units, %(retired)s absent units retired, %(updated)s updated, %(unchanged)s "
                "unchanged; %(crosswalk)s crosswalk pairs; %(places)s places moved to another commune."
            )
            % facts
        )


def vietnam_on_land():
    """``on_land(lon, lat)`` for Vietnam's outline (within about 5 km), or None without one."""
    outline = CountryOutline.objects.filter(iso3="VNM").values_list("geom", flat=True).first()
    if outline is None:
        return None
    area = shapely.from_wkb(bytes(outline.wkb))
    shapely.prepare(area)
    return lambda lon, lat: bool(shapely.dwithin(area, shapely.Point(lon, lat), 0.05))


def _to_wgs84(records: list[Record], crs, name: str, bounds, on_land=None) -> None:
    if crs.to_epsg() == 4326:
        return
    transformer = Transformer.from_crs(crs, 4326, always_xy=True)

    def move(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    for record in records:
        moved = shapely.transform(record.geom, move)
        if not moved.is_valid:  # a transform can fold a vertex onto an edge
            moved = polygonal_part(shapely.make_valid(moved)) or moved
        record.geom = moved
    if not records:
        return
    landed = shapely.total_bounds([record.geom for record in records])
    if not np.all(np.isfinite(landed)) or not looks_like_vietnam_degrees(landed):
        guesses = zone_guesses(bounds, on_land)
        fix = (
            _("Check the coordinate system; the coordinates fit --srid %(srid)s (%(name)s).")
            % {"srid": guesses[0].srid, "name": guesses[0].name}
            if guesses
            else _("Check the coordinate system given in the .prj or with --srid.")
        )
        raise BoundaryImportError.refused(
            name,
            _("read as %(crs)s the features land outside Vietnam.") % {"crs": crs.name},
            fix,
            field="bbox",
            value=bounds_text(landed),
        )


def boundaries_import(
    *,
    path: Path,
    level: str,
    code_field: str | None = None,
    name_field: str | None = None,
    parent_field: str | None = None,
    population_field: str | None = None,
    srid: int | None = None,
    valid_from: datetime.date | None = None,
    name: str | None = None,
    progress=None,
    dry_run: bool = False,
) -> BoundaryImportReport:
    """Import the units of ``level`` from the boundary file at ``path``.

    ``name`` is the file name used in messages; ``progress`` receives a line of text now
    and then. ``valid_from`` (default today) may lie up to a year ahead (``BOUNDARY_DATE``:
    a version is often announced before it applies). Raises ``BoundaryImportError``
    listing every problem; nothing is written then. ``dry_run``: the import is done and
    undone in its transaction, so the report (``units``: what would be added, retired
    and changed) is exactly what importing would do, and nothing is stored.
    """
    if level not in Level.values:
        raise ValueError(f"level must be one of {', '.join(Level.values)}")
    name = name or Path(path).name
    say = progress or (lambda text: None)
    valid_from = valid_from or timezone.localdate()
    if problem := BOUNDARY_DATE.problem(valid_from):
        raise BoundaryImportError.refused(
            name,
            _("valid from: %(problem)s") % {"problem": problem},
            _("Give the day these boundaries apply from."),
            field="valid_from",
            value=valid_from.isoformat(),
        )
    source = boundary_file_read(path=path, name=name)
    frame = source.frame
    say(_("read %(count)s features from %(file)s") % {"count": len(frame), "file": name})
    given = {"code": code_field, "name": name_field, "parent": parent_field, "population": population_field}
    fields, problems = fields_resolve(
        columns=list(frame.columns.drop("geometry")), level=level, given=given, name=name
    )
    if problems:
        raise BoundaryImportError(filename=name, problems=problems)
    vertices_check(frame=frame, fields=fields, name=name)  # before any repair or query
    geoms = [g for g in frame.geometry.values if g is not None and not g.is_empty]
    bounds = shapely.total_bounds(geoms) if geoms else (0.0, 0.0, 0.0, 0.0)
    on_land = vietnam_on_land()
    crs, warnings = crs_resolve(file_crs=source.crs, srid=srid, bounds=bounds, name=name, on_land=on_land)
    warnings = source.warnings + warnings
    records, problems, row_warnings = records_check(
        frame=frame, fields=fields, level=level, name=name, progress=say
    )
    warnings += row_warnings
    _parents, parent_problems = parents_by_code(
        records=records, level=level, name=name, parent_field=fields["parent"] or "parent"
    )
    register_problems, register_warnings = register_check(
        records=records, level=level, valid_from=valid_from, name=name
    )
    warnings += register_warnings
    parent_problems += register_problems
    if problems or parent_problems:
        problems = sorted(problems + parent_problems, key=lambda problem: problem.row or 0)
        raise BoundaryImportError(filename=name, problems=problems)
    _to_wgs84(records, crs, name, bounds, on_land)
    report = BoundaryImportReport(
        file=name, level=level, features=len(frame), crs=crs.name, warnings=warnings, dry_run=dry_run
    )
    try:
        result = _write(
            records=records,
            level=level,
            valid_from=valid_from,
            name=name,
            fields=fields,
            say=say,
            dry_run=dry_run,
        )
    except (IntegrityError, InternalError, DataError) as error:
        raise BoundaryImportError.refused(
            name,
            _("the database refused the new boundaries (%(error)s).")
            % {"error": str(error).strip().splitlines()[0][:300]},
            _("Nothing was written. Check the file's codes and geometries against the units stored."),
        ) from None
    for version_field in fields_of(VersionResult):
        if version_field.name != "warnings":
            setattr(report, version_field.name, getattr(result, version_field.name))
    report.warnings += result.warnings
    return report


@transaction.atomic
def _write(*, records: list[Record], level: str, valid_from, name: str, fields: dict, say, dry_run=False):
    """Plan and write the version in one transaction; any raise undoes everything, and
    so does ``dry_run`` once the result is known."""
    statement_timeout_local(settings.IMPORT_STATEMENT_TIMEOUT_MS)
    plan, problems = boundary_version_plan(
        records=records,
        level=level,
        valid_from=valid_from,
        name=name,
        parent_field=fields["parent"] or "parent",
        keep_population=not fields.get("population"),
    )
    if problems:
        raise BoundaryImportError(filename=name, problems=problems)
    say(
        _("%(create)s new, %(replace)s changed, %(update)s renamed, %(same)s unchanged")
        % {
            "create": len(plan.create),
            "replace": len(plan.replace),
            "update": len(plan.update),
            "same": plan.unchanged,
        }
    )
    result = boundary_version_apply(plan=plan, codes=[r.code for r in records], name=name, progress=say)
    changes = {key: getattr(result, key, 0) for key in ("created", "replaced", "retired_absent", "updated")}
    if dry_run:
        transaction.set_rollback(True)  # what the import would do is known; store none of it
        return result
    if any(changes.values()):  # a file that changes nothing leaves nothing, not even in the log
        boundaries_imported.send(
            sender=AdminUnit,
            file=name,
            level=level,
            valid_from=valid_from,
            row_count=len(records),
            changes=changes,
        )
    return result
