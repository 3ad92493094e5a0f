"""Views of the planning page: the page, coverage for a what-if, siting, scenarios,
promotion of a suggested site and the outreach exports. Demand, coverage, candidates and
planned points are those of the user's areas; saving and promoting need their own
permissions."""

import json

from django.contrib.gis.geos import Point
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import BadInput, Forbidden
from core.parse import json_parse, number_parse
from frontend.access import permission_required_403
from frontend.base_map import map_context
from frontend.map_symbols import symbols_legend
from frontend.planning import folium_planning_map, outreach
from frontend.planning.payload import coverage_payload
from frontend.planning.plan import (
    plan_query_parse,
    plan_state,
    planned_points_in_area,
    planned_points_parse,
)
from frontend.planning.siting_run import siting_run
from frontend.planning.strings import page_strings
from geo.areas import Area
from geo.selectors import commune_at
from monitoring.audit import audit_export
from monitoring.disclosure import disclosure_for
from monitoring.exports.download import attachment, format_choose
from monitoring.models import CounsellingPoint, Indicator, PlanningScenario
from monitoring.quality.approval import approval_state
from monitoring.services.planning import counselling_point_plan, scenario_save


def _json_body(request) -> dict:
    body = json_parse(request.body or b"{}")
    if not isinstance(body, dict):
        raise BadInput(_("body: send a JSON object."), parameter="body")
    return body


REQUIRED = (
    "geo.view_adminunit",
    "monitoring.view_casecount",
    "monitoring.view_counsellingpoint",
    "monitoring.view_planningscenario",
)


def _ids(request):
    return Area.of(request.user).unit_ids()


def _planned(get, *, unit_ids) -> tuple[PlanningScenario | None, list[dict]]:
    """(the chosen scenario, the planned points): the page and its exports read the same
    ones — ``planned`` (JSON points) if given, else the chosen ``scenario``'s points, else
    the planned counselling points already recorded in the user's areas. Raises
    ``BadInput`` for unreadable ``planned`` points."""
    if get.get("planned"):
        return None, planned_points_parse(get["planned"])
    scenario = None
    if pk := _scenario_pk(get.get("scenario")):
        scenario = PlanningScenario.objects.filter(pk=pk).first()
    if scenario:
        return scenario, scenario.points
    recorded = CounsellingPoint.objects.filter(status="planned").order_by("name")
    if unit_ids is not None:
        recorded = recorded.filter(commune__in=unit_ids)
    return None, [{"lon": p.location.x, "lat": p.location.y, "label": p.name} for p in recorded]


@require_GET
@permission_required_403(*REQUIRED)
def planning_page(request):
    query = plan_query_parse(request.GET, today=timezone.localdate(), unit_ids=_ids(request))
    try:
        scenario, planned = _planned(request.GET, unit_ids=_ids(request))
    except BadInput:  # unreadable points given by hand: the page shows the recorded ones
        scenario, planned = _planned({}, unit_ids=_ids(request))
    state = plan_state(query, planned, unit_ids=_ids(request), protection=disclosure_for(user=request.user))
    payload = coverage_payload(state)
    fmap = folium_planning_map.planning_map_build(state, payload)
    area = outreach.OutreachFilter.parse(request.GET)
    return render(
        request,
        "frontend/planning.html",
        {
            "symbols": symbols_legend(
                "pin_existing", "pin_planned", "pin_candidate", "pin_suggested", "land_border", "border_bands"
            ),
            "query": query,
            "state": state,
            "payload": payload,
            "page_data": {
                "payload": payload,
                "existing": [{"name": s.name, "lon": s.lon, "lat": s.lat} for s in state.existing],
                "radius_m": query.radius_m,
            },
            "indicators": Indicator.objects.order_by("display_order"),
            "scenarios": PlanningScenario.objects.all()[:50],
            "scenario": scenario,
            "outreach_rows": outreach.outreach_rows(state, area)[:50],
            "area": area,
            "area_classes": ",".join(area.classes),
            "class_choices": [
                ("type_1,type_2", "I, II"),
                ("type_1", "I"),
                ("type_1,type_2,type_3", "I, II, III"),
                ("", _("any class")),
            ],
            "map_name": fmap.get_name(),
            "layer_name": fmap.choropleth_name,
            **map_context(fmap),
            "query_string": request.GET.urlencode(),
            "strings": page_strings(),
        },
    )


def _state_from_body(request):
    """Parse a JSON request; unlike the page, a JSON request with bad settings is refused."""
    body = _json_body(request)
    query = plan_query_parse(body, today=timezone.localdate(), unit_ids=_ids(request))
    if query.messages:
        raise BadInput(" ".join(query.messages))
    planned = planned_points_parse(json.dumps(body.get("planned", [])))
    return (
        body,
        query,
        plan_state(query, planned, unit_ids=_ids(request), protection=disclosure_for(user=request.user)),
    )


@require_POST
@permission_required_403(*REQUIRED)
def planning_coverage(request):
    _body, query, state = _state_from_body(request)
    return JsonResponse(coverage_payload(state) | {"messages": list(query.messages)})


@require_POST
@permission_required_403(*REQUIRED)
def planning_site(request):
    body, _query, state = _state_from_body(request)
    candidates = planned_points_in_area(
        planned_points_parse(json.dumps(body.get("candidates", [])), parameter="candidates"), _ids(request)
    )
    result = siting_run(state, model=body.get("model", "mclp"), k=body.get("k"), candidates=candidates)
    return JsonResponse(result)


@require_POST
@permission_required_403(*REQUIRED, "monitoring.add_planningscenario", "monitoring.change_planningscenario")
def planning_scenario_save(request):
    body = _json_body(request)
    query = plan_query_parse(body, today=timezone.localdate(), unit_ids=_ids(request))
    points = planned_points_in_area(planned_points_parse(json.dumps(body.get("planned", []))), _ids(request))
    scenario = scenario_save(
        name=str(body.get("name", "")),
        user=request.user,
        period=query.period.key(),
        demand=query.demand,
        radius_m=query.radius_m,
        border_weight=query.border_weight,
        points=points,
        replace=body.get("replace") is True,
    )
    return JsonResponse({"id": scenario.pk, "name": scenario.name})


@require_POST
@permission_required_403(*REQUIRED, "monitoring.add_counsellingpoint")
def planning_promote(request):
    body = _json_body(request)
    wrong = _("Give the longitude and latitude of the point to promote.")
    lon = number_parse(body.get("lon"), parameter="lon", low=-180, high=180, reason=wrong)
    lat = number_parse(body.get("lat"), parameter="lat", low=-90, high=90, reason=wrong)
    in_area = planned_points_in_area([{"lon": lon, "lat": lat, "label": ""}], _ids(request))
    if not in_area and commune_at(point=Point(lon, lat, srid=4326)) is not None:
        raise Forbidden(_("This point lies outside your areas: choose a site inside them."))
    point = counselling_point_plan(lon=lon, lat=lat, name=str(body.get("name", "")))
    return JsonResponse({"id": point.pk, "name": point.name, "commune": point.commune.name})


def _scenario_pk(text) -> int:
    """A scenario's id as the URL gives it; 0 (none) unless it is a whole number in ASCII."""
    try:
        return number_parse(text, parameter="scenario", low=1, high=2**31 - 1, whole=True)
    except BadInput:
        return 0


@require_GET
@permission_required_403(*REQUIRED)
def planning_compare(request):
    rows = []
    for key in ("a", "b"):
        key_value = request.GET.get(key, "")
        scenario = get_object_or_404(PlanningScenario, pk=_scenario_pk(key_value))
        query = plan_query_parse(
            {
                "period": scenario.period,
                "demand": scenario.demand,
                "radius": scenario.radius_m,
                "border_weight": scenario.border_weight,
            },
            today=timezone.localdate(),
        )
        state = plan_state(
            query, scenario.points, unit_ids=_ids(request), protection=disclosure_for(user=request.user)
        )
        payload = coverage_payload(state, ranking_size=10)
        fmap = folium_planning_map.planning_map_build(state, payload)
        parts = map_context(fmap)
        rows.append(
            {
                "key": key,
                "scenario": scenario,
                "payload": payload,
                "query": query,
                "map_name": fmap.get_name(),
                "map": parts,
                "points": {
                    "existing": [{"name": s.name, "lon": s.lon, "lat": s.lat} for s in state.existing],
                    "planned": payload.get("planned") or [],
                    "radius_m": query.radius_m,
                },
            }
        )
    # Both maps load the same assets: the page writes the first map's header once.
    return render(
        request,
        "frontend/planning_compare.html",
        {
            "rows": rows,
            "map_header": rows[0]["map"]["map_header"],
            "data_blocks": [block for row in rows for block in row["map"]["data_blocks"]],
            "map_script": "\n".join(row["map"]["map_script"] for row in rows),
            "compare_points": {row["key"]: row["points"] for row in rows},
        },
    )


OUTREACH_FORMATS = ("csv", "xlsx", "geojson")


@require_GET
@permission_required_403(*REQUIRED)
def planning_outreach(request, fmt):
    fmt = format_choose(fmt, OUTREACH_FORMATS)
    query = plan_query_parse(request.GET, today=timezone.localdate(), unit_ids=_ids(request))
    scenario, planned = _planned(request.GET, unit_ids=_ids(request))  # BadInput: a 400 with the reason
    state = plan_state(query, planned, unit_ids=_ids(request), protection=disclosure_for(user=request.user))
    area = outreach.OutreachFilter.parse(request.GET)
    rows = outreach.outreach_rows(state, area)
    audit_export(request.user, "page", f"outreach-plan.{fmt}", dict(request.GET.items()), len(rows))
    stem = f"ke-hoach-tiep-can-{query.period.key()}"
    if fmt == "csv":
        response = HttpResponse(outreach.outreach_csv(rows), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        title = _("Outreach plan — period %(period)s, radius %(radius)s m") % {
            "period": query.period.key(),
            "radius": formats.number_format(query.radius_m, 0, use_l10n=True, force_grouping=True),
        }
        if state.completeness is not None:
            title += f" — {state.completeness.label()}"
        response = HttpResponse(
            outreach.outreach_xlsx(rows, title=title),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        metadata = {
            "name": "outreach_plan",
            "period": query.period.key(),
            "demand": query.demand,
            "radius_m": query.radius_m,
            "scenario": scenario.name if scenario else None,
            "border_km": area.border_km,
            "classes": list(area.classes),
            "generated_at": timezone.now().isoformat(timespec="seconds"),
            "reporting": None if state.completeness is None else state.completeness.metadata(),
            "approval": approval_state(
                period=state.query.period, unit_ids=[p.unit_id for p in state.demand]
            ).metadata(),
            "source": "Aggregated monthly case counts (no individual records)",
            "attribution": "Boundaries: demo data; land border © OpenStreetMap contributors (ODbL 1.0)",
        }
        response = HttpResponse(
            outreach.outreach_geojson(rows, metadata=metadata), content_type="application/geo+json"
        )
    return attachment(response, f"{stem}.{fmt}")
