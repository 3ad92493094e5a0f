"""The public page labels a period not every commune has reported, as the risk map does:
a warning with the share and the communes missing, the total marked "incomplete" with
its share, and each district whose communes have not all reported marked with its own
share (its figure is the sum of the communes that reported, not a zero for the others)."""

import datetime

import pytest
from django.utils import translation

from geo.models import AdminUnit, Level
from monitoring.figures.periods import Period
from monitoring.models import CaseCount, Indicator, SiteSettings
from monitoring.public_figures import public_figures
from tests import factories
from tests.import_units import square

pytestmark = pytest.mark.django_db
SEP, OCT = datetime.date(2026, 9, 1), datetime.date(2026, 10, 1)


@pytest.fixture
def province():
    """Districts 960 (communes 96001, 96002) and 961 (96101, 96102): every commune reported
    September; in October 96102 has not."""
    AdminUnit.objects.filter(is_demo=True).update(valid_to=datetime.date(2026, 1, 1))  # hide the demo
    SiteSettings.objects.update_or_create(pk=1, defaults={"public_view_enabled": True})
    top = factories.unit("96", square(106, 9, 0.08), level=Level.PROVINCE, kind="")
    users = Indicator.objects.get(code="illegal_users")
    for i in range(2):
        district = factories.unit(
            f"96{i}", square(106 + 0.04 * i, 9, 0.04), level=Level.DISTRICT, kind="", parent=top,
            name=f"Huyện {i}",
        )  # fmt: skip
        for j in range(2):
            commune = factories.unit(
                f"96{i}0{j + 1}", square(106 + 0.04 * i + 0.02 * j, 9, 0.02), parent=district
            )
            CaseCount.objects.create(unit=commune, period=SEP, indicator=users, value=10 + 10 * j)
            if (i, j) != (1, 1):
                CaseCount.objects.create(unit=commune, period=OCT, indicator=users, value=20)
    return users


def _rows(page: str) -> dict[str, str]:
    table = page.split('id="public-figures"')[1].split("</table>")[0]
    return {part.split('"')[0]: part.split("</tr>")[0] for part in table.split('data-code="')[1:]}


def test_an_incomplete_month_is_labelled_on_the_total_and_the_district_missing_a_report(client, province):
    figures = public_figures(indicator=province, period=Period.month(OCT))
    assert (figures.completeness.reported, figures.completeness.expected) == (3, 4)
    assert figures.reporting["961"].share == 50.0 and figures.reporting["960"].complete
    client.cookies["django_language"] = "en"
    page = client.get("/public/?indicator=illegal_users&period=2026-10").content.decode()
    assert 'id="incomplete-period"' in page and 'data-share="75.0"' in page
    assert "Period 2026-10 is incomplete" in page and "3 of 4 communes reported" in page
    total = page.split('id="public-total"')[1].split("</p>")[0]
    assert "60" in total and "(incomplete · 75.0 %)" in total
    rows = _rows(page)
    assert "incomplete" not in rows["960"] and "<td>40" in rows["960"]
    assert "<td>20" in rows["961"] and "(incomplete · 50.0 %)" in rows["961"]
    assert "1 of 2 communes reported (50 %)" in rows["961"]  # the mark's title says the counts
    assert "20 (incomplete: 1 of 2 communes reported (50 %))" in page  # the map's label too


def test_a_complete_month_carries_no_label(client, province):
    client.cookies["django_language"] = "en"
    page = client.get("/public/?indicator=illegal_users&period=2026-09").content.decode()
    assert 'id="incomplete-period"' not in page and "incomplete" not in page.split('id="public-total"')[1]


def test_the_label_is_in_vietnamese_for_a_vietnamese_reader(client, province):
    with translation.override("vi"):
        page = client.get("/public/?indicator=illegal_users&period=2026-10").content.decode()
    total = page.split('id="public-total"')[1].split("</p>")[0]
    assert "75,0 %" in total and 'class="incomplete"' in total
