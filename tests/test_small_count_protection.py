"""Small-count protection: sensitive values 1..4 shown as "<5", a second cell hidden when a
single hidden cell could be recovered from its group's total, zeros shown, exact figures
for users with ``monitoring.view_exact_counts``, and always protected in public exports."""

import csv
import io
import json

import openpyxl
import pyogrio
import pytest
from django.test import override_settings

from monitoring import disclosure
from monitoring.exports import export_chunks, export_prepare, format_get
from monitoring.models import SiteSettings
from tests import export_data

THRESHOLD = 5


def recoverable(shown: list, total: int) -> bool:
    """Whether a reader of ``shown`` and the group's published ``total`` learns a hidden value."""
    hidden = [v for v in shown if isinstance(v, str)]
    return len(hidden) == 1 and total is not None


def test_single_small_cell_would_be_recoverable_so_the_next_smallest_is_hidden():
    values = [3, 0, 12, 20]  # total 35 published: 35 - 0 - 12 - 20 = 3 without protection
    shown = disclosure.protect_group(values, threshold=THRESHOLD)
    assert shown == ["<5", 0, "x", 20]
    assert not recoverable(shown, sum(values))


def test_the_complementary_cell_is_the_smallest_non_zero_and_ties_take_the_first():
    assert disclosure.protect_group([8, 4, 0, 8, 30], threshold=THRESHOLD) == ["x", "<5", 0, 8, 30]


def test_two_small_cells_protect_each_other():
    assert disclosure.protect_group([2, 3, 10], threshold=THRESHOLD) == ["<5", "<5", 10]


def test_zero_is_shown_and_never_chosen_to_hide():
    assert disclosure.protect_group([0, 0, 7], threshold=THRESHOLD) == [0, 0, 7]
    assert disclosure.protect_group([3, 0], threshold=THRESHOLD) == ["<5", 0]


def test_threshold_itself_is_shown_and_missing_values_stay_missing():
    assert disclosure.protect_group([5, None, 6], threshold=THRESHOLD) == [5, None, 6]
    assert disclosure.protect_group([1, None, 6], threshold=THRESHOLD) == ["<5", None, "x"]


def test_whole_table_by_group_for_the_risk_map():
    values = {"73101": 3, "73102": 9, "73201": 2, "73202": 2, "74101": 40}
    groups = {"73101": 731, "73102": 731, "73201": 732, "73202": 732, "74101": 741}
    assert disclosure.protect_values(values, groups=groups, threshold=THRESHOLD) == {
        "73101": "<5",
        "73102": "x",
        "73201": "<5",
        "73202": "<5",
        "74101": 40,
    }
    assert disclosure.protect_values(values, groups=groups, sensitive=False) == values


@pytest.mark.django_db
@override_settings(SMALL_COUNT_THRESHOLD=10)
def test_threshold_comes_from_the_site_settings_then_the_environment_setting():
    assert disclosure.small_count_threshold() == 10
    assert disclosure.protect_values({"a": 7, "b": 12}, groups={"a": 1, "b": 1}) == {"a": "<10", "b": "x"}
    SiteSettings.objects.update_or_create(pk=1, defaults={"small_count_threshold": 3})
    assert disclosure.small_count_threshold() == 3
    assert disclosure.disclosure_for(public=True).marker == "<3"


def test_a_hidden_parent_leaves_no_group_of_its_children_fully_shown():
    # District 731 (12 + 20) hidden as the complementary cell of district 732 (2): shown
    # 12 and 20 would give 32 back, and the province total minus 32 the hidden 2.
    assert disclosure.protect_group([12, 20], threshold=THRESHOLD, total_hidden=True) == ["x", 20]
    assert disclosure.protect_group([3, 20], threshold=THRESHOLD, total_hidden=True) == ["<5", 20]
    assert disclosure.protect_group([0, 0], threshold=THRESHOLD, total_hidden=True) == [0, 0]
    totals = disclosure.group_totals({"a": 12, "b": 20, "c": 2}, groups={"a": 731, "b": 731, "c": 732})
    assert totals == {731: 32, 732: 2}
    assert disclosure.hidden_groups(totals, parents={731: 73, 732: 73}, threshold=THRESHOLD) == {731, 732}


# --- the case-counts export --------------------------------------------------------------

pytestmark_db = pytest.mark.django_db  # the pure tests above need no database


def case_counts(*, user=None, public=False, **params) -> dict:
    export = export_prepare(layer_name="case-counts", params=params, user=user, public=public)
    body = json.loads(b"".join(export_chunks(export, format_get("geojson"))))
    return {
        (f["properties"]["commune_code"], f["properties"]["period"], f["properties"]["indicator"]): f[
            "properties"
        ]["value"]
        for f in body["features"]
    } | {"_meta": body["metadata"]}


@pytestmark_db
def test_user_without_exact_counts_sees_protected_values():
    world = export_data.small_province()
    user = export_data.account("viewer", "monitoring.view_casecount", area=world["province"])
    rows = case_counts(user=user)
    assert rows[("73101", "2026-05", "illegal_users")] == "<5"
    assert rows[("73102", "2026-05", "illegal_users")] == "x"
    assert rows[("73201", "2026-05", "illegal_users")] == 0
    # June: district 732 (2) is hidden, so district 731 (32) is its complementary cell and
    # one commune of 731 must be hidden too, or 12 + 20 gives 731 and the province total 732.
    assert rows[("73101", "2026-06", "illegal_users")] == "x"
    assert rows[("73102", "2026-06", "illegal_users")] == 20
    assert rows[("73201", "2026-06", "illegal_users")] == "<5"
    assert rows[("73101", "2026-05", "hotspots")] == 1  # not a sensitive indicator
    assert rows["_meta"]["small_count_protection"]["threshold"] == 5


@pytestmark_db
def test_user_with_exact_counts_sees_exact_values_unless_public():
    world = export_data.small_province()
    user = export_data.account(
        "analyst", "monitoring.view_casecount", "monitoring.view_exact_counts", area=world["province"]
    )
    rows = case_counts(user=user)
    assert rows[("73101", "2026-05", "illegal_users")] == 3
    assert rows[("73102", "2026-05", "illegal_users")] == 9
    assert rows["_meta"]["small_count_protection"] is None
    public = case_counts(user=user, public=True)
    assert public[("73101", "2026-05", "illegal_users")] == "<5"


@pytestmark_db
def test_command_line_run_is_exact_unless_public():
    export_data.small_province()
    assert case_counts()[("73101", "2026-05", "illegal_users")] == 3
    assert case_counts(public=True)[("73101", "2026-05", "illegal_users")] == "<5"


@pytestmark_db
def test_filtered_export_still_hides_the_sibling_that_gives_the_small_value_away():
    export_data.small_province()
    alone = case_counts(public=True, unit="73102", indicator="illegal_users", period="2026-05")
    # 73102's 9 is hidden: with the district total and 73101's "<5" it would reveal 3.
    assert {k: v for k, v in alone.items() if k != "_meta"} == {("73102", "2026-05", "illegal_users"): "x"}
    assert alone["_meta"]["period"] == "2026-05"


@pytestmark_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "gpkg"])
def test_protected_values_in_every_format(client, tmp_path, fmt):
    world = export_data.small_province()
    user = export_data.account("viewer2", "monitoring.view_casecount", area=world["province"])
    client.force_login(user)
    response = client.get(f"/exports/case-counts.{fmt}?indicator=illegal_users&period=2026-05")
    content = b"".join(response.streaming_content)
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
        values = {r["commune_code"]: r["value"] for r in rows}
    elif fmt == "xlsx":
        sheet = list(openpyxl.load_workbook(io.BytesIO(content))["data"].iter_rows(values_only=True))
        values = {r[0]: r[4] for r in sheet[1:]}
    else:
        path = tmp_path / "counts.gpkg"
        path.write_bytes(content)
        frame = pyogrio.read_dataframe(path)
        values = dict(zip(frame["commune_code"], frame["value"], strict=True))
    assert {k: str(v) for k, v in values.items()} == {"73101": "<5", "73102": "x", "73201": "0"}


@pytestmark_db
def test_public_flag_on_the_web_only_adds_protection(client):
    world = export_data.small_province()
    user = export_data.account(
        "analyst2", "monitoring.view_casecount", "monitoring.view_exact_counts", area=world["province"]
    )
    client.force_login(user)
    exact = json.loads(b"".join(client.get("/exports/case-counts.geojson?period=2026-05").streaming_content))
    public = json.loads(
        b"".join(client.get("/exports/case-counts.geojson?period=2026-05&public=1").streaming_content)
    )
    assert 3 in [f["properties"]["value"] for f in exact["features"]]
    assert "<5" in [f["properties"]["value"] for f in public["features"]]
    assert 3 not in [f["properties"]["value"] for f in public["features"]]
