"""The province report's maps (``monitoring.reports.maps``), drawn by the risk map's one
print renderer (``picture.png_render``) from the risk map's own layer."""

from monitoring.figures.measures import Measure
from monitoring.reports.maps import ReportMap

__all__ = ["report_maps_draw"]

DPI = 90  # a page-wide picture in a report: sharp on paper, a few hundred KB
#: A report is about one period: its map's classes come from that period's figures (the
#: legend says so), not from the data's whole time range the page defaults to, which
#: would also cost the report some seconds (bench/province_report.py).
BREAKS = "period"


def report_maps_draw(*, sender, period, unit_ids, protection, measures, **kwargs) -> list[ReportMap]:
    from frontend.risk_map import picture  # matplotlib and geopandas: only when a report is written
    from frontend.risk_map.choropleth import choropleth_build
    from frontend.risk_map.query import RiskQuery

    maps = []
    for key in measures:
        query = RiskQuery(period=period, measure=Measure.parse(key), breaks=BREAKS)
        layer = choropleth_build(query, unit_ids=unit_ids, protection=protection)
        maps.append(ReportMap(key, layer.measure_label, picture.png_render(query, layer, dpi=DPI)))
    return maps
