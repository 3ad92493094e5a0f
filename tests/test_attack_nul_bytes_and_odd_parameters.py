"""Issue 21, item 8: client input that gave a 500. A NUL in any parameter of any list
endpoint of the REST API, the OGC API and the pages (PostgreSQL cannot store a NUL, and
the REST list's audit event broke on it); ``polygon={}``; a polygon in ``SRID=999999``;
``"²"`` (``str.isdigit`` says yes, ``int()`` says no); ``radius=inf`` and other
infinities; a huge bounding box in EPSG:3405; a CRLF in a download path. Each is a 4xx
that names the parameter, never a 500."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from monitoring.audit import audit_export
from monitoring.models import AuditEvent
from monitoring.ogc.collections import COLLECTIONS
from monitoring.ogc.params import RESERVED
from tests import api_world

pytestmark = pytest.mark.django_db
world = api_world.world

EPSG = "http://www.opengis.net/def/crs/EPSG/0/"
SQUARE = "POLYGON((105 7,105.01 7,105.01 7.01,105 7.01,105 7))"


def _api_pairs() -> list[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (path, parameter["name"])
        for path, operations in schema["paths"].items()
        if "{" not in path and "get" in operations
        for parameter in operations["get"].get("parameters", [])
        if parameter["in"] == "query"
    ]


def _ogc_pairs() -> list[tuple[str, str]]:
    return [
        (f"/ogc/collections/{name}/items", parameter)
        for name, collection in COLLECTIONS.items()
        for parameter in (*RESERVED, *collection.filters)
    ]


PAGE_PAIRS = [
    ("/maps/establishments/", name)
    for name in ("commune", "district", "type", "status", "polygon", "point", "bbox", "before", "sort")
] + [
    ("/maps/risk/", "period"),
    ("/maps/risk/", "indicator"),
    ("/maps/risk/export.geojson", "period"),
    ("/maps/planning/", "radius"),
    ("/maps/planning/coverage.json", "period"),
    ("/reports/province/", "area"),
    ("/public/", "indicator"),
    ("/data/quality/outliers/", "district"),
]

PAIRS = _api_pairs() + _ogc_pairs() + PAGE_PAIRS


def test_the_pairs_cover_the_api_the_ogc_api_and_the_pages():
    assert len(PAIRS) >= 70
    assert {path.split("/")[1] for path, _ in PAIRS} >= {"api", "ogc", "maps"}


@pytest.mark.parametrize(("path", "parameter"), PAIRS)
def test_a_nul_in_any_parameter_is_a_400_naming_it(client, world, path, parameter):
    client.force_login(world["admin"])
    response = client.get(path, {parameter: "a\x00b"})
    assert response.status_code == 400, (path, parameter, response.status_code, response.content[:200])
    assert "NUL" in response.content.decode()


def test_a_nul_in_a_parameter_name_and_in_a_form_field_is_a_400(client, world):
    client.force_login(world["admin"])
    assert client.get("/api/establishments/?a%00=1").status_code == 400
    response = client.post("/maps/planning/scenarios/", {"name": "x\x00"})
    assert response.status_code == 400
    response = client.post("/api/case-counts/", '{"commune": "a\\u0000"}', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["parameter"] == "body"


def test_the_audit_event_of_an_export_stores_a_nul_in_its_filter(world):
    event = audit_export(world["admin"], "api", "establishments", {"na\x00me": "a\x00b"}, 1)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.filter == {"na\ufffdme": "a\ufffdb"}


ODD = [
    ("/api/establishments/?polygon={}", "polygon"),
    ("/api/communes/?polygon={}", "polygon"),
    (f"/api/establishments/?polygon=SRID=999999;{SQUARE}", "polygon"),
    (f"/api/communes/?polygon=SRID=999999;{SQUARE}", "polygon"),
    ("/api/inspections/?establishment=²", "establishment"),
    ("/api/classifications/?year=²", "year"),
    ("/api/establishments/?point=105,7&radius=inf", "radius"),
    ("/api/establishments/?point=105,7&radius=nan", "radius"),
    ("/api/establishments/?point=inf,7&radius=10", "point"),
    ("/api/establishments/?bbox=-inf,7,105.1,7.1", "bbox"),
    ("/api/establishments/?bbox=1e999,7,105.1,7.1", "bbox"),
    ("/ogc/collections/establishments/items?limit=²", "limit"),
    ("/ogc/collections/establishments/items?offset=²", "offset"),
    ("/ogc/collections/establishments/items?id=²", "id"),
    ("/ogc/collections/treatment-facilities/items?capacity=inf", "capacity"),
    (f"/ogc/collections/establishments/items?crs={EPSG}²", "crs"),
    (f"/ogc/collections/establishments/items?crs={EPSG}999999", "crs"),
    (f"/ogc/collections/establishments/items?bbox=-1e30,-1e30,1e30,1e30&bbox-crs={EPSG}3405", "bbox"),
    (f"/ogc/collections/establishments/items?bbox=-1e9,-1e9,1e9,1e9&bbox-crs={EPSG}3405", "bbox"),
    (f"/ogc/collections/establishments/items?bbox=0,0,1e300,1e300&bbox-crs={EPSG}3405", "bbox"),
]


@pytest.mark.parametrize(("url", "parameter"), ODD)
def test_an_odd_value_is_a_400_naming_the_parameter(client, world, url, parameter):
    client.force_login(world["admin"])
    response = client.get(url)
    assert response.status_code == 400, (url, response.status_code, response.content[:300])
    assert parameter in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/maps/establishments/?polygon={}",
        f"/maps/establishments/?polygon=SRID=999999;{SQUARE}",
        "/maps/establishments/?point=105,7&radius=inf",
        "/maps/establishments/?page=²",
        "/maps/planning/?radius=inf",
        "/maps/planning/?scenario=²",
        "/maps/planning/compare/?a=²&b=²",
        "/ogc/collections/establishments/items/²",
    ],
)
def test_an_odd_value_on_a_page_is_never_a_server_error(client, world, url):
    client.force_login(world["admin"])
    assert client.get(url).status_code < 500


@pytest.mark.parametrize(
    "url",
    [
        "/maps/planning/outreach.csv%0D%0AX-Evil:%201",
        "/maps/planning/outreach.x%22%0D%0AContent-Type:text/html",
        "/exports/establishments.csv%0D%0A",
        "/maps/risk/commune/73101%0D%0A.json",
        "/tiles/establishments%0D%0A.json",
        "/maps/establishments/export.csv%0D%0A",
        "/reports/province/?format=pdf%0D%0AX-Evil:1",
    ],
)
def test_a_crlf_in_a_download_path_sets_no_header_and_is_no_server_error(client, world, url):
    client.force_login(world["admin"])
    response = client.get(url)
    assert response.status_code in (400, 404), (url, response.status_code)
    assert "X-Evil" not in response.headers
    assert "\n" not in response.get("Content-Disposition", "")
