"""Every role × every channel × inside and outside the user's area: the expected status,
and no data of the other district in any body a scoped user gets.

The table ``CHANNELS`` is the one place to add a channel (REST, OGC, tiles, exports…):
a name, the request, and the status each role gets (``allowed(...)`` builds the common
case: anonymous → login, listed roles → 200, everyone else → 403).

World: province 97 with district 971 (commune 97101, the users' area) and district 972
(commune 97201, outside it); in each commune an establishment, a counselling point, a
treatment facility and case counts.
"""

import datetime
import json
import re
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.gis.geos import Point

from geo.models import AdminUnit, Level, UserArea
from monitoring.models import (
    CaseCount,
    Classification,
    CounsellingPoint,
    Indicator,
    PlanningScenario,
    SensitiveSite,
    TreatmentFacility,
)
from monitoring.roles import roles_sync
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "no_role", "leader", "planner", "inspector", "reporter", "administrator"]
SEP = datetime.date(2026, 9, 1)
# Nothing of district 972 may appear in what a user of district 971 gets (the code as a
# whole word: coordinates such as 11.97201 in the country outlines are not a leak).
FOREIGN = [
    r"(?<![\d.])97201(?!\d)",
    r'"972"',  # the district's code as a JSON string (a shape's or a row's code)
    "Ngoại Vùng",
    "Karaoke Ngoài",
    "Điểm Ngoài",
    "Trại Ngoài",
    "Trường Ngoài",
]


def allowed(*roles: str, denied: int = 403) -> dict[str, int]:
    """Anonymous → 302 (login), ``roles`` and the administrator → 200, others → ``denied``."""
    granted = {*roles, "administrator"}
    return {r: 302 if r == "anonymous" else 200 if r in granted else denied for r in ROLES}


def scoped(status_inside: dict[str, int], *, outside: int) -> dict[str, int]:
    """For a request about a thing outside the area: the scoped roles that may use the
    channel get ``outside`` instead of 200; the administrator (every area) still gets 200."""
    return {r: outside if s == 200 and r != "administrator" else s for r, s in status_inside.items()}


@dataclass(frozen=True)
class Channel:
    name: str
    url: str  # formatted with the world's ids
    expect: dict[str, int]
    method: str = "get"
    body: dict | None = None
    binary: bool = False
    extra: dict = field(default_factory=dict)


def api_allowed(*roles: str) -> dict[str, int]:
    """As ``allowed``, for the REST API, OGC API and tiles: anonymous → 401 (they answer
    GIS tools and scripts with an authentication challenge, not a login page)."""
    return allowed(*roles) | {"anonymous": 401}


MAPS = allowed("leader", "planner", "reporter")
PLANNING = allowed("leader", "planner")
INSPECTIONS = allowed("inspector")
LOGGED_IN = allowed("no_role", "leader", "planner", "inspector", "reporter")
UNITS = ("leader", "planner", "inspector", "reporter")  # geo.view_adminunit
COUNTS = ("leader", "planner", "reporter")  # monitoring.view_casecount
TILE = "10/810/491"  # a z10 tile holding both districts (their northern parts)
PLACES_TILE = "10/810/492"  # the z10 tile holding both districts' establishments (lat 7.01)
PLAN_BODY = {"period": "2026-09", "radius": 3000}

CHANNELS = [
    Channel("home", "/", allowed("leader", "planner", "inspector", "reporter")),
    Channel("countries", "/geo/countries.geojson", LOGGED_IN),
    Channel("risk map", "/maps/risk/?period=2026-09", MAPS),
    Channel("risk map, district level", "/maps/risk/?period=2026-09&level=district", MAPS),
    Channel("risk map, foreign district", "/maps/risk/?period=2026-09&district=972", MAPS),
    Channel("risk map switch", "/maps/risk/state.json?period=2026-09", MAPS),
    Channel("risk panel inside", "/maps/risk/commune/97101.json?period=2026-09", MAPS),
    Channel("risk panel outside", "/maps/risk/commune/97201.json?period=2026-09", scoped(MAPS, outside=404)),
    Channel("risk export", "/maps/risk/export.geojson?period=2026-09", MAPS),
    Channel("risk png", "/maps/risk/map.png?period=2026-09", MAPS, binary=True),
    Channel("risk print", "/maps/risk/print/?period=2026-09", MAPS),
    Channel("province report", "/reports/province/?period=2026-Q3&format=html", MAPS),
    Channel("province report docx", "/reports/province/?period=2026-09&format=docx", MAPS, binary=True),
    Channel(
        "province report, foreign district",
        "/reports/province/?period=2026-09&area=972",
        scoped(MAPS, outside=404),
    ),
    Channel("planning", "/maps/planning/?period=2026-09", PLANNING),
    Channel("planning coverage", "/maps/planning/coverage.json", PLANNING, "post", PLAN_BODY),
    Channel(
        "planning siting",
        "/maps/planning/site.json",
        PLANNING,
        "post",
        PLAN_BODY | {"model": "mclp", "k": 1, "candidates": [{"lon": 105.03, "lat": 7.01}]},
    ),
    Channel(
        "scenario save", "/maps/planning/scenarios/", allowed("planner"), "post", PLAN_BODY | {"name": "S"}
    ),
    Channel(
        "promote inside",
        "/maps/planning/promote/",
        allowed("planner"),
        "post",
        {"lon": 105.01, "lat": 7.01, "name": "Điểm mới"},
    ),
    Channel(
        "promote outside",
        "/maps/planning/promote/",
        scoped(allowed("planner"), outside=403),
        "post",
        {"lon": 105.03, "lat": 7.01, "name": "Điểm mới"},
    ),
    Channel("scenario compare", "/maps/planning/compare/?a={scenario_a}&b={scenario_b}", PLANNING),
    Channel("outreach csv", "/maps/planning/outreach.csv?period=2026-09&border_km=any&classes=", PLANNING),
    Channel(
        "outreach geojson", "/maps/planning/outreach.geojson?period=2026-09&border_km=any&classes=", PLANNING
    ),
    Channel("establishments", "/maps/establishments/", INSPECTIONS),
    Channel("establishments, foreign district", "/maps/establishments/?district=972", INSPECTIONS),
    Channel("establishment items", "/maps/establishments/items.json", INSPECTIONS),
    Channel("establishment csv", "/maps/establishments/export.csv", INSPECTIONS),
    Channel("establishment geojson", "/maps/establishments/export.geojson", INSPECTIONS),
    Channel("establishment xlsx", "/maps/establishments/export.xlsx", INSPECTIONS, binary=True),
    Channel("visit list", "/maps/establishments/visits/", INSPECTIONS),
    Channel("visit list csv", "/maps/establishments/visits/?format=csv", INSPECTIONS),
    Channel("inspection coverage", "/maps/establishments/coverage/", INSPECTIONS),
    Channel("inspect inside", "/maps/establishments/{inside_est}/inspect/", INSPECTIONS),
    Channel(
        "inspect outside", "/maps/establishments/{outside_est}/inspect/", scoped(INSPECTIONS, outside=404)
    ),
    Channel(
        "record visit outside",
        "/maps/establishments/{outside_est}/inspect/",
        scoped(INSPECTIONS, outside=404) | {"administrator": 302},  # recorded, back to the list
        "post",
        {"date": "2026-09-05", "team": "T", "result": "compliant"},
    ),
    Channel("data entry", "/data/entry/?month=2026-09", allowed("reporter")),
    Channel("data import", "/data/import/", allowed("reporter")),
    Channel("data approval", "/data/approval/?month=2026-09", allowed("leader", "reporter")),
    Channel(
        "mark complete without a commune",
        "/data/entry/complete/?month=2026-09",
        allowed("reporter") | {"reporter": 400, "administrator": 400},
        "post",
        {},
    ),
    Channel("data completeness", "/data/completeness/", MAPS),
    Channel("data quality rules", "/data/quality/rules/?month=2026-09", MAPS),
    Channel("data quality outliers", "/data/quality/outliers/?month=2026-09", MAPS),
    Channel("boundary upload", "/data/boundaries/", allowed()),
    Channel("alerts", "/alerts/", allowed("leader")),
    Channel("alerts csv", "/alerts/export.csv", allowed("leader")),
    Channel("alerts geojson", "/alerts/export.geojson", allowed("leader")),
    Channel("export communes", "/exports/communes.geojson", allowed(*UNITS)),
    Channel("export establishments", "/exports/establishments.csv", INSPECTIONS),
    Channel("export case counts", "/exports/case-counts.csv", allowed(*COUNTS)),
    Channel("export counselling points", "/exports/counselling-points.geojson", allowed("leader", "planner")),
    Channel("api communes", "/api/communes/", api_allowed(*UNITS)),
    Channel("api establishments", "/api/establishments/", api_allowed("inspector")),
    Channel(
        "api establishment outside",
        "/api/establishments/{outside_est}/",
        scoped(api_allowed("inspector"), outside=404),
    ),
    Channel("api case counts", "/api/case-counts/", api_allowed(*COUNTS)),
    Channel("api counselling points", "/api/counselling-points/", api_allowed("leader", "planner")),
    Channel("api province report", "/api/reports/province/?period=2026-Q3&format=html", api_allowed(*COUNTS)),
    Channel(
        "api province report docx",
        "/api/reports/province/?period=2026-09&format=docx",
        api_allowed(*COUNTS),
        binary=True,
    ),
    Channel(
        "api province report, foreign district",
        "/api/reports/province/?period=2026-09&area=972&format=html",
        scoped(api_allowed(*COUNTS), outside=404),
    ),
    Channel("ogc communes", "/ogc/collections/communes/items?limit=100", api_allowed(*UNITS)),
    Channel(
        "ogc establishments", "/ogc/collections/establishments/items?limit=100", api_allowed("inspector")
    ),
    Channel(
        "ogc establishment outside",
        "/ogc/collections/establishments/items/{outside_est}",
        scoped(api_allowed("inspector"), outside=404),
    ),
    Channel("tiles communes", f"/tiles/communes/{TILE}.pbf", api_allowed(*UNITS), binary=True),
    Channel(
        "tiles establishments",
        f"/tiles/establishments/{PLACES_TILE}.pbf",
        api_allowed("inspector"),
        binary=True,
    ),
    Channel("tilejson establishments", "/tiles/establishments.json", api_allowed("inspector")),
    Channel("field app", "/field/", allowed("inspector")),
    Channel("field app manifest", "/field/manifest.json", dict.fromkeys(ROLES, 200)),
    Channel("field app service worker", "/field/sw.js", dict.fromkeys(ROLES, 200)),
    Channel("api field communes", "/api/field/communes/", api_allowed("inspector")),
    Channel("api field package", "/api/field/package/?commune=97101", api_allowed("inspector")),
    Channel(
        "api field package outside",
        "/api/field/package/?commune=97201",
        scoped(api_allowed("inspector"), outside=404),
    ),
    Channel("admin", "/admin/", {r: 200 if r == "administrator" else 302 for r in ROLES}),
    Channel("public view (off)", "/public/", dict.fromkeys(ROLES, 404)),
]


def square(x0, y0, size=0.02):
    x1, y1 = x0 + size, y0 + size
    return f"POLYGON(({x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0}))"


@pytest.fixture
def world():
    AdminUnit.objects.filter(is_demo=True).update(valid_to=datetime.date(2026, 1, 1))  # hide the demo
    province = factories.unit("97", square(105, 7, 0.04), level=Level.PROVINCE, kind="", name="Tỉnh Thử")
    a = factories.unit("971", square(105, 7), level=Level.DISTRICT, kind="", parent=province, name="Huyện A")
    b = factories.unit(
        "972", square(105.02, 7), level=Level.DISTRICT, kind="", parent=province, name="Huyện Ngoại Vùng"
    )
    inside = factories.unit("97101", square(105, 7), parent=a, name="Xã Trong Vùng")
    outside = factories.unit("97201", square(105.02, 7), parent=b, name="Xã Ngoại Vùng")
    return world_fill(inside=inside, outside=outside, area=a)


def world_fill(*, inside, outside, area) -> dict:
    """Counts, classes, places and scenarios in the communes ``inside`` and ``outside``;
    ``area`` is the unit the users get (``client_for``)."""
    users = Indicator.objects.get(code="illegal_users")
    for unit, value in [(inside, 12), (outside, 30)]:
        for month in (datetime.date(2026, 8, 1), SEP):
            CaseCount.objects.create(unit=unit, period=month, indicator=users, value=value)
        Classification.objects.create(unit=unit, year=2026, scheme="qd28_2025", drug_class="type_1")
    est_in = factories.establishment(105.01, 7.01, name="Karaoke Trong")
    est_out = factories.establishment(105.03, 7.01, name="Karaoke Ngoài")
    for name, x in [("Điểm Trong", 105.012), ("Điểm Ngoài", 105.032)]:
        CounsellingPoint.objects.create(
            name=name, location=Point(x, 7.012, srid=4326), status="active", opened_on=SEP
        )
    for name, x in [("Trường Trong", 105.016), ("Trường Ngoài", 105.039)]:
        SensitiveSite.objects.create(name=name, kind="school", location=Point(x, 7.016, srid=4326))
    for name, x in [("Trại Trong", 105.014), ("Trại Ngoài", 105.034)]:
        TreatmentFacility.objects.create(name=name, location=Point(x, 7.014, srid=4326), kind="rehab_centre")
    scenarios = [
        PlanningScenario.objects.create(
            name=name, period="2026-09", demand="illegal_users", radius_m=3000, points=points
        )
        for name, points in [
            ("Trong", [{"lon": 105.01, "lat": 7.01, "label": "Dự kiến Trong"}]),
            ("Hai nơi", [{"lon": 105.03, "lat": 7.01, "label": "Điểm Ngoài dự kiến"}]),
        ]
    ]
    return {
        "district": area,
        "inside_est": est_in.pk,
        "outside_est": est_out.pk,
        "scenario_a": scenarios[0].pk,
        "scenario_b": scenarios[1].pk,
    }


def client_for(client, role: str, world) -> object:
    if role == "anonymous":
        return client
    roles_sync()
    user = User.objects.create_user(f"u-{role}", password="pw-for-tests")
    if role != "no_role":
        user.groups.add(Group.objects.get(name=role))
    user.is_staff = role == "administrator"
    user.save()
    UserArea.objects.create(user=user, unit=world["district"])
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("channel", CHANNELS, ids=[c.name for c in CHANNELS])
def test_access(client, world, channel: Channel, role: str):
    client = client_for(client, role, world)
    url = channel.url.format(**world)
    if channel.method == "post" and url.endswith((".json", "/scenarios/", "/promote/")):
        response = client.post(url, data=json.dumps(channel.body), content_type="application/json")
    elif channel.method == "post":
        response = client.post(url, channel.body)
    else:
        response = client.get(url)
    assert response.status_code == channel.expect[role], response.content[:300]
    if response.status_code == 302 and role != "administrator":
        assert "/login/" in response.url
    vector_tile = url.startswith("/tiles/")  # protobuf: its strings are plain UTF-8 inside
    if role != "administrator" and response.status_code == 200 and (vector_tile or not channel.binary):
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", "ignore") if vector_tile else body.decode("utf-8-sig")
        # A picture embedded as base64 can spell 97201 by chance: its letters are not text.
        text = re.sub(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+", "data:image", text)
        leaked = [marker for marker in FOREIGN if re.search(marker, text)]
        assert not leaked, f"{channel.name} shows {leaked} to a {role} of district 971"


def test_the_administrator_sees_the_other_district(client, world):
    """The leak check can fail: the administrator's export does hold district 972."""
    body = client_for(client, "administrator", world).get("/maps/risk/export.geojson?period=2026-09")
    assert "97201" in body.content.decode()


def test_the_tile_leak_check_can_fail(client, world):
    """The administrator's tile of both districts does hold district 972's commune code."""
    body = client_for(client, "administrator", world).get(f"/tiles/communes/{TILE}.pbf").content
    assert "97201" in body.decode("utf-8", "ignore")


def test_the_establishment_tile_leak_check_can_fail(client, world):
    """The administrator's establishment tile does hold the other district's bar, so the
    inspector's tile of the same address proves something when it does not."""
    body = client_for(client, "administrator", world).get(f"/tiles/establishments/{PLACES_TILE}.pbf").content
    assert "Karaoke Ngoài" in body.decode("utf-8", "ignore") and "Karaoke Trong" in body.decode(
        "utf-8", "ignore"
    )


def test_every_map_view_is_in_the_matrix():
    """A new page under frontend.urls must be added to CHANNELS (or given its own test)."""
    from django.urls import get_resolver

    from frontend import urls

    tested = {c.url.split("?")[0] for c in CHANNELS}
    patterns = [str(p.pattern) for p in urls.urlpatterns]
    untested = [p for p in patterns if not any(_matches(p, url) for url in tested)]
    assert get_resolver() is not None
    assert untested == [], untested


def _matches(pattern: str, url: str) -> bool:
    regex = "^/" + re.sub(r"<[^>]+>", r"[^/]+", pattern) + "$"
    return re.match(regex, url.replace("{inside_est}", "1").replace("{outside_est}", "2")) is not None
