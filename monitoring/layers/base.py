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
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import TextField
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _
from django.utils.translation import override

from monitoring.establishments.filters import FilterError, bbox_parse
from monitoring.layers.labels import LABELS
from monitoring.services.case_counts import month_closed_problem

__all__ = [
    "CHANNELS",
    "PERIOD_COMPLETE",
    "REPORTING_SHARE",
    "Field",
    "Layer",
    "Selection",
    "bbox_param",
    "codes_param",
    "month_param",
    "reporting_fields",
]

FIELD_TYPES = ("integer", "number", "string", "boolean", "date")
#: Where a layer's features are read: the map pages' JSON, the pages' exports, the REST
#: API, the OGC API, the vector tiles and the export files (``/exports``, ``manage.py export``).
CHANNELS = ("page", "page_export", "rest", "ogc", "tile", "export")


@dataclass(frozen=True)
class Field:
    """One property: its contract name, the SQL that computes it (over the layer's
    ``from_sql``), its type, its label (English msgid, translated to Vietnamese; by
    default the label of the name in ``labels.LABELS``), whether small-count protection
    applies to it (``sensitive``), the channels that leave it out (``omit``, e.g. tiles
    kept small) and, when clients may filter on it (OGC queryables, REST), its ORM lookup.

        Field("staff", "t.staff", "integer", lookup="staff")
    """

    name: str
    sql: str
    type: str = "string"
    label: object = None
    sensitive: bool = False
    omit: frozenset = frozenset()
    lookup: str | None = None

    def __post_init__(self) -> None:
        if self.type not in FIELD_TYPES:
            raise ValueError(f"{self.name}: type {self.type!r} is not one of {FIELD_TYPES}")
        if unknown := set(self.omit) - set(CHANNELS):
            raise ValueError(f"{self.name}: omit names unknown channels {sorted(unknown)}")
        if self.label is None:
            object.__setattr__(self, "label", LABELS.get(self.name, self.name))

    @property
    def label_vi(self) -> str:
        with override("vi"):
            return str(self.label)

    @property
    def label_en(self) -> str:
        with override("en"):
            return str(self.label)


#: The columns that say, on every row of a layer of monthly reports, how complete its month
#: is (``Layer.reports_completeness``). The export fills them from the same reporting facts
#: as its metadata (``monitoring.figures.completeness.reporting_by_month``), so a CSV or a
#: spreadsheet, which has no place every reader sees for metadata, states them too.
REPORTING_SHARE, PERIOD_COMPLETE = "reporting_share", "period_complete"


def reporting_fields() -> tuple[Field, Field]:
    """The two reporting columns, in export files only (the REST API and the OGC API answer
    one request for any month and carry the share nowhere else either)."""
    others = frozenset(CHANNELS) - {"export"}
    return (
        Field(REPORTING_SHARE, "NULL::float8", "number", omit=others),
        Field(PERIOD_COMPLETE, "NULL::boolean", "boolean", omit=others),
    )


@dataclass
class Selection:
    """``WHERE`` conditions (ANDed) and their parameters; ``described`` is the filter as
    written into the file's metadata, ``period`` the period it covers if any."""

    conditions: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)
    described: dict = field(default_factory=dict)
    period: str | None = None
    #: ``(sql, params)`` of a query of the selected keys (one column), while the
    #: selection is exactly "the key is among them" (``add_keys`` alone); None otherwise.
    key_query: tuple[str, list] | None = None

    def add(self, condition: str, *params) -> None:
        self.conditions.append(condition)
        self.params.extend(params)
        self.key_query = None

    def add_keys(self, key: str, sql: str, params) -> None:
        """Rows whose ``key`` is among those the one-column query ``sql`` selects."""
        alone = not self.conditions
        self.add(f"{key} IN ({sql})", *params)
        if alone:
            self.key_query = (sql, list(params))

    def where(self) -> str:
        return " AND ".join(f"({c})" for c in self.conditions) or "TRUE"

    def count_sql(self, from_sql: str) -> tuple[str, list]:
        """The number of rows selected from ``from_sql`` (a layer's, whose joins add at
        most one row to each of its rows). A key query is counted alone, its distinct
        keys (a join in it may repeat one): the layer's joins and a semi-join over the
        whole table cost several times the count (35,224 establishments of a map extent:
        246 ms against 34 ms)."""
        if self.key_query is not None:
            sql, params = self.key_query
            # The ORM's SQL and the layer's constants; every value is a parameter.
            return f"SELECT count(DISTINCT k) FROM ({sql}) AS selected(k)", list(params)  # noqa: S608
        return f"SELECT count(*) FROM {from_sql} WHERE {self.where()}", list(self.params)  # noqa: S608


class PropertiesText(TextField):
    """JSON text read back as a dict in the database's key order (``jsonb`` would sort)."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else json.loads(value)


class Layer:
    """Base class of a layer. Subclasses set the attributes and ``select``."""

    name: str = ""
    title: str = ""
    description: str = ""
    permission: str = ""
    channels: frozenset = frozenset({"rest", "export"})  # where the layer is offered (``CHANNELS``)
    id_property: str = "id"  # the property that identifies a feature (its value is ``key``)
    tile_min_zoom: int = 0
    tile_max_zoom: int = 22  # the deepest zoom a tile is served at (TileJSON ``maxzoom``)
    from_sql: str = ""
    key: str = "t.id"
    properties: tuple[Field, ...] = ()
    geometry: str | None = None  # SQL of the geometry column (WGS 84)
    geometry_type: str | None = None  # Point, MultiPolygon, MultiLineString or None
    order_by: str = "t.id"
    filter_keys: tuple[str, ...] = ()
    ignored_keys: tuple[str, ...] = ("format", "page", "sort", "public")
    data_date_sql: str | None = None  # an aggregate over the selected rows, e.g. max(t.valid_from)
    # Small-count protection (monitoring.disclosure) of the ``sensitive`` property, for
    # layers of counts: the group of sibling cells (SQL of its key columns), rows that may
    # form groups, and whether a row's indicator is sensitive.
    group_sql: tuple[str, ...] = ()
    group_base_sql: str = "TRUE"
    sensitive_sql: str = "TRUE"
    source: str = ""
    attribution: str = ""
    # Rows are monthly reports: an export's metadata states the share reported per month
    # and its rows end with ``reporting_fields()`` (the layer adds them to ``properties``).
    reports_completeness: bool = False
    # ORM channels (OGC API filters and sorting): the expression of each ``lookup`` that is
    # no column of the model, as a factory (the same value as the field's SQL).
    orm_annotations: Mapping = {}

    def select(self, params: Mapping[str, str], *, scope) -> Selection:
        """The rows a user with ``scope`` (a ``geo.areas.Area``) asked for with
        ``params``; raises ``FilterError`` on bad input."""
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

    @property
    def protected_field(self) -> str | None:
        """The property small-count protection applies to (at most one per layer)."""
        return next((f.name for f in self.properties if f.sensitive), None)

    def offered(self, channel: str) -> bool:
        return channel in self.channels

    def fields(self, channel: str = "export") -> tuple[Field, ...]:
        """The properties ``channel`` carries, in the contract's order."""
        return tuple(f for f in self.properties if channel not in f.omit)

    def property_names(self, channel: str = "export") -> list[str]:
        return [f.name for f in self.fields(channel)]

    def field_get(self, name: str) -> Field:
        return next(f for f in self.properties if f.name == name)

    def queryables(self) -> dict[str, Field]:
        """Properties clients may filter on (OGC queryables, REST filters)."""
        return {f.name: f for f in self.properties if f.lookup}

    def annotated(self, rows):
        """``rows`` (an ORM queryset of the layer's table) with the ``orm_annotations``;
        unused ones cost nothing (Django leaves them out of counts and ``values``)."""
        return (
            rows.annotate(**{name: make() for name, make in self.orm_annotations.items()})
            if self.orm_annotations
            else rows
        )

    def properties_json_sql(self, channel: str) -> str:
        """SQL of the JSON object of the properties of one row (``json_build_object``
        takes at most 100 arguments: enough for 50 properties)."""
        pairs = ", ".join(f"'{f.name}', {f.sql}" for f in self.fields(channel))
        return f"json_build_object({pairs})"

    def properties_annotation(self, channel: str, model) -> RawSQL:
        """The properties of each row of an ORM queryset of ``model`` (the layer's table),
        computed by the layer's own SQL: ORM channels (REST, OGC) carry the same values.
        The outer row is named by its table (the layer aliases its own as ``t``)."""
        table = model._meta.db_table
        return RawSQL(  # noqa: S611 - constants of the layer modules, no values
            f"(SELECT {self.properties_json_sql(channel)}::text FROM {self.from_sql}"  # noqa: S608
            f' WHERE t.id = "{table}"."id")',
            (),
            output_field=PropertiesText(),
        )

    def __repr__(self) -> str:
        return f"<Layer {self.name}>"


def codes_param(params: Mapping[str, str], key: str) -> list[str]:
    """Comma-separated codes (``commune=01001,01002``; repeated keys are joined)."""
    raw = params.getlist(key) if hasattr(params, "getlist") else [params.get(key) or ""]
    return [code.strip() for item in raw for code in str(item).split(",") if code.strip()]


def bbox_param(params: Mapping[str, str]) -> tuple[float, float, float, float] | None:
    return bbox_parse(params.get("bbox"))


def month_param(params: Mapping[str, str], key: str) -> datetime.date | None:
    """The month of ``params[key]`` (``YYYY-MM``), ``None`` when blank. A month no figure
    can be given for (``month_closed_problem``: after the last open month or before the
    earliest) is refused with the bound, as when writing one."""
    text = (params.get(key) or "").strip()
    if not text:
        return None
    try:
        month = datetime.date.fromisoformat(f"{text}-01" if len(text) == 7 else text).replace(day=1)
    except ValueError:
        raise FilterError(key, text, _("write the month as YYYY-MM.")) from None
    if problem := month_closed_problem(month):
        raise FilterError(key, text, problem)
    return month
