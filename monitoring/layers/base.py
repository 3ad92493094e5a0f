"""What a layer is: its rows (SQL over one table aliased ``t``), its properties, its
geometry, the permission it needs, its filters and how a user's areas limit it.

A layer composes one ``Selection`` (a ``WHERE`` clause and its parameters) from the
request's filters and the user's scope; every format and channel then selects the same
declarative properties with it, so names and values never differ between GeoJSON, CSV,
XLSX, GeoPackage, the REST API and the OGC API.

SQL here is assembled only from constants of the layer modules; values always travel as
query parameters.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from monitoring.establishments.filters import FilterError

__all__ = ["Field", "Layer", "Selection", "bbox_param", "codes_param", "month_param"]

FIELD_TYPES = ("integer", "number", "string", "boolean", "date")


@dataclass(frozen=True)
class Field:
    """One property: its contract name, the SQL that computes it, its type."""

    name: str
    sql: str
    type: str = "string"

    def __post_init__(self) -> None:
        if self.type not in FIELD_TYPES:
            raise ValueError(f"{self.name}: type {self.type!r} is not one of {FIELD_TYPES}")


@dataclass
class Selection:
    """``WHERE`` conditions (ANDed) and their parameters; ``described`` is the filter as
    written into the file's metadata, ``period`` the period it covers if any."""

    conditions: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)
    described: dict = field(default_factory=dict)
    period: str | None = None

    def add(self, condition: str, *params) -> None:
        self.conditions.append(condition)
        self.params.extend(params)

    def where(self) -> str:
        return " AND ".join(f"({c})" for c in self.conditions) or "TRUE"


class Layer:
    """Base class of a layer. Subclasses set the attributes and ``select``."""

    name: str = ""
    title: str = ""
    permission: str = ""
    from_sql: str = ""
    key: str = "t.id"
    properties: tuple[Field, ...] = ()
    geometry: str | None = None  # SQL of the geometry column (WGS 84)
    geometry_type: str | None = None  # Point, MultiPolygon, MultiLineString or None
    order_by: str = "t.id"
    filter_keys: tuple[str, ...] = ()
    ignored_keys: tuple[str, ...] = ("format", "page", "sort", "public")
    data_date_sql: str | None = None  # an aggregate over the selected rows, e.g. max(t.valid_from)
    # Small-count protection (monitoring.disclosure) of one property, for layers of counts:
    # the group of sibling cells (SQL of its key columns), rows that may form groups, and
    # whether a row's indicator is sensitive.
    protected_field: str | None = None
    group_sql: tuple[str, ...] = ()
    group_base_sql: str = "TRUE"
    sensitive_sql: str = "TRUE"
    source: str = ""
    attribution: str = ""
    reports_completeness: bool = False  # rows are monthly reports: metadata states the share reported

    def select(self, params: Mapping[str, str], *, scope) -> Selection:
        """The rows a user with ``scope`` (``None``: everything, else a list of units)
        asked for with ``params``; raises ``FilterError`` on bad input."""
        raise NotImplementedError

    def check_keys(self, params: Mapping[str, str]) -> None:
        for key in params:
            if key not in self.filter_keys and key not in self.ignored_keys:
                raise FilterError(
                    key,
                    params[key],
                    _("this layer has no such filter; use one of %(keys)s.")
                    % {"keys": ", ".join(self.filter_keys) or "—"},
                )

    def property_names(self) -> list[str]:
        return [f.name for f in self.properties]

    def __repr__(self) -> str:
        return f"<Layer {self.name}>"


def codes_param(params: Mapping[str, str], key: str) -> list[str]:
    """Comma-separated codes (``commune=01001,01002``; repeated keys are joined)."""
    raw = params.getlist(key) if hasattr(params, "getlist") else [params.get(key) or ""]
    return [code.strip() for item in raw for code in str(item).split(",") if code.strip()]


def bbox_param(params: Mapping[str, str]) -> tuple[float, float, float, float] | None:
    text = params.get("bbox")
    if not text:
        return None
    try:
        minlon, minlat, maxlon, maxlat = (float(v) for v in text.split(","))
    except ValueError:
        raise FilterError("bbox", text, _("write minlon,minlat,maxlon,maxlat.")) from None
    if not (minlon < maxlon and minlat < maxlat):
        raise FilterError("bbox", text, _("the minimum must be below the maximum."))
    return minlon, minlat, maxlon, maxlat


def month_param(params: Mapping[str, str], key: str) -> datetime.date | None:
    text = (params.get(key) or "").strip()
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(f"{text}-01" if len(text) == 7 else text).replace(day=1)
    except ValueError:
        raise FilterError(key, text, _("write the month as YYYY-MM.")) from None
