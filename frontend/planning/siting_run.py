"""Run a siting model on the page's state: candidates are every commune's
representative point plus the points the planner added; existing active points and
the scenario's planned points are fixed sites."""

import json

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import BadInput
from frontend.planning.plan import PlanState, planned_points_parse
from monitoring.planning.demand import to_metres
from monitoring.planning.siting import siting_solve

__all__ = ["siting_run"]

MODELS = ("mclp", "lscp", "pmedian")

# The solver's status codes (PuLP's names, kept as ``status`` for machines) as a planner reads them.
STATUS_LABELS = {
    "Optimal": gettext_lazy("Optimal"),
    "Not Solved": gettext_lazy("Not solved"),
    "Infeasible": gettext_lazy("Infeasible: no choice of sites meets the conditions"),
    "Unbounded": gettext_lazy("Unbounded"),
    "Undefined": gettext_lazy("Undefined"),
    "Feasible (time limit reached before proving optimal)": gettext_lazy(
        "Feasible (time limit reached before proving optimal)"
    ),
}


def siting_run(state: PlanState, *, model: str, k, candidates: list) -> dict:
    if model not in MODELS:
        raise BadInput(
            _("Unknown siting model “%(model)s”: use mclp, lscp or pmedian.") % {"model": model},
            parameter="model",
            value=model,
        )
    added = planned_points_parse(json.dumps(candidates))
    demand_xy = np.array([(p.x, p.y) for p in state.demand]).reshape(-1, 2)
    labels = [p.name for p in state.demand] + [a["label"] or _("Added candidate") for a in added]
    lonlat = [(p.lon, p.lat) for p in state.demand] + [(a["lon"], a["lat"]) for a in added]
    added_xy = to_metres(lonlat=[(a["lon"], a["lat"]) for a in added], srid=state.srid).reshape(-1, 2)
    candidate_xy = np.vstack([demand_xy, added_xy, state.site_xy.reshape(-1, 2)])
    fixed = np.zeros(len(candidate_xy), dtype=bool)
    fixed[len(demand_xy) + len(added_xy) :] = True
    k_value = None if model == "lscp" else int(k or 0)
    result = siting_solve(
        model=model,
        demand_xy=demand_xy,
        weights=state.weights,
        candidate_xy=candidate_xy,
        fixed=fixed,
        radius_m=float(state.query.radius_m),
        k=k_value,
    )
    sites = []
    for index in result.new_sites:
        covered = result.coverage_by_site.get(index, [])
        sites.append(
            {
                "lon": lonlat[index][0],
                "lat": lonlat[index][1],
                "label": _("Suggested site near %(name)s") % {"name": labels[index]},
                "covers": [state.demand[i].name for i in covered],
                "covers_weight": state.total_shown(float(sum(state.weights[i] for i in covered))),
            }
        )

    def share(v):
        return None if not result.total_weight else round(100 * v / result.total_weight, 1)

    return {
        "model": model,
        "status": result.status,
        "status_label": str(STATUS_LABELS.get(result.status, result.status)),
        "seconds": round(result.seconds, 2),
        "sites": sites,
        "covered_before": result.covered_before,
        "covered_after": result.covered_after,
        "share_before": share(result.covered_before),
        "share_after": share(result.covered_after),
        "total_weight": result.total_weight,
        "mean_distance_before": result.mean_distance_before,
        "mean_distance_after": result.mean_distance_after,
    }
