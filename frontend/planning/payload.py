"""The coverage facts the planning page shows, as JSON-ready dicts (page and API)."""

from django.utils.translation import gettext as _

from frontend.planning.plan import PlanState
from monitoring.models import DrugClass

__all__ = ["coverage_payload"]


def coverage_payload(state: PlanState, *, ranking_size: int = 30) -> dict:
    labels = dict(DrugClass.choices)
    cov = state.coverage
    communes, uncovered = {}, []
    for i, p in enumerate(state.demand):
        distance = None if cov.distance_m[i] == float("inf") else round(float(cov.distance_m[i]))
        nearest = state.site_label(int(cov.nearest[i]))
        communes[p.code] = {
            "covered": bool(cov.covered[i]),
            "demand": state.demand_shown(i),
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
        "communes_covered": int(cov.covered.sum()),
        "communes_total": len(state.demand),
        "ranking": uncovered[:ranking_size],
        "uncovered_count": len(uncovered),
        "planned": state.planned,
        "message": None if cov.total_weight else _("There is no demand in this period."),
    }
