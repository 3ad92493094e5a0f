"""A small province for the attacks on small-count protection across periods and levels
(issue 21): district 741 holds communes 74101 and 74102, district 742 only 74201, whose
months of the flow indicator ``relapses`` are the review's July 7, August 6, September 4
(the third quarter 17). ``read_*`` read what a channel shows as {(unit code, period key)}."""

import datetime
import re

from geo.models import AdminUnit, Level
from monitoring.models import CaseCount, Indicator, SiteSettings
from tests import factories

YEAR = 2026
INDICATOR = "relapses"  # sensitive, a flow: a quarter is the sum of its months
COUNTS = {
    "74101": {7: 20, 8: 18, 9: 3},
    "74102": {7: 15, 8: 16, 9: 14},
    "74201": {7: 7, 8: 6, 9: 4},
}
PERIODS = ("2026-07", "2026-08", "2026-09", "2026-Q3", "2026-9M", "2026")
MONTHS = {7: "2026-07", 8: "2026-08", 9: "2026-09"}


def _square(x: float, width: float = 0.01) -> str:
    return f"POLYGON(({x} 8, {x + width} 8, {x + width} 8.01, {x} 8.01, {x} 8))"


def build() -> dict:
    AdminUnit.objects.filter(is_demo=True).update(valid_to="2026-01-01")  # the demo, if built, is away
    province = factories.unit(
        "74", "POLYGON((106 8, 106.03 8, 106.03 8.01, 106 8.01, 106 8))", level=Level.PROVINCE, kind=""
    )
    districts = {
        "741": factories.unit("741", _square(106, 0.02), level=Level.DISTRICT, kind="", parent=province),
        "742": factories.unit("742", _square(106.02), level=Level.DISTRICT, kind="", parent=province),
    }
    communes = {
        "74101": factories.unit("74101", _square(106), parent=districts["741"]),
        "74102": factories.unit("74102", _square(106.01), parent=districts["741"]),
        "74201": factories.unit("74201", _square(106.02), parent=districts["742"]),
    }
    indicator = Indicator.objects.get(code=INDICATOR)
    for code, months in COUNTS.items():
        for month, value in months.items():
            CaseCount.objects.create(
                unit=communes[code], period=datetime.date(YEAR, month, 1), indicator=indicator, value=value
            )
    return {"province": province, "districts": districts, "communes": communes, "indicator": indicator}


def read_risk_map(client, *, measure: str = "count", level: str = "commune") -> dict:
    shown = {}
    for period in PERIODS:
        url = f"/maps/risk/export.geojson?measure={measure}:{INDICATOR}&period={period}&level={level}"
        response = client.get(url)
        assert response.status_code == 200, response.content
        for feature in response.json()["features"]:
            shown[(feature["properties"]["code"], period)] = _figure(feature["properties"]["value"])
    return shown


def read_public_page(client) -> dict:
    SiteSettings.objects.update_or_create(pk=1, defaults={"public_view_enabled": True})
    client.logout()
    names = dict(AdminUnit.current.filter(code__in=["741", "742"]).values_list("name", "code"))
    shown = {}
    for period in PERIODS:
        page = client.get(f"/public/?indicator={INDICATOR}&period={period}").content.decode()
        table = page.split('id="public-figures"')[1].split("</table>")[0]
        for row in re.split(r"<tr[^>]*>", table)[1:]:
            cells = [part.split("</td>")[0] for part in row.split("<td>")[1:]]
            if len(cells) == 2 and cells[0] in names:
                shown[(names[cells[0]], period)] = _figure(
                    cells[1].split("<")[0].strip().replace("&lt;", "<")
                )
    return shown


def _figure(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.replace(".", "").isdigit():
        return int(float(value))
    return value


#: Published totals and the cells they add up to: a period and its months, a unit and its parts.
TIME_RELATIONS = [(p, [MONTHS[m] for m in (7, 8, 9)]) for p in ("2026-Q3", "2026-9M", "2026")]


def derivable(shown: dict, *, parts: dict[str, list[str]] | None = None) -> list[str]:
    """Hidden cells a reader gets back by one subtraction: a shown total whose cells are
    all shown but one. ``parts``: unit code → its children's codes (level relations)."""
    relations = []
    units = {u for u, _p in shown}
    for unit in units:
        relations += [((unit, total), [(unit, p) for p in months]) for total, months in TIME_RELATIONS]
    for unit, children in (parts or {}).items():
        relations += [((unit, p), [(c, p) for c in children]) for p in PERIODS]
    found = []
    for total, members in relations:
        if total not in shown or any(m not in shown for m in members):
            continue
        hidden = [m for m in members if isinstance(shown[m], str)]
        if not isinstance(shown[total], str) and len(hidden) == 1:
            rest = sum(shown[m] or 0 for m in members if m not in hidden)
            found.append(f"{hidden[0]} = {total} {shown[total]} - {rest} = {shown[total] - rest}")
    return found
