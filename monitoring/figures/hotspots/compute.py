"""The entry for options a person types (the ``hotspots`` command, later a page or the
API): each is checked and named in the message before anything is computed."""

from dataclasses import replace

from django.utils.translation import gettext as _

from core.errors import BadInput, NotFound
from core.parse import number_parse
from geo.areas import Area
from monitoring.disclosure import Disclosure, is_hidden
from monitoring.figures.hotspots.analysis import (
    MEASURES,
    METHODS,
    PERMUTATIONS,
    HotspotResult,
    Weights,
    hotspots_of_units,
)
from monitoring.figures.hotspots.over_time import emerging_of_units
from monitoring.figures.periods import Period
from monitoring.figures.values import units_for_map
from monitoring.models import Indicator

__all__ = ["PERIODS", "hotspots_compute", "hotspots_shown"]

#: How many periods emerging hot spots may span (the Mann-Kendall test needs a few).
PERIODS = (4, 120)


def _option(value: str, choices: tuple[str, ...], parameter: str) -> str:
    if value not in choices:
        raise BadInput(
            _("%(parameter)s = “%(value)s”: use one of %(choices)s.")
            % {"parameter": parameter, "value": value, "choices": ", ".join(choices)},
            parameter=parameter,
            value=value,
        )
    return value


def hotspots_compute(
    *,
    indicator_code: str,
    period: Period,
    method: str,
    area: Area,
    measure: str = "count",
    weights: Weights | None = None,
    permutations: int = 999,
    seed: int = 12345,
    fdr: bool = False,
    periods: int = 12,
) -> HotspotResult:
    """Gi* or Local Moran's I of ``measure`` for every current commune of ``area``.

    Communes without a figure (nothing reported, or no population for a rate) are listed
    as ``no_data``; communes left without a neighbour that has a figure as ``island``;
    neither is tested nor silently dropped. ``emerging``: Gi* in each of the ``periods``
    periods ending with ``period`` and each commune's category over them.
    """
    method = _option(method, METHODS, "method")
    measure = _option(measure, MEASURES, "measure")
    weights = weights or Weights("queen")
    permutations = int(
        number_parse(
            permutations, parameter="permutations", low=PERMUTATIONS[0], high=PERMUTATIONS[1], whole=True
        )
    )
    seed = int(number_parse(seed, parameter="seed", low=0, high=2**32 - 1, whole=True))
    indicator = Indicator.objects.filter(code=indicator_code).first()
    if indicator is None:
        raise NotFound(
            _("indicator = “%(value)s”: no such indicator; see the indicator list for the codes.")
            % {"value": indicator_code},
            parameter="indicator",
            value=indicator_code,
        )
    units = units_for_map(level="commune", unit_ids=area.unit_ids())
    if method == "emerging":
        periods = int(number_parse(periods, parameter="periods", low=PERIODS[0], high=PERIODS[1], whole=True))
        return emerging_of_units(
            indicator=indicator,
            period=period,
            periods=periods,
            units=units,
            measure=measure,
            weights=weights,
            seed=seed,
            fdr=fdr,
        )
    return hotspots_of_units(
        indicator=indicator,
        period=period,
        units=units,
        method=method,
        measure=measure,
        weights=weights,
        permutations=permutations,
        seed=seed,
        fdr=fdr,
    )


def hotspots_shown(result: HotspotResult, *, protection: Disclosure) -> HotspotResult:
    """``result`` as a reader sees it: where the reader may not read a commune's count
    exactly (``monitoring.disclosure``), its ``count`` and ``value`` (a rate or smoothed
    rate gives the count back) are the marker. The statistics stay: they were computed
    on the exact figures and do not give one back."""
    ids = [row.unit_id for row in result.rows]
    shown = protection.unit_values(indicator=result.indicator, period=result.period, unit_ids=ids)
    if not shown:
        return result
    rows = [
        replace(row, count=shown[row.unit_id], value=shown[row.unit_id])
        if is_hidden(shown.get(row.unit_id))
        else row
        for row in result.rows
    ]
    return replace(result, rows=rows)
