"""Import places (establishments, counselling points, treatment facilities, sensitive
sites) from a CSV or XLSX file, all or nothing and idempotent.

The file is read and checked first (:mod:`monitoring.imports.place_file`): if any row is
bad, ``ImportFileError`` lists every problem and nothing is written. A row whose natural
key (:mod:`monitoring.imports.place_kinds`) matches a stored place updates that place
when a field or the location differs, else leaves it alone; other rows are created.
"""

from dataclasses import dataclass
from pathlib import Path

from django.contrib.gis.geos import Point
from django.db import connection, transaction
from django.utils.translation import gettext as _

from monitoring.audit import audit_record, audit_snapshot
from monitoring.imports.place_file import PlaceRow, place_file_read
from monitoring.imports.place_kinds import KINDS
from monitoring.imports.problems import ImportFileError, Problem

__all__ = ["PlacesReport", "places_import"]


@dataclass(frozen=True)
class PlacesReport:
    created: int
    changed: int
    unchanged: int


def _outside(name: str, places: list[PlaceRow], allowed: set[int]) -> list[Problem]:
    """Rows whose point lies in no commune of ``allowed``."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT geo_commune_at(ST_SetSRID(ST_MakePoint(x, y), 4326))"
            " FROM unnest(%s::float8[], %s::float8[]) WITH ORDINALITY AS p(x, y, n) ORDER BY n",
            [[p.lon for p in places], [p.lat for p in places]],
        )
        communes = [row[0] for row in cursor.fetchall()]
    return [
        Problem(
            name,
            place.row,
            "lon,lat",
            f"{place.lon:.6f}, {place.lat:.6f}",
            _("outside your areas"),
            _("remove the row or ask an administrator to add the commune to your areas."),
        )
        for place, commune in zip(places, communes, strict=True)
        if commune not in allowed
    ]


def places_import(
    *, path: Path, kind: str, srid: int = 4326, allowed: set[int] | None = None
) -> PlacesReport:
    """Read ``path`` and store its places of ``kind``; ``allowed``: commune ids the
    importing user may write (None: everywhere). Raises ``ImportFileError``."""
    path = Path(path)
    spec = KINDS[kind]
    places = place_file_read(path=path, kind=spec, srid=srid)
    if allowed is not None:
        problems = _outside(path.name, places, allowed)
        if problems:
            raise ImportFileError(filename=path.name, problems=problems)
    model = spec.model
    with transaction.atomic():
        with connection.cursor() as cursor:  # two imports at once must not both create a place
            cursor.execute(f"LOCK TABLE {model._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
        fields = spec.names
        candidates = model.objects.filter(name__in={place.values["name"] for place in places})
        if "licence_number" in fields:
            licences = {place.values["licence_number"] for place in places} - {""}
            candidates = candidates | model.objects.filter(licence_number__in=licences)
        stored = {}
        for existing in candidates:
            values = {field: getattr(existing, field) for field in fields}
            stored.setdefault(spec.key(values, existing.location.x, existing.location.y), existing)
        created, changed, unchanged, seen = [], [], 0, set()
        for place in places:
            key = spec.key(place.values, place.lon, place.lat)
            if key in seen:
                unchanged += 1
                continue
            seen.add(key)
            location = Point(place.lon, place.lat, srid=4326)
            existing = stored.get(key)
            if existing is None:
                created.append(model(location=location, **place.values))
                continue
            differs = [f for f in fields if getattr(existing, f) != place.values[f]]
            moved = (round(existing.location.x, 6), round(existing.location.y, 6)) != (
                round(place.lon, 6),
                round(place.lat, 6),
            )
            if differs or moved:
                for field in differs:
                    setattr(existing, field, place.values[field])
                update = differs
                if moved:
                    existing.location = location
                    update = [*differs, "location"]
                existing.save(update_fields=update)
                changed.append(existing)
            else:
                unchanged += 1
        model.objects.bulk_create(created)
        if created or changed:
            audit_record(
                action="import",
                object_type=model._meta.label_lower,
                object_key=path.name,
                filter={"kind": kind, "srid": srid},
                row_count=len(places),
                after={"created": len(created), "changed": [audit_snapshot(place) for place in changed]},
            )
    return PlacesReport(created=len(created), changed=len(changed), unchanged=unchanged)
