"""A month only some communes reported is labelled with its share reported wherever its
figures appear (risk map warning, summary, trend, planning page, exports); a commune
that did not report is drawn as "not reported", never as a zero; and the default period
is the latest complete month.

The demo province has every commune's figures up to 10/2026; each test adds November
for five of its 200 communes (the transaction is rolled back after it)."""

import csv
import datetime
import io
import json
import re

import pytest
from django.utils import translation

from frontend.planning.plan import plan_query_parse
from frontend.risk_map.query import risk_query_parse
from geo.models import AdminUnit, Level
from monitoring.figures.completeness import latest_complete_month, period_completeness
from monitoring.figures.periods import Period
from monitoring.models import CaseCount, Indicator
from tests import factories

pytestmark = pytest.mark.django_db

NOVEMBER = datetime.date(2026, 11, 1)
TODAY = datetime.date(2026, 12, 15)


@pytest.fixture
def november(demo_province):
    """Illegal drug users for 11/2026 from the first five communes (by code): (reported, missing)."""
    communes = list(AdminUnit.current.filter(level=Level.COMMUNE, is_demo=True).order_by("code"))
    assert len(communes) == 200
    indicator = Indicator.objects.get(code="illegal_users")
    for value, commune in enumerate(communes[:5]):
        CaseCount.objects.create(unit=commune, period=NOVEMBER, indicator=indicator, value=value)
    return communes[:5], communes[5:]


@pytest.fixture
def leader(client, demo_province):
    client.force_login(factories.role_user("leader-completeness", "leader"))
    client.cookies["django_language"] = "en"
    return client


def test_the_share_and_the_missing_communes_of_a_month(november):
    _reported, missing = november
    indicator = Indicator.objects.get(code="illegal_users")
    result = period_completeness(indicator=indicator, period=Period.month(NOVEMBER))
    assert (result.expected, result.reported, result.share, result.complete) == (200, 5, 2.5, False)
    assert [code for code, _name in result.missing] == [c.code for c in missing[:10]]
    assert result.missing_more == 185
    with translation.override("en"):
        assert result.label() == "5 of 200 communes reported (2.5 %)"
    with translation.override("vi"):
        assert "(2,5 %)" in result.label()  # the share in the reader's number format
    october = period_completeness(indicator=indicator, period=Period.parse("2026-10"))
    assert (october.reported, october.complete, october.missing) == (200, True, [])


def test_the_default_period_is_the_latest_complete_month(november):
    assert latest_complete_month(today=TODAY) == Period.parse("2026-10")
    assert risk_query_parse({}, today=TODAY).period == Period.parse("2026-10")
    assert plan_query_parse({}, today=TODAY).period == Period.parse("2026-10")
    # The five communes alone have reported November: for them it is complete.
    ids = {c.id for c in november[0]}
    assert risk_query_parse({}, today=TODAY, unit_ids=ids).period == Period.parse("2026-11")


def test_the_home_page_names_the_latest_complete_month(leader, november):
    page = leader.get("/").content.decode()
    assert 'id="latest-complete">10/2026<' in page


def test_a_lower_threshold_makes_a_partly_reported_month_complete(november, settings):
    settings.REPORTING_COMPLETE_PERCENT = 2
    assert latest_complete_month(today=TODAY) == Period.parse("2026-11")


def test_the_risk_map_warns_and_marks_the_summary_and_the_trend(leader, november):
    reported, missing = november
    page = leader.get("/maps/risk/?period=2026-11&measure=count:illegal_users").content.decode()
    warning = page.split('id="incomplete-period"')[1].split("</div>")[0]
    assert "5 of 200 communes reported (2.5 %)" in warning
    assert warning.count("data-code=") == 10
    assert f'data-code="{missing[0].code}"' in warning and f'data-code="{reported[0].code}"' not in warning
    assert "and 185 more" in warning
    total = page.split('id="summary-total">')[1].split("</dd>")[0]
    assert total.startswith("10") and "(incomplete · 2.5 %)" in total  # 0+1+2+3+4
    charts = json.loads(page.split('id="risk-charts" type="application/json">')[1].split("</script>")[0])
    trend = charts["trend"]
    assert trend["labels"][-2:] == ["10/2026", "11/2026"]
    assert trend["reported"][-2:] == [200, 5] and trend["complete"][-2:] == [True, False]
    assert trend["expected"] == 200
    printed = leader.get("/maps/risk/print/?period=2026-11&measure=count:illegal_users").content.decode()
    assert "5 of 200 communes reported (2.5 %)" in printed.split('id="incomplete-period"')[1]


def test_a_district_whose_communes_have_not_all_reported_says_so(leader, november):
    page = leader.get(
        "/maps/risk/?level=district&period=2026-11&measure=count:illegal_users"
    ).content.decode()
    assert page.count("(incomplete: 0 of ") >= 10  # districts none of whose communes reported
    complete = leader.get("/maps/risk/?level=district&period=2026-10&measure=count:illegal_users")
    assert "(incomplete: " not in complete.content.decode()


def test_a_complete_month_has_no_warning(leader, november):
    page = leader.get("/maps/risk/?period=2026-10&measure=count:illegal_users").content.decode()
    assert 'id="incomplete-period"' not in page and "(incomplete" not in page


def test_the_page_without_a_period_shows_the_latest_complete_month(leader, november):
    page = leader.get("/maps/risk/?measure=count:illegal_users").content.decode()
    assert re.search(r'<option value="2026-10" selected>', page)
    assert 'id="incomplete-period"' not in page


def test_a_commune_without_a_report_is_in_the_no_data_class_of_the_map_and_export(leader, november):
    reported, missing = november
    query = "period=2026-11&measure=count:illegal_users"
    page = leader.get(f"/maps/risk/?{query}").content.decode()
    legend = page.split('id="legend">')[1].split("</ul>")[0]
    assert 'class="legend-no_data"' in legend and "No data / not reported" in legend
    assert re.search(r'legend-no_data.*?<span class="count">195</span>', legend)
    document = json.loads(leader.get(f"/maps/risk/export.geojson?{query}").content)
    features = {f["id"]: f["properties"] for f in document["features"]}
    assert features[missing[0].code]["value"] is None and features[missing[0].code]["class"] == "no_data"
    zero = features[reported[0].code]  # reported 0: a value with its class, not "no data"
    assert zero["value"] == 0 and zero["class"] != "no_data"
    assert next(e for e in document["legend"] if e["class"] == "no_data")["colour"] == "#bdbdbd"
    reporting = document["reporting"]
    assert reporting["period"] == "2026-11" and reporting["share_percent"] == 2.5
    assert (reporting["communes_expected"], reporting["communes_reported"], reporting["complete"]) == (
        200,
        5,
        False,
    )


def _plan_data(page: str) -> dict:
    return json.loads(page.split('id="plan-data" type="application/json">')[1].split("</script>")[0])


def test_the_planning_page_shows_not_reported_apart_from_no_demand(leader, november):
    reported, missing = november
    page = leader.get("/maps/planning/?period=2026-11&demand=illegal_users").content.decode()
    assert "Period 2026-11 is incomplete" in page.split('id="incomplete-period"')[1]
    warning = page.split('id="coverage-incomplete">')[1].split("</p>")[0]
    assert "5 of 200 communes reported (2.5 %)" in warning and "195 communes have not reported" in warning
    assert "195 communes not reported" in page.split('id="coverage-detail">')[1].split("</p>")[0]
    payload = _plan_data(page)["payload"]
    assert payload["communes_total"] == 5 and payload["communes_not_reported"] == 195
    assert payload["total_weight"] == 10.0  # only the reported demand (0+1+2+3+4)
    gone = payload["communes"][missing[0].code]
    assert gone["demand"] is None and gone["class"] == "not_reported" and gone["colour"] == "#bdbdbd"
    zero = payload["communes"][reported[0].code]
    assert zero["demand"] == 0 and zero["class"] == "no_demand" and zero["colour"] != gone["colour"]
    assert payload["reporting"]["share_percent"] == 2.5
    assert 'id="swatch-not-reported" style="background:#bdbdbd"' in page


def test_the_planning_page_of_a_complete_month_has_no_warning(leader, november):
    page = leader.get("/maps/planning/?period=2026-10").content.decode()
    assert 'id="incomplete-period"' not in page and 'id="coverage-incomplete"' not in page
    assert _plan_data(page)["payload"]["communes_not_reported"] == 0


def test_the_outreach_exports_state_the_share_reported(leader, november):
    reported_codes = {c.code for c in november[0]}
    query = "period=2026-11&border_km=any&classes=type_1,type_2,type_3,none,drug_free"
    document = json.loads(leader.get(f"/maps/planning/outreach.geojson?{query}").content)
    assert document["reporting"]["share_percent"] == 2.5 and document["reporting"]["complete"] is False
    rows = {f["id"]: f["properties"] for f in document["features"]}
    assert len(rows) > 20 and reported_codes & set(rows)
    for code, row in rows.items():
        assert row["reported"] is (code in reported_codes)
        assert (row["demand"] is None) is (code not in reported_codes)  # never 0 for a missing report
    leader.cookies["django_language"] = "vi"  # the file's headers in the reader's language
    text = leader.get(f"/maps/planning/outreach.csv?{query}").content.decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    assert len(table) == len(rows)
    from frontend.planning.outreach import COLUMNS

    with translation.override("vi"):
        head = {key: str(label) for key, label in COLUMNS}
    assert head["reporting_share"] == "Tỷ lệ xã đã báo cáo trong kỳ (%)"
    assert {row[head["reporting_share"]] for row in table} == {"2.5"}
    missing = next(row for row in table if row[head["code"]] not in reported_codes)
    assert missing[head["demand"]] == "" and missing[head["reported"]] == "False"


def test_the_case_count_export_states_each_months_share(leader, november):
    response = leader.get(
        "/exports/case-counts.geojson?period_from=2026-10&period_to=2026-11&indicator=illegal_users"
    )
    assert response.status_code == 200
    metadata = json.loads(b"".join(response.streaming_content) if response.streaming else response.content)[
        "metadata"
    ]
    assert metadata["reporting"] == [
        {
            "period": "2026-10",
            "communes_expected": 200,
            "communes_reported": 200,
            "share_percent": 100.0,
            "complete": True,
        },
        {
            "period": "2026-11",
            "communes_expected": 200,
            "communes_reported": 5,
            "share_percent": 2.5,
            "complete": False,
        },
    ]
