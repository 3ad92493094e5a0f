"""The coverage facts the planning page shows, as JSON-ready dicts (page and API)."""

from django.utils.translation import gettext as _

from frontend.planning.plan import PlanState
from frontend.risk_map.styles import NO_DATA_STYLE
from monitoring.models import DrugClass
from monitoring.quality.approval import approval_state

__all__ = ["COVERED", "NOT_REPORTED", "NO_DEMAND", "UNCOVERED", "coverage_payload", "demand_class"]


COVERED, UNCOVERED, NO_DEMAND, NOT_REPORTED = "#7fc97f", "#f0027f", "#f4f4f4", NO_DATA_STYLE["fillColor"]


def demand_class(weight: float | None, covered: bool) -> tuple[str, str]:
    """(class, colour) of a commune on the planning map: a commune that did not report
    the demand indicator is "not reported" (grey), never "no demand" (a reported 0)."""
    if weight is None:
        return "not_reported", NOT_REPORTED
    if not weight:
        return "no_demand", NO_DEMAND
    return ("covered", COVERED) if covered else ("uncovered", UNCOVERED)


def _reporting(state: PlanState) -> dict:
    """The period's reporting of the demand indicator (None for population)."""
    c = state.completeness
    if c is None:
        return {"reporting": None, "incomplete_message": None}
    message = None
    if not c.complete:
        message = _(
            "Period %(period)s is incomplete: %(label)s. Coverage counts only the demand of the communes"
            " that reported; %(missing)s communes have not reported."
        ) % {"period": c.period.key(), "label": c.label(), "missing": c.missing_count}
    approval = approval_state(period=state.query.period, unit_ids=[p.unit_id for p in state.demand])
    return {"reporting": c.metadata(), "incomplete_message": message, "approval": approval.metadata()}


def coverage_payload(state: PlanState, *, ranking_size: int = 30) -> dict:
    labels = dict(DrugClass.choices)
    cov = state.coverage
    communes, uncovered = {}, []
    for i, p in enumerate(state.demand):
        distance = None if cov.distance_m[i] == float("inf") else round(float(cov.distance_m[i]))
        nearest = state.site_label(int(cov.nearest[i]))
        kind, colour = demand_class(p.weight, bool(cov.covered[i]))
        communes[p.code] = {
            "covered": bool(cov.covered[i]),
            "demand": state.demand_shown(i),
            "class": kind,
            "colour": colour,
            "nearest": nearest,
            "distance_m": distance,
        }
        if not cov.covered[i] and (p.weight or 0) > 0:
            uncovered.append(
                {
                    "code": p.code,
                    "name": p.name,
                    "district": p.parent,
                    "demand": state.demand_shown(i),
                    "weighted": state.weighted_shown(i),
                    "_order": float(state.weights[i]),
                    "class": str(labels.get(p.drug_class, "—")) if p.drug_class else "—",
                    "border": state.in_border_area(p),
                    "is_border": p.is_border,
                    "nearest": nearest,
                    "distance_m": distance,
                }
            )
    uncovered.sort(key=lambda r: (-r.pop("_order"), r["code"]))
    return {
        "communes": communes,
        "covered_weight": state.total_shown(cov.covered_weight),
        "total_weight": state.total_shown(cov.total_weight),
        "share": None if cov.share is None else round(100 * cov.share, 1),
        # Communes with a reported demand; those that did not report are counted apart.
        "communes_covered": sum(
            1 for c in communes.values() if c["covered"] and c["class"] != "not_reported"
        ),
        "communes_total": sum(1 for c in communes.values() if c["class"] != "not_reported"),
        "communes_not_reported": sum(1 for c in communes.values() if c["class"] == "not_reported"),
        "ranking": uncovered[:ranking_size],
        "uncovered_count": len(uncovered),
        "planned": state.planned,
        "message": None if cov.total_weight else _("There is no demand in this period."),
    } | _reporting(state)
