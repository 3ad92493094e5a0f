"""GeoJSON export of what the risk map shows (RFC 7946: WGS 84, lon/lat, right-hand
rings): the units with the properties of their layer (``monitoring.layers``) and the
value shown, carrying the period, measure, class breaks, data date, source and attribution
as foreign members of the FeatureCollection."""

import json

from django.db import connection
from django.utils import timezone

from core.errors import BadInput
from frontend.risk_map.choropleth import Choropleth
from frontend.risk_map.query import RiskQuery
from geo.geojson import feature, feature_collection
from geo.models import Level
from monitoring.figures.hotspots.map_measure import map_measure_metadata
from monitoring.figures.values import hotspot_result
from monitoring.layers import COMMUNES, DISTRICTS
from monitoring.models import Indicator

__all__ = ["geojson_export"]

CHANNEL = "page_export"

ATTRIBUTION = "Boundaries of the demo province and the land border: © OpenStreetMap contributors (ODbL 1.0)"


UNIT_LAYERS = {Level.COMMUNE: COMMUNES, Level.DISTRICT: DISTRICTS}


def _unit_features(layer, unit_ids: list[int]) -> dict[int, tuple[str, dict]]:
    """Unit id → (geometry as GeoJSON text, the layer's ``page_export`` properties)."""
    geometry = f"ST_AsGeoJSON(ST_ForcePolygonCCW({layer.geometry}), 6)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT t.id, {geometry}, {layer.properties_json_sql(CHANNEL)}::text"  # noqa: S608 - layer constants
            f" FROM {layer.from_sql} WHERE t.id = ANY(%s)",
            [unit_ids],
        )
        return {unit_id: (shape, json.loads(props)) for unit_id, shape, props in cursor.fetchall()}


def _statistics(query: RiskQuery, layer: Choropleth) -> dict[int, dict]:
    """Unit id → ``z_score``, ``p_value`` (and ``trend`` for emerging hot spots) of a
    hot-spot measure, computed as the map computed its categories; empty otherwise."""
    if query.measure.kind not in ("hotspots", "emerging"):
        return {}
    indicator = Indicator.objects.get(code=query.measure.indicator)
    try:
        result = hotspot_result(
            measure=query.measure, indicator=indicator, period=query.period, units=layer.units
        )
    except BadInput:
        return {}
    rounded = lambda v: None if v is None else round(v, 4)  # noqa: E731
    return {
        r.unit_id: {"z_score": rounded(r.z_score), "p_value": rounded(r.p_value)}
        | ({"trend": r.trend} if query.measure.kind == "emerging" else {})
        for r in result.rows
    }


def geojson_export(query: RiskQuery, layer: Choropleth) -> str:
    """The units the map shows with the unit layer's properties, then ``value`` (what the
    map shows, protected as on the map) and ``class`` (its legend class)."""
    units = _unit_features(UNIT_LAYERS[query.level], [u.id for u in layer.units])
    legend = {entry.colour: entry.key for entry in layer.legend}
    shown = {f["properties"]["code"]: f["properties"] for f in layer.collection["features"]}
    statistics = _statistics(query, layer)
    features = []
    for unit in layer.units:
        shape, properties = units[unit.id]
        props = shown.get(unit.code, {})
        properties |= {"value": layer.values[unit.id], "class": legend.get(props.get("colour"), "no_data")}
        properties |= statistics.get(unit.id, {})
        features.append(feature(id=unit.code, geometry=shape, properties=properties))
    breaks = None
    if layer.breaks is not None:
        breaks = [
            {"lower": low, "upper": high, "count": count}
            for (low, high), count in zip(layer.breaks.intervals(), layer.breaks.counts, strict=True)
        ]
    members = {
        "name": "risk_map",
        "period": query.period.key(),
        "measure": query.measure.key(),
        "measure_label": layer.measure_label,
        "level": query.level,
        "district": query.district,
        "classification_method": None if layer.breaks is None else layer.breaks.method,
        # range: breaks over every period of breaks_range, so colours compare across periods
        "breaks_basis": None if layer.breaks is None else query.breaks,
        "breaks_range": [p.key() for p in layer.breaks_range] if layer.breaks_range else None,
        "statistics": map_measure_metadata(query.measure.kind),
        "breaks": breaks,
        "legend_notes": list(layer.legend_notes),
        "legend": [
            {"class": e.key, "label": e.label, "colour": e.colour, "count": e.count} for e in layer.legend
        ],
        "data_date": layer.data_date.isoformat() if layer.data_date else None,
        "reporting": layer.completeness.metadata() if layer.completeness else None,
        "approval": layer.approval.metadata() if layer.approval else None,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "source": "Aggregated monthly case counts reported by communes (no individual records)",
        "attribution": ATTRIBUTION,
    }
    return feature_collection(features, members=members)
