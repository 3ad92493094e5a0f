"""A PNG of the risk map for printing and sharing: title, legend, scale bar, north
arrow, data date and attribution, drawn with matplotlib from the same layer."""

import io
import json
import math

import matplotlib

matplotlib.use("Agg")
import geopandas as gpd
import matplotlib.pyplot as plt
from django.utils import timezone
from django.utils.translation import gettext as _
from matplotlib.patches import Patch
from shapely.geometry import shape

from frontend.risk_map.choropleth import Choropleth
from frontend.risk_map.query import RiskQuery
from frontend.risk_map.styles import NO_DATA_STYLE
from geo.map_layers import countries_around
from geo.selectors import border_lines_geojson
from monitoring.reports.period_names import period_name

__all__ = ["picture_title", "png_render"]


def _scale_bar(ax, *, lat: float) -> None:
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    km_per_degree = 111.32 * math.cos(math.radians(lat))
    width_km = max(1, round((x1 - x0) * km_per_degree / 5, -1) or 5)
    width_deg = width_km / km_per_degree
    left, bottom = x0 + 0.04 * (x1 - x0), y0 + 0.05 * (y1 - y0)
    ax.plot([left, left + width_deg], [bottom, bottom], color="black", linewidth=3)
    ax.text(left + width_deg / 2, bottom + 0.012 * (y1 - y0), f"{width_km:g} km", ha="center", fontsize=9)


def _north_arrow(ax) -> None:
    ax.annotate(
        "N",
        xy=(0.95, 0.93),
        xytext=(0.95, 0.83),
        xycoords="axes fraction",
        ha="center",
        fontsize=13,
        fontweight="bold",
        arrowprops={"facecolor": "black", "width": 4, "headwidth": 12},
    )


def picture_title(query: RiskQuery, layer: Choropleth, *, area_name: str = "") -> str:
    """What the picture and the print view are headed with: the area, the measure, the
    period and whether its figures are complete."""
    head = f"{area_name} · {layer.measure_label}" if area_name else str(layer.measure_label)
    period = f"{_('Period')}: {period_name(query.period)}"
    if layer.completeness:
        state = _("complete") if layer.completeness.complete else _("incomplete")
        period += f" · {state}: {layer.completeness.label()}"
    return f"{head}\n{period}"


def png_render(
    query: RiskQuery,
    layer: Choropleth,
    *,
    area_name: str = "",
    dpi: int = 110,
    captioned: bool = True,
    portrait: bool = False,
) -> bytes:
    """The map with scale bar and north arrow; ``captioned`` (a picture on its own) adds
    the title, the legend beside the map (under it with ``portrait``), the legend's basis,
    the data date and the source, which the print view writes as text around the
    picture instead."""
    features = layer.collection["features"]
    frame = gpd.GeoDataFrame(
        {
            "colour": [f["properties"]["colour"] or NO_DATA_STYLE["fillColor"] for f in features],
            "border": [f["properties"]["is_border"] for f in features],
        },
        geometry=[shape(f["geometry"]) for f in features],
        crs=4326,
    )
    fig, ax = plt.subplots(figsize=(8, 9) if portrait else (11, 8.5), dpi=dpi)
    if len(frame):
        minx, miny, maxx, maxy = frame.total_bounds
        pad_x, pad_y = (maxx - minx) * 0.08, (maxy - miny) * 0.08
        countries = countries_around()["features"]
        if countries:
            gpd.GeoSeries([shape(c["geometry"]) for c in countries], crs=4326).plot(
                ax=ax, color="#f1ede3", edgecolor="#a79f8f", linewidth=0.6
            )
        frame.plot(ax=ax, color=frame["colour"], edgecolor="#5b6770", linewidth=0.3)
        if frame["border"].any():
            frame[frame["border"]].boundary.plot(ax=ax, color="#7f1d1d", linewidth=1.2)
        border = [shape(f["geometry"]) for f in json.loads(border_lines_geojson())["features"]]
        if border:
            gpd.GeoSeries(border, crs=4326).plot(ax=ax, color="#b71c1c", linewidth=1.8, linestyle="--")
        ax.set_xlim(minx - pad_x, maxx + pad_x)
        ax.set_ylim(miny - pad_y, maxy + pad_y)
        lat = (miny + maxy) / 2
        ax.set_aspect(1 / math.cos(math.radians(lat)))
        _scale_bar(ax, lat=lat)
    ax.set_facecolor("#b9d3e0")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    _north_arrow(ax)
    if captioned:
        ax.set_title(picture_title(query, layer, area_name=area_name), fontsize=13)
    handles = [
        Patch(facecolor=e.colour, edgecolor="#5b6770", label=f"{e.label} ({e.count})") for e in layer.legend
    ]
    # Beside the map, not over it: no commune is hidden behind the legend.
    if captioned:
        ax.legend(
            handles=handles,
            loc="upper center" if portrait else "upper left",
            bbox_to_anchor=(0.5, -0.02) if portrait else (1.02, 1.0),
            ncols=2 if portrait else 1,
            borderaxespad=0,
            fontsize=9,
            frameon=False,
            title=_("Legend"),
            alignment="left",
        )
    stamp = _("Data up to %(date)s · printed %(now)s · © OpenStreetMap contributors (ODbL)") % {
        "date": layer.data_date.strftime("%d/%m/%Y") if layer.data_date else "—",
        "now": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
    }
    if captioned:
        fig.text(0.01, 0.01, stamp, fontsize=8, color="#333333")
        if layer.legend_notes:  # where the classes come from, as on the page
            fig.text(0.01, 0.035, " ".join(layer.legend_notes), fontsize=8, color="#333333")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()
