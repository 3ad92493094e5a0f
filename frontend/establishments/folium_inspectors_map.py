"""The inspectors' map: district boundaries, the drawn area, and the filtered
establishments clustered when zoomed out and single when zoomed in."""

import folium
from django.db import connection
from django.templatetags.static import static
from django.utils import formats
from django.utils.translation import gettext as _

from frontend.base_map import add_border_line, base_map
from frontend.folium_layers import ClusteredPoints, StaticGeoJson, html_text
from frontend.folium_offline import localize_assets
from frontend.map_symbols import symbol_style
from geo import map_layers
from geo.models import AdminUnit, Level
from monitoring.establishments.filters import EstablishmentFilter
from monitoring.exports.query import sensitive_sites_near_geojson
from monitoring.models import EstablishmentType

__all__ = ["establishments_map_build"]


def _points_json(queryset, limit: int) -> str:
    ids = list(queryset.order_by().values_list("id", flat=True)[:limit])
    codes, labels = zip(*((code, str(label)) for code, label in EstablishmentType.choices), strict=True)
    with connection.cursor() as cursor:
        cursor.execute(  # the tooltip names the type in the page's language, never its code
            "SELECT coalesce(json_agg(json_build_array(round(ST_Y(location)::numeric, 6),"
            " round(ST_X(location)::numeric, 6), name || ' (' || coalesce((SELECT t.label"
            " FROM unnest(%s::text[], %s::text[]) AS t(code, label) WHERE t.code = type), type)"
            " || ')')), '[]')::text FROM monitoring_establishment WHERE id = ANY(%s)",
            [list(codes), list(labels), ids],
        )
        return cursor.fetchone()[0]


def establishments_map_build(*, queryset, f: EstablishmentFilter, limit: int, unit_ids=None) -> folium.Map:
    """The map of ``queryset``; outlines and sensitive sites of ``unit_ids`` (a user's
    area; None: all)."""
    fmap, blocks = base_map()
    districts = list(map_layers.unit_shapes(level=Level.DISTRICT))
    if unit_ids is not None:
        allowed = set(
            AdminUnit.current.filter(level=Level.DISTRICT, pk__in=unit_ids).values_list("code", flat=True)
        )
        districts = [code for code in districts if code in allowed]
    if districts:
        StaticGeoJson(
            map_layers.unit_shapes_geojson(level=Level.DISTRICT, codes=districts),
            blocks=blocks,
            name=_("District boundaries"),
            tooltip="code",
            style={"fill": False, "color": "#1d3557", "weight": 1.4},
        ).add_to(fmap)
    if f.polygon is not None:
        StaticGeoJson(
            f.polygon.geojson,
            blocks=blocks,
            name=_("Drawn area"),
            style={"color": "#e65100", "weight": 2, "fillOpacity": 0.08},
        ).add_to(fmap)
    if f.point is not None:
        folium.Circle(
            [f.point[1], f.point[0]],
            radius=f.radius_m,
            color="#e65100",
            fill_opacity=0.08,
            tooltip=html_text(
                _("Radius %(m)s m")
                % {"m": formats.number_format(f.radius_m, 0, use_l10n=True, force_grouping=True)}
            ),
        ).add_to(fmap)
    if f.bbox is not None:
        folium.Rectangle(
            [[f.bbox[1], f.bbox[0]], [f.bbox[3], f.bbox[2]]], color="#e65100", fill=False
        ).add_to(fmap)
    StaticGeoJson(
        sensitive_sites_near_geojson(unit_ids=unit_ids),
        blocks=blocks,
        name=_("Sensitive sites (schools, hospitals, …)"),
        tooltip="name",
        show=True,
        style=symbol_style("sensitive_site"),
    ).add_to(fmap)
    ClusteredPoints(
        _points_json(queryset, limit),
        blocks=blocks,
        name=_("Establishments"),
        show=True,
        style=symbol_style("establishment", radius=6),
    ).add_to(fmap)
    add_border_line(fmap, blocks)
    folium.LayerControl(collapsed=True).add_to(fmap)
    area = f.polygon.extent if f.polygon is not None else f.bbox
    if area:
        fmap.fit_bounds([[area[1], area[0]], [area[3], area[2]]])
    elif f.point is not None:
        d = f.radius_m / 111_000 * 1.3
        fmap.fit_bounds([[f.point[1] - d, f.point[0] - d], [f.point[1] + d, f.point[0] + d]])
    else:
        fmap.fit_bounds(_extent_of(queryset, limit))
    localize_assets(fmap, url_for=static)
    return fmap


def _extent_of(queryset, limit: int):
    """The extent of the results (or of the loaded communes when there are none)."""
    ids = list(queryset.order_by().values_list("id", flat=True)[:limit])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT coalesce("
            " (SELECT ST_Extent(location) FROM monitoring_establishment WHERE id = ANY(%s)),"
            " (SELECT ST_Extent(geom) FROM geo_adminunit"
            "  WHERE valid_to IS NULL AND level = 'commune')) AS e) q",
            [ids],
        )
        x0, y0, x1, y1 = cursor.fetchone()
    return [[y0 or 8, x0 or 102], [y1 or 23.5, x1 or 110]]
