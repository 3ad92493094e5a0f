"""Read the planning page's parameters and compute coverage and rankings; shared by
the page, its JSON endpoints and the outreach exports (one implementation)."""

import datetime
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _

from core.errors import BadInput
from core.parse import json_parse, number_parse
from monitoring.disclosure import Disclosure, is_hidden
from monitoring.figures.completeness import Completeness, default_period, period_completeness
from monitoring.figures.periods import Period, PeriodError
from monitoring.models import Indicator
from monitoring.planning.demand import (
    DemandPoint,
    Site,
    demand_points,
    metric_srid,
    points_in_area,
    sites,
    to_metres,
)
from monitoring.planning.reach import Coverage, coverage_compute

__all__ = [
    "BORDER_AREA_M",
    "PlanQuery",
    "PlanState",
    "plan_query_parse",
    "plan_state",
    "planned_points_in_area",
    "planned_points_parse",
]

BORDER_AREA_M = 20_000
DEFAULT_DEMAND = "illegal_users"


@dataclass(frozen=True)
class PlanQuery:
    period: Period
    demand: str = DEFAULT_DEMAND  # indicator code or "population"
    radius_m: int = 5_000
    border_weight: float = 1.0
    messages: tuple[str, ...] = field(default=(), compare=False)

    @property
    def demand_label(self) -> str:
        """The demand as a reader names it: the indicator's label, or "Population"."""
        if self.demand == "population":
            return _("Population")
        indicator = Indicator.objects.filter(code=self.demand).first()
        return indicator.label if indicator else self.demand


def plan_query_parse(get, *, today: datetime.date, unit_ids=None) -> PlanQuery:
    """The page's settings; the default period is the latest month complete for the
    demand indicator in ``unit_ids`` (the user's area)."""
    messages = []

    def default() -> Period:  # only when no (valid) period is named: it scans the months' reports
        indicator = Indicator.objects.filter(code=get.get("demand") or DEFAULT_DEMAND).first()
        return default_period(today=today, indicator=indicator, unit_ids=unit_ids)

    try:
        period = Period.parse(get["period"]) if get.get("period") else default()
    except PeriodError as error:
        messages.append(str(error))
        period = default()
    demand = get.get("demand") or DEFAULT_DEMAND
    if demand != "population" and not Indicator.objects.filter(code=demand).exists():
        messages.append(_("Unknown indicator “%(code)s”.") % {"code": demand})
        demand = DEFAULT_DEMAND
    radius = 5_000
    if get.get("radius"):
        wrong = _("The service radius must be more than 0 m and at most 200,000 m (got “%(value)s”).") % {
            "value": get["radius"]
        }
        try:
            radius = round(
                number_parse(get["radius"], parameter="radius", low=0.5, high=200_000, reason=wrong)
            )
        except BadInput as error:
            messages.append(str(error))
            radius = 5_000
    weight = 1.0
    if get.get("border_weight"):
        wrong = _("The border weight must be between 1 and 10.")
        try:
            weight = number_parse(
                get["border_weight"], parameter="border_weight", low=1, high=10, reason=wrong
            )
        except BadInput as error:
            messages.append(str(error))
            weight = 1.0
    return PlanQuery(period, demand, radius, weight, tuple(messages))


def planned_points_parse(text: str | None, *, parameter: str = "planned") -> list[dict]:
    """``[{"lon", "lat", "label"}]`` from JSON; raises ``BadInput`` with a clear message."""
    if not text:
        return []
    wrong = _("The planned points could not be read: each needs a longitude and a latitude.")
    points = json_parse(text, parameter=parameter)
    if not isinstance(points, list) or not all(isinstance(p, dict) for p in points):
        raise BadInput(wrong, parameter=parameter, value=text)
    result = []
    for p in points:
        lon = number_parse(p.get("lon"), parameter=parameter, low=-180, high=180, reason=wrong)
        lat = number_parse(p.get("lat"), parameter=parameter, low=-90, high=90, reason=wrong)
        result.append({"lon": lon, "lat": lat, "label": str(p.get("label", ""))[:120]})
    return result


@dataclass
class PlanState:
    query: PlanQuery
    srid: int
    demand: list[DemandPoint]
    weights: np.ndarray  # border weighting applied
    existing: list[Site]
    planned: list[dict]
    site_xy: np.ndarray  # existing active + planned (in that order)
    coverage: Coverage
    # Each point's demand as the reader sees it ("<5", "x": ``monitoring.disclosure``)
    # and the reader's protection, for the totals; None: exact.
    shown: list = field(default_factory=list)
    protection: Disclosure | None = None
    completeness: Completeness | None = None  # reporting of the demand indicator (None: population)

    def demand_shown(self, index: int):
        return self.shown[index] if self.shown else self.demand[index].weight

    def weighted_shown(self, index: int):
        """The border-weighted demand, hidden with the demand it multiplies."""
        shown = self.demand_shown(index)
        return shown if is_hidden(shown) else float(self.weights[index])

    def total_shown(self, value):
        """A total of demand (covered, all): rule 1 where the demand is protected."""
        return value if self.protection is None else self.protection.total(value, sensitive=True)

    def in_border_area(self, point: DemandPoint) -> bool:
        return point.is_border or (
            point.border_distance_m is not None and point.border_distance_m <= BORDER_AREA_M
        )

    def site_label(self, index: int) -> str:
        if index < 0:
            return ""
        if index < len(self.existing):
            return self.existing[index].name
        return self.planned[index - len(self.existing)]["label"] or _("Planned point")


def planned_points_in_area(planned: list[dict], unit_ids) -> list[dict]:
    """The points of ``planned`` that lie in a commune of ``unit_ids`` (None: all)."""
    inside = points_in_area(lonlat=[(p["lon"], p["lat"]) for p in planned], unit_ids=unit_ids)
    return [p for p, keep in zip(planned, inside, strict=True) if keep]


def plan_state(
    query: PlanQuery, planned: list[dict], *, unit_ids=None, protection: Disclosure | None = None
) -> PlanState:
    """Coverage of the communes in ``unit_ids`` (a user's area; None: all) by the active
    points there and the ``planned`` points that lie there. The coverage is computed on
    exact demand; what is shown of a sensitive indicator's demand follows ``protection``."""
    srid = metric_srid()
    indicator = None if query.demand == "population" else Indicator.objects.get(code=query.demand)
    demand = demand_points(indicator=indicator, period=query.period, srid=srid, unit_ids=unit_ids)
    existing = sites(statuses=("active",), srid=srid, unit_ids=unit_ids)
    planned = planned_points_in_area(planned, unit_ids)
    raw = np.array([p.weight or 0.0 for p in demand])
    border = np.array(
        [
            p.is_border or (p.border_distance_m is not None and p.border_distance_m <= BORDER_AREA_M)
            for p in demand
        ]
    )
    weights = np.where(border, raw * query.border_weight, raw) if len(demand) else raw
    planned_xy = to_metres(lonlat=[(p["lon"], p["lat"]) for p in planned], srid=srid)
    site_xy = np.vstack([np.array([(s.x, s.y) for s in existing]).reshape(-1, 2), planned_xy.reshape(-1, 2)])
    demand_xy = np.array([(p.x, p.y) for p in demand]).reshape(-1, 2)
    coverage = coverage_compute(
        demand_xy=demand_xy, weights=weights, site_xy=site_xy, radius_m=query.radius_m
    )
    shown = []
    if indicator is not None and protection is not None and protection.applies(sensitive=indicator.sensitive):
        protected = protection.unit_values(
            indicator=indicator, period=query.period, unit_ids=[p.unit_id for p in demand]
        )
        shown = [protected.get(p.unit_id, p.weight) for p in demand]
    reporting = (
        None
        if indicator is None
        else period_completeness(
            indicator=indicator, period=query.period, unit_ids=[p.unit_id for p in demand]
        )
    )
    return PlanState(
        query,
        srid,
        demand,
        weights,
        existing,
        planned,
        site_xy,
        coverage,
        shown=shown,
        protection=protection if shown else None,
        completeness=reporting,
    )
