"""One export, the same for the web and the command line: a layer, the rows a user asked
for within their areas, whether small counts are protected, and the file's metadata.

    export = export_prepare(layer_name="communes", params={"parent_code": "123"}, user=None)
    for chunk in export_chunks(export, fmt=format_get("geojson")):
        ...

``export_prepare`` does every check (layer, permission, filters) before a byte is
written, so a bad request gets a clear 4xx and never a half-written file.
"""

import datetime
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from geo import geojson
from geo.areas import Area
from monitoring import disclosure
from monitoring.exports import query
from monitoring.figures.completeness import reporting_by_month
from monitoring.layers import Field, Layer, Selection, layer_get
from monitoring.layers.base import PERIOD_COMPLETE, REPORTING_SHARE, codes_param
from monitoring.quality.approval import approval_state

__all__ = ["Export", "export_prepare"]


@dataclass
class Export:
    layer: Layer
    selection: Selection
    protect: bool
    threshold: int
    areas: list[str] | None
    generated_at: datetime.datetime
    user: object = None
    channel: str = "web"
    progress: Callable[[int], None] | None = None
    rows_written: int = field(default=0)
    unit_ids: frozenset[int] | None = None  # the user's areas (None: everything)
    params: Mapping[str, str] = field(default_factory=dict)

    @property
    def protected(self) -> bool:
        """Whether values are post-processed by small-count protection."""
        return self.protect and self.layer.protected_field is not None

    @property
    def fields(self) -> list[Field]:
        """The layer's properties; a protected value becomes text ("<5", "x")."""
        fields = self.layer.fields(query.CHANNEL)
        if not self.protected:
            return list(fields)
        return [replace(f, type="string") if f.sensitive else f for f in fields]

    def advance(self, rows: int) -> None:
        self.rows_written += rows
        if self.progress is not None:
            self.progress(self.rows_written)

    def metadata(self) -> dict:
        layer = self.layer
        day = query.data_date(layer, self.selection)
        meta = {
            "layer": layer.name,
            "title": str(layer.title),
            "filter": self.selection.described,
            "period": self.selection.period,
            "data_date": day.isoformat() if day else None,
            "source": layer.source,
            "attribution": layer.attribution,
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
            "areas": self.areas,
            "crs": "EPSG:4326" if layer.geometry else None,
        }
        if layer.reports_completeness:
            meta["reporting"] = self.reporting
            months = [datetime.date.fromisoformat(f"{row['period']}-01") for row in meta["reporting"]]
            meta["approval"] = approval_state(
                months=months, key=self.selection.period, unit_ids=self.unit_ids
            ).metadata()
        if layer.protected_field:
            meta["small_count_protection"] = (
                {
                    "threshold": self.threshold,
                    "rule": _(
                        "Values %(low)s to %(high)s of sensitive indicators are shown as “%(marker)s”;"
                        " where that hides a single cell of a group with a published total, the group's"
                        " next-smallest non-zero cell is shown as “x”, and so is one cell of a group"
                        " whose parent's figure is hidden."
                    )
                    % {
                        "low": 1,
                        "high": self.threshold - 1,
                        "marker": disclosure.small_count_marker(self.threshold),
                    },
                }
                if self.protected
                else None
            )
        return meta

    @cached_property
    def reporting(self) -> list[dict] | None:
        """Per month of the export, the communes expected and reported (the export's
        communes: the user's areas, narrowed to the ``unit`` filter), the share and
        whether the month is complete; ``None`` for a layer that is not monthly reports."""
        if not self.layer.reports_completeness:
            return None
        unit_ids = self.unit_ids
        if codes := codes_param(self.params, "unit"):
            chosen = Area.of_codes(codes).unit_ids() or frozenset()
            unit_ids = chosen if unit_ids is None else chosen & unit_ids
        return reporting_by_month(
            period=self.selection.period,
            indicator_codes=self.selection.described.get("indicator"),
            unit_ids=unit_ids,
        )

    def _reporting_filled(self, names: list[str], chunks: Iterator[list[tuple]]) -> Iterator[list[tuple]]:
        """The rows with their month's share and completeness in the reporting columns."""
        if not self.layer.reports_completeness:
            yield from chunks
            return
        period, share, complete = (names.index(n) for n in ("period", REPORTING_SHARE, PERIOD_COMPLETE))
        months = {m["period"]: (m["share_percent"], m["complete"]) for m in self.reporting}
        for rows in chunks:
            filled = []
            for row in rows:
                row = list(row)
                row[share], row[complete] = months.get(row[period], (None, False))
                filled.append(tuple(row))
            yield filled

    def feature_chunks(self) -> Iterator[list[str]]:
        """GeoJSON Feature texts in chunks."""
        if not self.protected and not self.layer.reports_completeness:
            sql, params = query.feature_sql(self.layer, self.selection)
            for rows in query.fetch_chunks(sql, params):
                yield [row[0] for row in rows]
            return
        names = self.layer.property_names(query.CHANNEL)
        n = len(names)
        for rows in self.row_chunks(geometry="geojson"):
            yield [
                geojson.feature(
                    geometry=row[n] if self.layer.geometry and row[n] else None,
                    properties=dict(zip(names, row[:n], strict=True)),
                )
                for row in rows
            ]

    def row_chunks(self, *, geometry: str | None) -> Iterator[list[tuple]]:
        """Rows (properties, then the geometry columns) in chunks."""
        names = self.column_names(geometry=geometry)
        if not self.protected:
            _names, sql, params = query.columns_sql(self.layer, self.selection, geometry=geometry)
            yield from self._reporting_filled(names, query.fetch_chunks(sql, params))
            return
        yield from self._reporting_filled(names, self._protected_chunks(geometry))

    def column_names(self, *, geometry: str | None) -> list[str]:
        return query.columns_sql(self.layer, self.selection, geometry=geometry)[0]

    def _protected_chunks(self, geometry: str | None) -> Iterator[list[tuple]]:
        names, sql, params = query.columns_sql(self.layer, self.selection, geometry=geometry, protect=True)
        width = len(names)
        at = self.layer.property_names(query.CHANNEL).index(self.layer.protected_field)
        protection = disclosure.disclosure_for(public=True, threshold=self.threshold)
        group: list[tuple] = []
        key = None

        def flush() -> list[tuple]:
            rows = group
            if rows and rows[0][width + 1]:  # a sensitive indicator: its cells as every channel shows them
                shown = protection.case_counts(r[width + 3] for r in rows if r[width])
                rows = [(*r[:at], shown.get(r[width + 3], r[at]), *r[at + 1 :]) for r in rows]
            return [r[:width] for r in rows if r[width]]

        for rows in query.fetch_chunks(sql, params):
            out = []
            for row in rows:
                if row[width + 2] != key:
                    out += flush()
                    group, key = [], row[width + 2]
                group.append(row)
            if out:
                yield out
        if last := flush():
            yield last


def export_prepare(
    *,
    layer_name: str,
    params: Mapping[str, str],
    user=None,
    public: bool = False,
    channel: str = "web",
    progress: Callable[[int], None] | None = None,
) -> Export:
    """Check and compose an export. ``user=None`` is a command-line run with full access;
    ``channel`` ("web", "command", "public", …) is recorded by the audit log.

    Raises ``LayerNotFound`` (404), ``PermissionDenied`` (403) or ``FilterError`` (400)."""
    layer = layer_get(layer_name)
    if user is not None and not user.has_perm(layer.permission):
        raise PermissionDenied(
            _("Your account may not export the layer “%(layer)s” (it needs the permission %(perm)s).")
            % {"layer": layer.name, "perm": layer.permission}
        )
    scope = Area.everything() if user is None else Area.of(user)
    selection = layer.select(params, scope=scope)
    protection = disclosure.disclosure_for(user=user, public=public)
    return Export(
        layer=layer,
        selection=selection,
        protect=protection.protect,
        threshold=protection.threshold,
        areas=scope.codes(),
        generated_at=timezone.now(),
        user=user,
        channel=channel,
        progress=progress,
        unit_ids=scope.unit_ids(),
        params=params,
    )
