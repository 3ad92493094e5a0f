"""Acceptance of the one small-count protection path (issue 12): ONE table of sensitive
and non-sensitive cells (value, siblings, role → shown) read back from every channel
that can show them, on real rows in PostGIS (``tests.export_data.small_province``).

The same cell shows the same marker in every channel: "<5" for a sensitive 1..4, "x" for
the complementary cell (rule 2) or the hidden parent's child (rule 3), 0 for zero, the
exact figure for the reporter (``view_exact_counts``) and for non-sensitive indicators;
public outputs are protected whoever asks.
"""

import csv
import io
import json
import re
from dataclasses import dataclass

import pytest

from geo.models import AdminUnit
from monitoring.models import SiteSettings
from monitoring.ogc.collections import COLLECTIONS
from monitoring.tiles.layers import TILE_LAYERS
from tests import export_data, factories

pytestmark = pytest.mark.django_db

MAY, JUNE = "2026-05", "2026-06"
PROTECTED_ROLES = ("leader", "planner", "public")  # no view_exact_counts, or a public output
EXACT_ROLES = ("reporter",)


@dataclass(frozen=True)
class Cell:
    unit: str  # a commune (its monthly count) or a district (the sum of its communes)
    month: str
    indicator: str
    value: int
    siblings: tuple[int, ...]  # the other cells of its group (same parent, indicator, month)
    protected: int | str  # what leader, planner and every public output see
    why: str

    @property
    def district(self) -> bool:
        return len(self.unit) == 3

    def shown(self, role: str) -> int | str:
        return self.protected if role in PROTECTED_ROLES else self.value


# District 731 holds communes 73101 and 73102, district 732 holds 73201; province 73.
TABLE = [
    Cell("73101", MAY, "illegal_users", 3, (9,), "<5", "rule 1: a sensitive 1..4"),
    Cell("73102", MAY, "illegal_users", 9, (3,), "x", "rule 2: 731's total minus it gives 3"),
    Cell("73201", MAY, "illegal_users", 0, (), 0, "zero is shown"),
    Cell("73201", JUNE, "illegal_users", 2, (), "<5", "rule 1, alone in its district"),
    Cell("73101", JUNE, "illegal_users", 12, (20,), "x", "rule 3: district 731 (32) is hidden"),
    Cell("73102", JUNE, "illegal_users", 20, (12,), 20, "one hidden cell per group is enough"),
    Cell("73101", MAY, "hotspots", 1, (1,), 1, "not a sensitive indicator"),
    Cell("731", JUNE, "illegal_users", 32, (2,), "x", "rule 2 among the districts of 73"),
    Cell("732", JUNE, "illegal_users", 2, (32,), "<5", "rule 1 on a district's sum"),
    Cell("731", MAY, "illegal_users", 12, (0,), 12, "no district figure is small"),
    Cell("732", MAY, "illegal_users", 0, (12,), 0, "zero is shown"),
]


def test_the_table_is_what_the_world_holds():
    for cell in TABLE:
        if not cell.district and cell.indicator == "illegal_users":
            assert export_data.COUNTS[
                (cell.unit, export_data.MAY if cell.month == MAY else export_data.JUNE)
            ] == (cell.value)


@pytest.fixture
def world():
    AdminUnit.objects.filter(is_demo=True).update(valid_to="2026-01-01")  # the demo, if built, is away
    built = export_data.small_province()
    built["users"] = {
        role: factories.role_user(f"{role}-73", role, areas=[built["province"]])
        for role in ("leader", "planner", "reporter")
    }
    return built


def _figure(value):
    """A figure as it reads in a file: "3" and 3.0 are 3, a marker stays a marker."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return value


def _login(client, world, role):
    if role == "public":
        client.force_login(world["users"]["reporter"])  # a public output, asked by one who may see more
    else:
        client.force_login(world["users"][role])


# --- one reader per channel: {(unit, month, indicator): shown} -------------------------


def read_panel(client, cells):
    shown = {}
    for unit, indicator in {(c.unit, c.indicator) for c in cells}:
        response = client.get(f"/maps/risk/commune/{unit}.json?measure=count:{indicator}&period={JUNE}")
        assert response.status_code == 200
        for point in response.json()["series"]:
            shown[(unit, point["month"], indicator)] = point["value"]
    return shown


def read_choropleth(client, cells):
    shown = {}
    for month, indicator, district in {(c.month, c.indicator, c.district) for c in cells}:
        level = "&level=district" if district else ""
        url = f"/maps/risk/export.geojson?measure=count:{indicator}&period={month}{level}"
        document = client.get(url).json()
        for feature in document["features"]:
            shown[(feature["properties"]["code"], month, indicator)] = feature["properties"]["value"]
        legend = {entry["class"]: entry["count"] for entry in document["legend"]}
        hidden = [f for f in document["features"] if isinstance(f["properties"]["value"], str)]
        assert legend.get("protected", 0) == len(hidden)  # legend counts match the cells
    return shown


def read_api(client, cells):
    shown = {}
    for month in {c.month for c in cells}:
        for row in client.get(f"/api/case-counts/?period={month}&page_size=1000").json()["results"]:
            shown[(row["commune_code"], row["period"][:7], row["indicator"])] = row["value"]
    return shown


def _export_rows(client, fmt, public):
    flag = "&public=1" if public else ""
    content = b"".join(client.get(f"/exports/case-counts.{fmt}?unit=73{flag}").streaming_content)
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    return [f["properties"] for f in json.loads(content)["features"]]


def read_export(fmt):
    def read(client, cells, *, public=False):
        return {
            (r["commune_code"], r["period"], r["indicator"]): r["value"]
            for r in _export_rows(client, fmt, public)
        }

    return read


def read_planning(client, cells):
    shown = {}
    for month, indicator in {(c.month, c.indicator) for c in cells}:
        body = {"period": month, "demand": indicator}
        response = client.post("/maps/planning/coverage.json", body, content_type="application/json")
        assert response.status_code == 200
        for code, facts in response.json()["communes"].items():
            shown[(code, month, indicator)] = facts["demand"]
    return shown


def read_public_page(client, cells):
    SiteSettings.objects.update_or_create(pk=1, defaults={"public_view_enabled": True})
    client.logout()
    names = dict(AdminUnit.objects.filter(code__in=["731", "732"]).values_list("name", "code"))
    shown = {}
    for month, indicator in {(c.month, c.indicator) for c in cells}:
        page = client.get(f"/public/?indicator={indicator}&period={month}").content.decode()
        table = page.split('id="public-figures"')[1].split("</table>")[0]
        for row in re.split(r"<tr[^>]*>", table)[1:]:
            cells_html = [part.split("</td>")[0] for part in row.split("<td>")[1:]]
            if len(cells_html) == 2 and cells_html[0] in names:
                # The figure, before any "incomplete" mark that follows it in the cell.
                value = cells_html[1].split("<")[0].strip().replace("&lt;", "<")
                shown[(names[cells_html[0]], month, indicator)] = value
    return shown


# channel: (reader, which cells it shows, the roles that read it; "public" = its public mode)
CHANNELS = {
    "risk-map commune panel JSON": (read_panel, "communes", ("leader", "planner", "reporter")),
    "risk-map choropleth / page JSON": (read_choropleth, "all", ("leader", "planner", "reporter")),
    "REST /api/case-counts/": (read_api, "communes", ("leader", "planner", "reporter")),
    "export /exports/case-counts.csv": (read_export("csv"), "communes", (*PROTECTED_ROLES, "reporter")),
    "export /exports/case-counts.geojson": (
        read_export("geojson"),
        "communes",
        (*PROTECTED_ROLES, "reporter"),
    ),
    "planning demand": (read_planning, "communes", ("leader", "planner")),
    "public page": (read_public_page, "districts", ("public",)),
}


@pytest.mark.parametrize(
    ("channel", "role"),
    [(name, role) for name, (_read, _cells, roles) in CHANNELS.items() for role in roles],
)
def test_every_channel_shows_each_cell_as_the_table_says(client, world, channel, role):
    read, which, _roles = CHANNELS[channel]
    cells = [
        c
        for c in TABLE
        if which == "all" or (which == "districts") == c.district
        if not (channel == "planning demand" and c.indicator != "illegal_users")  # one demand indicator
        if not (channel == "public page" and c.indicator != "illegal_users")
    ]
    _login(client, world, role)
    if role == "public" and channel != "public page":
        shown = read(client, cells, public=True)
    else:
        shown = read(client, cells)
    got = {(c.unit, c.month, c.indicator): _figure(shown.get((c.unit, c.month, c.indicator))) for c in cells}
    expected = {(c.unit, c.month, c.indicator): c.shown(role) for c in cells}
    assert got == expected, [c.why for c in cells if got[(c.unit, c.month, c.indicator)] != c.shown(role)]


def test_leaders_commune_panel_shows_a_protected_sensitive_count_of_three(client, world):
    client.force_login(world["users"]["leader"])
    panel = client.get(f"/maps/risk/commune/73101.json?measure=count:illegal_users&period={MAY}").json()
    assert {p["month"]: p["value"] for p in panel["series"]}[MAY] == "<5"


def test_risk_map_summary_and_charts_follow_the_same_cells(client, world):
    client.force_login(world["users"]["leader"])
    page = client.get(f"/maps/risk/?measure=count:illegal_users&period={JUNE}").content.decode()
    charts = json.loads(page.split('id="risk-charts"')[1].split(">", 1)[1].split("</script>")[0])
    parts = dict(zip(charts["parts"]["labels"], charts["parts"]["values"], strict=True))
    names = dict(AdminUnit.objects.filter(code__in=["731", "732"]).values_list("code", "name"))
    assert parts[f"{names['731']} (x)"] is None and parts[f"{names['732']} (<5)"] is None
    assert charts["trend"]["values"] == [12.0, 34.0]  # province totals: rule 1, none small


def test_rate_and_change_of_a_hidden_count_are_hidden_too(client, world):
    client.force_login(world["users"]["leader"])
    for measure in ("rate", "change"):
        url = f"/maps/risk/export.geojson?measure={measure}:illegal_users&period={JUNE}"
        values = {
            f["properties"]["code"]: f["properties"]["value"] for f in client.get(url).json()["features"]
        }
        assert values["73201"] == "<5"  # 2 per 1,000 residents would give the 2 back
        assert values["73101"] == "x"
    change = f"/maps/risk/export.geojson?measure=change:illegal_users&period={JUNE}"
    values = {
        f["properties"]["code"]: f["properties"]["value"] for f in client.get(change).json()["features"]
    }
    assert values["73102"] == "x"  # June 20 is shown, but May's 9 was hidden: 20 - 9 would give it


def test_channels_without_a_sensitive_figure():
    """OGC API collections and vector tiles carry units and places, never a case count: a
    new field holding one must come with protection (and a row in the table above)."""
    counts = {"value", "count", "demand", "illegal_users"}
    for collection in COLLECTIONS.values():
        assert not counts.intersection(collection.properties), collection.name
    for layer in TILE_LAYERS.values():
        assert not counts.intersection(layer.properties), layer.name


def test_a_reader_whose_area_cuts_a_district_sees_its_partial_sum_protected(client, world):
    leader = factories.role_user("leader-73101", "leader", areas=[world["communes"]["73101"]])
    client.force_login(leader)
    url = f"/maps/risk/export.geojson?measure=count:illegal_users&period={MAY}&level=district"
    values = {f["properties"]["code"]: f["properties"]["value"] for f in client.get(url).json()["features"]}
    assert values == {}  # no district outside the reader's area is drawn, not even 731
    page = client.get(f"/maps/risk/?measure=count:illegal_users&period={MAY}").content.decode()
    charts = json.loads(page.split('id="risk-charts"')[1].split(">", 1)[1].split("</script>")[0])
    # The parts chart sums 731's communes in the area: 3, not the whole district's 12.
    assert charts["parts"]["values"] == [None] and charts["parts"]["labels"][0].endswith("(<5)")
    assert charts["trend"]["values"][0] is None
