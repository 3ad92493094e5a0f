"""Check every feature of a boundary file and turn it into clean records, reporting every
problem in one pass: missing or malformed codes, duplicates, names, populations,
non-polygon or empty geometries, and invalid geometries that cannot be repaired.

An invalid polygon is repaired with ``shapely.make_valid`` and kept (with a warning
naming the feature) only when the repair yields polygons whose area differs from the
original's by at most ``REPAIR_AREA_TOLERANCE`` (0.1 %); a bow-tie, whose signed area
nearly cancels, is refused.
"""

import math
import re
import unicodedata
from dataclasses import dataclass

import shapely
from django.utils.translation import gettext as _
from shapely.geometry import MultiPolygon, Polygon

from geo.imports.encodings import column_to_unicode
from geo.imports.errors import Problem
from geo.models import AdminUnit, CommuneKind, Level

__all__ = [
    "FIELD_NAMES",
    "REPAIR_AREA_TOLERANCE",
    "Record",
    "commune_kind",
    "fields_resolve",
    "polygonal_part",
    "records_check",
]

REPAIR_AREA_TOLERANCE = 0.001
CODE_MAX_LENGTH = AdminUnit._meta.get_field("code").max_length
NAME_MAX_LENGTH = AdminUnit._meta.get_field("name").max_length

# Field names provinces' files commonly use, tried in order (case-insensitive).
FIELD_NAMES = {
    "code": ("code", "ma", "ma_dvhc", "madvhc", "ma_xa", "maxa", "ma_huyen", "mahuyen", "ma_tinh", "matinh"),
    "name": ("name", "ten", "ten_dvhc", "tendvhc", "ten_xa", "tenxa", "ten_huyen", "tenhuyen", "ten_tinh"),
    "parent": ("parent_code", "parent", "ma_cha", "ma_cap_tren"),
    "population": ("population", "dan_so", "danso", "pop"),
}
LEVEL_CODE_FIELDS = {
    Level.COMMUNE: ("ma_xa", "maxa"),
    Level.DISTRICT: ("ma_huyen", "mahuyen"),
    Level.PROVINCE: ("ma_tinh", "matinh"),
}
KIND_PREFIXES = (
    (("phường", "p."), CommuneKind.PHUONG),
    (("thị trấn", "tt.", "tt"), CommuneKind.THI_TRAN),
    (("đặc khu",), CommuneKind.DAC_KHU),
)


@dataclass
class Record:
    """One checked feature, its geometry a MultiPolygon in the file's CRS."""

    row: int
    code: str
    name: str
    parent_code: str | None
    population: int | None
    kind: str
    geom: MultiPolygon


def commune_kind(name: str) -> str:
    """A commune's kind from its name's prefix: "Phường …" → ward, "Thị trấn …" → township."""
    lowered = name.lower().strip()
    for prefixes, kind in KIND_PREFIXES:
        for prefix in prefixes:
            rest = lowered[len(prefix) : len(prefix) + 1]
            if lowered.startswith(prefix) and (prefix.endswith(".") or rest in ("", " ")):
                return kind
    return CommuneKind.XA


def fields_resolve(*, columns: list[str], level: str, given: dict[str, str | None], name: str):
    """Map roles (code, name, parent, population) to the file's columns, and problems."""
    by_lower = {column.lower(): column for column in columns}
    resolved, problems = {}, []
    for role in ("code", "name", "parent", "population"):
        wanted = given.get(role)
        if wanted:
            column = by_lower.get(wanted.lower())
            if column is None:
                problems.append(
                    Problem(
                        file=name,
                        field=wanted,
                        reason=_("no such field in the file (fields: %(fields)s).")
                        % {"fields": ", ".join(columns) or "—"},
                        fix=_("Give --%(role)s-field with one of the file's fields.") % {"role": role},
                    )
                )
            resolved[role] = column
            continue
        guesses = FIELD_NAMES[role]
        if role == "code":
            guesses = LEVEL_CODE_FIELDS.get(level, ()) + guesses
        resolved[role] = next((by_lower[g] for g in guesses if g in by_lower), None)
        if resolved[role] is None and role in ("code", "name"):
            problems.append(
                Problem(
                    file=name,
                    field=role,
                    reason=_("the file has no %(role)s field (fields: %(fields)s).")
                    % {"role": role, "fields": ", ".join(columns) or "—"},
                    fix=_("Name the field that holds it with --%(role)s-field.") % {"role": role},
                )
            )
    return resolved, problems


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def _population(value, problem) -> int | None:
    text = _text(value)
    if not text:
        return None
    try:
        number = (
            float(text.replace(" ", "").replace(",", "")) if not isinstance(value, int | float) else value
        )
    except ValueError:
        problem(
            _("not a number."), _("Write the population as a whole number, e.g. 12345, or leave it empty.")
        )
        return None
    if not math.isfinite(number) or number < 0 or number != int(number) or number > 2**31 - 1:
        problem(
            _("not a whole number of zero or more."), _("Write the population as a whole number, e.g. 12345.")
        )
        return None
    return int(number)


def polygonal_part(geom):
    """The polygonal part of ``geom`` as a MultiPolygon, or None when it has none."""
    if geom is None or geom.is_empty:
        return None
    if isinstance(geom, Polygon):
        return MultiPolygon([geom])
    if isinstance(geom, MultiPolygon):
        return geom
    parts = [part for part in getattr(geom, "geoms", []) if isinstance(part, Polygon | MultiPolygon)]
    polygons = [p for part in parts for p in (part.geoms if isinstance(part, MultiPolygon) else [part])]
    return MultiPolygon(polygons) if polygons else None


def _geometry(geom, problem, warn):
    if geom is None or geom.is_empty:
        problem(_("the feature has no geometry."), _("Draw the unit's boundary or remove the feature."))
        return None
    geom = shapely.force_2d(geom)
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        kind = geom.geom_type
        if kind == "GeometryCollection" and polygonal_part(geom) is not None:
            warn(_("a geometry collection; only its polygons were kept."))
            geom = polygonal_part(geom)
        else:
            problem(
                _("the geometry is a %(kind)s, not a polygon.") % {"kind": kind},
                _("Boundaries must be polygons: export the unit areas, not their points or lines."),
            )
            return None
    if geom.is_valid:
        return polygonal_part(geom)
    why = shapely.is_valid_reason(geom)
    repaired = polygonal_part(shapely.make_valid(geom))
    before = abs(geom.area)
    if repaired is None or repaired.is_empty:
        problem(
            _("invalid geometry (%(why)s) that has no area once repaired.") % {"why": why},
            _("Redraw the boundary in a GIS (QGIS: Vector ▸ Geometry Tools ▸ Check Validity)."),
        )
        return None
    change = abs(repaired.area - before) / max(repaired.area, before)
    if change > REPAIR_AREA_TOLERANCE:
        problem(
            _("invalid geometry (%(why)s); repairing it changes its area by %(change).1f%%.")
            % {"why": why, "change": 100 * change},
            _(
                "Fix the self-intersection in a GIS (QGIS: Vector ▸ Geometry Tools ▸ Check Validity) and "
                "export again."
            ),
        )
        return None
    warn(
        _("invalid geometry (%(why)s) repaired; its area changed by %(change).3f%%.")
        % {"why": why, "change": 100 * change}
    )
    return repaired


def records_check(*, frame, fields: dict, level: str, name: str, progress=None):
    """Checked ``Record``s of ``frame`` with the problems and warnings of every feature."""
    problems, warnings, records = [], [], []
    names, name_encoding = column_to_unicode([_text(v) or None for v in frame[fields["name"]]])
    if name_encoding:
        warnings.append(
            Problem(
                file=name,
                field=fields["name"],
                reason=_("names were written in the legacy %(encoding)s encoding; converted to Unicode.")
                % {"encoding": name_encoding.upper()},
            )
        )
    parents = [None] * len(frame)
    if fields.get("parent"):
        parents, _enc = column_to_unicode([_text(v) or None for v in frame[fields["parent"]]])
    seen: dict[str, int] = {}
    geometries = frame.geometry.values
    codes = frame[fields["code"]].tolist()
    populations = frame[fields["population"]].tolist() if fields.get("population") else [None] * len(frame)
    kind_column = next((column for column in frame.columns if str(column).lower() == "kind"), None)
    kinds = frame[kind_column].tolist() if kind_column is not None else [None] * len(frame)
    total = len(frame)
    for index in range(total):
        row = index + 1
        if progress and (row % 1000 == 0 or row == total):
            progress(
                _("checked %(done)s of %(total)s features (%(percent)s%%)")
                % {"done": row, "total": total, "percent": 100 * row // total}
            )
        code = _text(codes[index])
        bad_before = len(problems)

        def problem(reason, fix, field="", value="", row=row, code=code):
            problems.append(
                Problem(file=name, row=row, code=code, field=field, value=value, reason=reason, fix=fix)
            )

        def warn(reason, row=row, code=code):
            warnings.append(Problem(file=name, row=row, code=code, field="geometry", reason=reason))

        if not code:
            problem(_("the code is missing."), _("Write the unit's official code."), fields["code"], "")
        elif not re.fullmatch(r"[0-9A-Za-z]+", code) or len(code) > CODE_MAX_LENGTH:
            problem(
                _("not an official code (letters and digits, at most %(max)s).") % {"max": CODE_MAX_LENGTH},
                _("Write the code as in QĐ 19/2025/QĐ-TTg, e.g. 20308."),
                fields["code"],
                code,
            )
        elif code in seen:
            problem(
                _("the same code as feature %(first)s.") % {"first": seen[code]},
                _("Each unit appears once: merge the two features or correct one of the codes."),
                fields["code"],
                code,
            )
        else:
            seen[code] = row
        unit_name = (names[index] or "").strip()
        if not unit_name:
            problem(_("the name is missing."), _("Write the unit's name."), fields["name"], "")
        elif len(unit_name) > NAME_MAX_LENGTH:
            problem(
                _("longer than %(max)s characters.") % {"max": NAME_MAX_LENGTH},
                _("Shorten the name."),
                fields["name"],
                unit_name,
            )
        population = None
        if fields.get("population"):
            raw = populations[index]
            population = _population(
                raw,
                lambda reason, fix, raw=raw: problem(reason, fix, fields["population"], _text(raw)),
            )
        geom = _geometry(
            geometries[index],
            lambda reason, fix, geom=geometries[index]: problem(
                reason, fix, "geometry", getattr(geom, "geom_type", "")
            ),
            warn,
        )
        if len(problems) == bad_before:
            kind = ""
            if level == Level.COMMUNE:
                given_kind = _text(kinds[index]).lower()
                kind = given_kind if given_kind in CommuneKind.values else commune_kind(unit_name)
            parent = (parents[index] or "").strip() or None
            records.append(Record(row, code, unit_name, parent, population, kind, geom))
    return records, problems, warnings
