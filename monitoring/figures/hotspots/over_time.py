"""Emerging hot spots over time: Gi* of the same measure in each of the last N periods
(``analysis.hotspots_of_units``, same weights), then each commune's category from its
series (``emerging.emerging_category``). As ArcGIS's Emerging Hot Spot Analysis, each
period's significance is that of the Gi* z-score (normal approximation), not of
permutations: 36 periods over 10,000 communes would otherwise take minutes."""

from dataclasses import replace

from monitoring.figures.hotspots import emerging
from monitoring.figures.hotspots.analysis import HotspotResult, Weights, hotspots_of_units
from monitoring.figures.periods import Period
from monitoring.figures.values import UnitRow
from monitoring.models import Indicator

__all__ = ["SPOT_CONFIDENCE", "emerging_of_units"]

#: A period counts as a hot (cold) spot from this Gi* confidence level on (p ≤ 0.05).
SPOT_CONFIDENCE = 95


def emerging_of_units(
    *,
    indicator: Indicator,
    period: Period,
    periods: int,
    units: list[UnitRow],
    measure: str = "count",
    weights: Weights | None = None,
    seed: int = 12345,
    fdr: bool = False,
) -> HotspotResult:
    """One row per commune: the last period's figures and Gi*, and the category over the
    ``periods`` periods ending with ``period``. A period in which a commune was not
    tested (no figure, no neighbour) counts as neither hot nor cold and leaves no point
    in its trend; a commune never tested keeps its last category (``no_data``, ``island``)."""
    series = [period]
    while len(series) < periods:
        series.insert(0, series[0].previous())
    results = [
        hotspots_of_units(
            indicator=indicator,
            period=p,
            units=units,
            method="gi",
            measure=measure,
            weights=weights,
            permutations=0,
            seed=seed,
            fdr=fdr,
        )
        for p in series
    ]
    last = results[-1]
    by_period = [{row.unit_id: row for row in result.rows} for result in results]
    rows = []
    for row in last.rows:
        history = [rows_of[row.unit_id] for rows_of in by_period]
        tested = [r for r in history if r.z_score is not None]
        if not tested:
            rows.append(row)
            continue
        spot = [(r.confidence or 0) >= SPOT_CONFIDENCE and r.z_score is not None for r in history]
        hot = [s and r.z_score > 0 for s, r in zip(spot, history, strict=True)]
        cold = [s and r.z_score < 0 for s, r in zip(spot, history, strict=True)]
        z = [r.z_score for r in history]
        category = emerging.emerging_category(z=z, hot=hot, cold=cold)
        rows.append(replace(row, category=category, trend=emerging.trend([v for v in z if v is not None])))
    return replace(last, method="emerging", rows=rows, periods=periods)
