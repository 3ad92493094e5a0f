"""Attack (issue 21, item 10): the REST API showed zeros as "<5" while the exports showed
0. One rule for every channel (``monitoring.disclosure``): zero is 0 ("nobody" points at
nobody), and each cell reads the same in the REST API, the export files, the commune
panel and the risk map."""

import csv
import datetime
import io

import pytest

from monitoring.models import CaseCount
from tests import factories, time_groups_world
from tests.time_groups_world import INDICATOR

pytestmark = pytest.mark.django_db
OCTOBER = "2026-10"
ZEROS = {"74101": 0, "74102": 2, "74201": 0}  # October: two zeros beside a small count


@pytest.fixture
def world():
    built = time_groups_world.build()
    for code, value in ZEROS.items():
        CaseCount.objects.create(
            unit=built["communes"][code],
            period=datetime.date(2026, 10, 1),
            indicator=built["indicator"],
            value=value,
        )
    return built


def _channels(client) -> dict[str, dict[str, object]]:
    api = client.get(f"/api/case-counts/?period={OCTOBER}&indicator={INDICATOR}&page_size=100").json()
    content = b"".join(client.get("/exports/case-counts.csv?unit=74").streaming_content)
    exported = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    geojson = client.get(f"/maps/risk/export.geojson?measure=count:{INDICATOR}&period={OCTOBER}").json()
    panels = {
        code: client.get(f"/maps/risk/commune/{code}.json?measure=count:{INDICATOR}&period={OCTOBER}").json()
        for code in ZEROS
    }
    return {
        "REST": {r["commune_code"]: r["value"] for r in api["results"] if r["indicator"] == INDICATOR},
        "export CSV": {
            r["commune_code"]: time_groups_world._figure(r["value"])
            for r in exported
            if r["period"] == OCTOBER and r["indicator"] == INDICATOR
        },
        "risk map": {
            f["properties"]["code"]: time_groups_world._figure(f["properties"]["value"])
            for f in geojson["features"]
        },
        "panel": {
            code: {p["month"]: p["value"] for p in panel["series"]}[OCTOBER] for code, panel in panels.items()
        },
    }


@pytest.mark.parametrize("role", ["leader", "planner"])
def test_every_channel_shows_a_zero_as_zero_and_agrees(client, world, role):
    client.force_login(factories.role_user(f"{role}-74", role, areas=[world["province"]]))
    channels = _channels(client)
    for name, shown in channels.items():
        assert shown == {"74101": 0, "74102": "<5", "74201": 0}, name
