"""Run a siting model on the page's state: candidates are every commune's
representative point plus the points the planner added; existing active points and
the scenario's planned points are fixed sites."""

import json

import numpy as np
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import BadInput
from frontend.planning.plan import PlanState, planned_points_parse
from monitoring.planning.demand import to_metres
from monitoring.planning.siting import SitingError, siting_solve

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
    try:
        result = siting_solve(
            model=model,
            demand_xy=demand_xy,
            weights=state.weights,
            candidate_xy=candidate_xy,
            fixed=fixed,
            radius_m=float(state.query.radius_m),
            k=k_value,
        )
    except SitingError as error:
        raise _in_language(error) from error
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


# The solver's refusals as a planner reads them, by error code; a code with "/one" is the
# wording when the counted figure (``COUNTED``) is 1.
REFUSALS = {
    "bad_radius": gettext_lazy("The service radius must be more than 0 m (got %(radius)s m)."),
    "too_few_sites": gettext_lazy("Choose at least 1 new site (got %(k)s)."),
    "too_many_sites/one": gettext_lazy(
        "Cannot choose %(k)s new site from %(free)s candidates that are not already sites: "
        "lower k or add candidates."
    ),
    "too_many_sites": gettext_lazy(
        "Cannot choose %(k)s new sites from %(free)s candidates that are not already sites: "
        "lower k or add candidates."
    ),
    "no_demand": gettext_lazy(
        "There is no demand to cover: every demand weight is 0 for this period and indicator."
    ),
    "uncoverable_demand/one": gettext_lazy(
        "Demand at %(n)s point is farther than %(radius)s m from every candidate, so no set of "
        "sites can cover all of it: add candidates near them or enlarge the radius."
    ),
    "uncoverable_demand": gettext_lazy(
        "Demand at %(n)s points is farther than %(radius)s m from every candidate, so no set of "
        "sites can cover all of it: add candidates near them or enlarge the radius."
    ),
    "siting_too_large": gettext_lazy(
        "p-median with %(points)s demand points × %(candidates)s candidates needs %(pairs)s "
        "assignment variables, more than the %(limit)s it can solve in time: use MCLP, or fewer "
        "demand points or candidates (e.g. one district)."
    ),
    "solver_gave_up": gettext_lazy(
        "The solver found no solution (%(status)s) within %(seconds)s s: lower k, use fewer "
        "candidates, or allow more time."
    ),
}
COUNTED = {"too_many_sites": "k", "uncoverable_demand": "n"}


def _number(value) -> str:
    decimals = 0 if float(value).is_integer() else 1
    return formats.number_format(value, decimals, use_l10n=True, force_grouping=True)


def _in_language(error: SitingError) -> SitingError:
    """The solver's refusal worded in the page's language from the figures it carries."""
    raw = error.params
    counted = COUNTED.get(error.code)
    key = f"{error.code}/one" if counted and raw.get(counted) == 1 else error.code
    if key not in REFUSALS:
        return error
    shown = {name: _number(v) if isinstance(v, int | float) else v for name, v in raw.items()}
    if "status" in raw:
        shown["status"] = STATUS_LABELS.get(raw["status"], raw["status"])
    if error.code == "too_few_sites" and raw.get("k") is None:
        shown["k"] = _number(0)
    return type(error)(str(REFUSALS[key]) % shown, **raw)
