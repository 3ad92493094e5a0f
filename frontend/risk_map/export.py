"""GeoJSON export of what the risk map shows (RFC 7946: WGS 84, lon/lat, right-hand
rings), carrying the period, measure, class breaks, data date, source and attribution
as foreign members of the FeatureCollection."""

import json

from django.db import connection
from django.utils import timezone

from frontend.risk_map.choropleth import Choropleth
from frontend.risk_map.query import RiskQuery

__all__ = ["geojson_export"]

ATTRIBUTION = "Boundaries of the demo province and the land border: © OpenStreetMap contributors (ODbL 1.0)"


def _geometries(unit_ids: list[int]) -> dict[int, dict]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, ST_AsGeoJSON(ST_ForcePolygonCCW(geom), 6) FROM geo_adminunit WHERE id = ANY(%s)",
            [unit_ids],
        )
        return {unit_id: json.loads(geometry) for unit_id, geometry in cursor.fetchall()}


def geojson_export(query: RiskQuery, layer: Choropleth) -> str:
    geometries = _geometries([u.id for u in layer.units])
    legend = {entry.colour: entry.key for entry in layer.legend}
    shown = {f["properties"]["code"]: f["properties"] for f in layer.collection["features"]}
    features = []
    for unit in layer.units:
        props = shown.get(unit.code, {})
        features.append(
            {
                "type": "Feature",
                "id": unit.code,
                "geometry": geometries[unit.id],
                "properties": {
                    "code": unit.code,
                    "name": unit.name,
                    "level": unit.level,
                    "parent_code": unit.parent_code,
                    "population": unit.population,
                    "is_border": unit.is_border,
                    "border_distance_m": None
                    if unit.border_distance_m is None
                    else round(unit.border_distance_m),
                    "value": layer.values[unit.id],
                    "class": legend.get(props.get("colour"), "no_data"),
                },
            }
        )
    breaks = None
    if layer.breaks is not None:
        breaks = [
            {"lower": low, "upper": high, "count": count}
            for (low, high), count in zip(layer.breaks.intervals(), layer.breaks.counts, strict=True)
        ]
    document = {
        "type": "FeatureCollection",
        "name": "risk_map",
        "period": query.period.key(),
        "measure": query.measure.key(),
        "measure_label": layer.measure_label,
        "level": query.level,
        "district": query.district,
        "classification_method": None if layer.breaks is None else query.method,
        "breaks": breaks,
        "legend": [
            {"class": e.key, "label": e.label, "colour": e.colour, "count": e.count} for e in layer.legend
        ],
        "data_date": layer.data_date.isoformat() if layer.data_date else None,
        "reporting": layer.completeness.metadata() if layer.completeness else None,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "source": "Aggregated monthly case counts reported by communes (no individual records)",
        "attribution": ATTRIBUTION,
        "features": features,
    }
    return json.dumps(document, ensure_ascii=False)
