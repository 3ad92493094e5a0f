"""Hot spots of one indicator in one period over the communes of an area: the values come
from the risk map's selector (``figures.values.indicator_values``, exact, server-side),
the geometries from PostGIS, the statistics from ``statistics`` (PySAL).

>>> result = hotspots_of_units(indicator=users, period=Period.parse("2026-09"), units=units)
>>> result.rows[0].category
'hot_99'

Options typed by a person are checked first by ``compute.hotspots_compute``.
"""

import math
from dataclasses import dataclass, field

import numpy as np
from django.db import connection
from django.utils.translation import gettext as _

from core.errors import BadInput
from core.parse import number_parse
from monitoring.figures.hotspots import statistics
from monitoring.figures.periods import Period
from monitoring.figures.values import UnitRow, indicator_values
from monitoring.models import Indicator
from monitoring.planning.demand import metric_srid

__all__ = [
    "MEASURES",
    "METHODS",
    "HotspotResult",
    "HotspotRow",
    "Weights",
    "eb_rates_of_units",
    "hotspots_of_units",
]

METHODS = ("gi", "lisa", "emerging")
MEASURES = ("count", "rate", "eb_rate", "seb_rate")
#: Local Moran's quadrants are named from this confidence level on (p ≤ 0.05, GeoDa's default).
LISA_CONFIDENCE = 95
PERMUTATIONS = (99, 99_999)
MIN_COMMUNES = 3

#: Communes closer than this (degrees, about 10 cm) touch: borders digitised apart by
#: rounding are still shared.
TOUCH_TOLERANCE = 1e-6
QUEEN_SQL = """
SELECT a.id, b.id
  FROM geo_adminunit a JOIN geo_adminunit b
    ON a.id < b.id AND ST_DWithin(a.geom, b.geom, %(tolerance)s)
 WHERE a.id = ANY(%(ids)s) AND b.id = ANY(%(ids)s)
"""
POINTS_SQL = """
SELECT id, ST_X(p), ST_Y(p)
  FROM (SELECT id, ST_Transform(ST_PointOnSurface(geom), %(srid)s) AS p
          FROM geo_adminunit WHERE id = ANY(%(ids)s)) AS points
"""


@dataclass(frozen=True)
class Weights:
    """``queen`` contiguity or a ``distance`` band of ``metres``."""

    kind: str
    metres: float | None = None

    @classmethod
    def parse(cls, text: str | None) -> "Weights":
        """Read ``queen`` or ``distance:METRES`` (e.g. ``distance:5000``)."""
        kind, sep, metres = (text or "queen").strip().partition(":")
        if kind == "queen" and not sep:
            return cls("queen")
        if kind == "distance":
            reason = _("weights = “%(value)s”: give the band in metres, e.g. distance:5000.") % {
                "value": text
            }
            return cls(
                "distance", number_parse(metres, parameter="weights", low=1, high=1_000_000, reason=reason)
            )
        raise BadInput(
            _("weights = “%(value)s”: use queen or distance:METRES, e.g. distance:5000.") % {"value": text},
            parameter="weights",
            value=text,
        )

    def key(self) -> str:
        return "queen" if self.kind == "queen" else f"distance:{self.metres:g}"


@dataclass(frozen=True)
class HotspotRow:
    """One commune: its figures, its statistic and what that means."""

    unit_id: int
    code: str
    name: str
    population: int | None
    count: float | None  # the indicator's exact value in the period
    value: float | None  # the measure analysed (count, rate or smoothed rate per 10,000)
    neighbours: int
    statistic: float | None = None
    z_score: float | None = None
    p_value: float | None = None
    confidence: int | None = None  # 99, 95, 90 or None
    category: str = "not_significant"
    trend: str | None = None  # emerging hot spots: Mann-Kendall trend of the z-scores


@dataclass
class HotspotResult:
    """Rows in commune code order and everything needed to repeat the analysis."""

    indicator: Indicator
    period: Period
    method: str
    measure: str
    weights: Weights
    permutations: int
    seed: int
    fdr: bool
    srid: int | None
    rows: list[HotspotRow] = field(default_factory=list)
    periods: int = 1  # emerging hot spots: the number of periods ending with ``period``

    @property
    def islands(self) -> list[HotspotRow]:
        return [row for row in self.rows if row.category == "island"]

    def metadata(self) -> dict:
        """Method, parameters and figures used, for a file's metadata."""
        method = {
            "gi": "Getis-Ord Gi* (esda.G_Local, star=True, binary weights)",
            "lisa": "Local Moran's I (esda.Moran_Local, row-standardised weights)",
            "emerging": "Emerging hot spots: Gi* per period (esda.G_Local, star=True, binary weights), "
            "Mann-Kendall trend of the z-scores (pymannkendall.original_test)",
        }[self.method]
        return {
            "indicator": self.indicator.code,
            "period": self.period.key(),
            "periods": self.periods if self.method == "emerging" else None,
            "method": method,
            "measure": self.measure,
            "rate_base": "per 10,000 residents (AdminUnit.population)" if self.measure != "count" else None,
            "weights": self.weights.key(),
            "distance_crs": f"EPSG:{self.srid}" if self.srid else None,
            "permutations": self.permutations,
            "seed": self.seed,
            "p_value": "pseudo p-value from conditional permutations"
            if self.permutations
            else "one-sided p-value of the normal approximation of Gi*",
            "fdr": "Benjamini-Hochberg (esda.fdr)" if self.fdr else None,
            "lisa_confidence": LISA_CONFIDENCE if self.method == "lisa" else None,
            "communes": len(self.rows),
            "communes_tested": sum(row.p_value is not None for row in self.rows),
            "islands": [row.code for row in self.islands],
        }


def _finite(x) -> float | None:
    x = float(x)
    return x if math.isfinite(x) else None


def _weights(weights: Weights, ids: list[int]) -> tuple:
    """The weights over ``ids`` and, for a distance band, the projected CRS used."""
    with connection.cursor() as cursor:
        if weights.kind == "queen":
            cursor.execute(QUEEN_SQL, {"ids": ids, "tolerance": TOUCH_TOLERANCE})
            return statistics.weights_queen(cursor.fetchall(), ids), None
        srid = metric_srid()
        cursor.execute(POINTS_SQL, {"ids": ids, "srid": srid})
        points = {row[0]: (row[1], row[2]) for row in cursor.fetchall()}
    return statistics.weights_distance([points[i] for i in ids], ids, weights.metres), srid


def _measure(measure: str, counts: list[float], population: list[float], w) -> np.ndarray:
    if measure == "count":
        return np.asarray(counts, float)
    if measure == "rate":
        return np.asarray(counts, float) / np.asarray(population, float) * statistics.PER
    if measure == "eb_rate":
        return statistics.eb_rates(counts, population)
    return statistics.spatial_eb_rates(counts, population, w)


def eb_rates_of_units(*, counts: dict[int, float | None], units: list[UnitRow]) -> dict[int, float | None]:
    """Global Empirical Bayes rates per 10,000 residents of ``units`` from their exact
    ``counts`` (``None`` where a commune has no figure or no population)."""
    usable = [u for u in units if counts.get(u.id) is not None and u.population]
    rates = dict.fromkeys((u.id for u in units), None)
    if usable:
        smoothed = statistics.eb_rates([counts[u.id] for u in usable], [u.population for u in usable])
        rates |= {u.id: _finite(r) for u, r in zip(usable, smoothed, strict=True)}
    return rates


def hotspots_of_units(
    *,
    indicator: Indicator,
    period: Period,
    units: list[UnitRow],
    method: str = "gi",
    measure: str = "count",
    weights: Weights | None = None,
    permutations: int = 999,
    seed: int = 12345,
    fdr: bool = False,
) -> HotspotResult:
    """As ``hotspots_compute`` over ``units`` (communes, e.g. those the risk map shows),
    with options already checked."""
    weights = weights or Weights("queen")
    ids = [u.id for u in units]
    counts = indicator_values(indicator=indicator, period=period, unit_ids=ids)
    needs_base = measure != "count"
    usable = [u for u in units if counts[u.id] is not None and (not needs_base or u.population)]
    if not usable:
        raise BadInput(
            _("No commune in this area has a figure for %(indicator)s in %(period)s.")
            % {"indicator": indicator.code, "period": period.key()},
            parameter="period",
            value=period.key(),
        )
    usable_ids = [u.id for u in usable]
    w_all, srid = _weights(weights, usable_ids)
    values = _measure(measure, [counts[i] for i in usable_ids], [u.population or 0 for u in usable], w_all)
    value_of = dict(zip(usable_ids, values.tolist(), strict=True))
    tested = [i for i in usable_ids if w_all.cardinalities[i] > 0]
    if len(tested) < MIN_COMMUNES:
        raise BadInput(
            _("Only %(n)s communes with a figure have a neighbour: hot spots need at least %(min)s.")
            % {"n": len(tested), "min": MIN_COMMUNES},
            parameter="weights",
            value=weights.key(),
        )
    w = statistics.weights_subset(w_all, tested)
    y = [value_of[i] for i in tested]
    local = (statistics.gi_star if method == "gi" else statistics.local_moran)(
        y, w, permutations=permutations, seed=seed
    )
    levels = statistics.confidence_levels(local.p, use_fdr=fdr)
    tested_rows = {}
    for k, unit_id in enumerate(tested):
        z = _finite(local.z[k])
        confidence = levels[k] if z is not None else None
        if method == "gi":
            category = f"{'hot' if z > 0 else 'cold'}_{confidence}" if confidence and z else "not_significant"
        else:
            significant = z is not None and confidence is not None and confidence >= LISA_CONFIDENCE
            category = statistics.LISA_QUADRANTS[int(local.quadrant[k])] if significant else "not_significant"
        tested_rows[unit_id] = {
            "statistic": _finite(local.statistic[k]),
            "z_score": z,
            "p_value": _finite(local.p[k]),
            "confidence": confidence,
            "category": category,
        }
    rows = []
    for u in units:
        base = {
            "unit_id": u.id,
            "code": u.code,
            "name": u.name,
            "population": u.population,
            "count": counts[u.id],
            "value": _finite(value_of[u.id]) if u.id in value_of else None,
            "neighbours": int(w_all.cardinalities.get(u.id, 0)),
        }
        if u.id in tested_rows:
            rows.append(HotspotRow(**base, **tested_rows[u.id]))
        else:
            rows.append(HotspotRow(**base, category="island" if u.id in value_of else "no_data"))
    return HotspotResult(
        indicator=indicator,
        period=period,
        method=method,
        measure=measure,
        weights=weights,
        permutations=permutations,
        seed=seed,
        fdr=fdr,
        srid=srid,
        rows=rows,
    )
