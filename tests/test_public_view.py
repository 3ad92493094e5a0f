"""Anonymous visitors see only the login page unless an administrator turns the public
view on; the public view shows protected aggregates only."""

import datetime

import pytest

from geo.models import AdminUnit, Level
from monitoring.disclosure import protect_values
from monitoring.models import CaseCount, Indicator, SiteSettings
from tests import factories

pytestmark = pytest.mark.django_db
SEP = datetime.date(2026, 9, 1)


def square(x0, y0, size=0.02):
    return f"POLYGON(({x0} {y0}, {x0 + size} {y0}, {x0 + size} {y0 + size}, {x0} {y0 + size}, {x0} {y0}))"


def protect(values, *, groups, threshold):
    return protect_values(values, groups=groups, threshold=threshold)


def test_small_counts_are_hidden_and_one_more_cell_beside_a_lone_hidden_one():
    shown = protect({"a": 3, "b": 40, "c": 12, "d": 0, "e": None}, groups={}, threshold=5)
    assert shown == {"a": "<5", "b": 40, "c": "x", "d": 0, "e": None}  # as in the exports


def test_two_hidden_cells_need_no_complement():
    shown = protect({"a": 3, "b": 2, "c": 12}, groups={}, threshold=5)
    assert shown == {"a": "<5", "b": "<5", "c": 12}


def test_complement_is_found_within_each_parent_group():
    values = {"a1": 1, "a2": 9, "a3": 30, "b1": 2, "b2": 8}
    groups = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B"}
    shown = protect(values, groups=groups, threshold=5)
    assert shown == {"a1": "<5", "a2": "x", "a3": 30, "b1": "<5", "b2": "x"}


@pytest.fixture
def province():
    AdminUnit.objects.filter(is_demo=True).update(valid_to=datetime.date(2026, 1, 1))  # hide the demo
    p = factories.unit("95", square(105, 9, 0.06), level=Level.PROVINCE, kind="")
    users = Indicator.objects.get(code="illegal_users")
    for i, value in enumerate([2, 40, 17]):
        d = factories.unit(
            f"95{i}", square(105 + 0.02 * i, 9), level=Level.DISTRICT, kind="", parent=p, name=f"Huyện {i}"
        )
        c = factories.unit(f"95{i}01", square(105 + 0.02 * i, 9), parent=d)
        CaseCount.objects.create(unit=c, period=SEP, indicator=users, value=value)


def test_anonymous_visitors_get_only_the_login_page_while_the_public_view_is_off(client, province):
    assert client.get("/public/").status_code == 404
    assert client.get("/").status_code == 302
    assert "/public/" not in client.get("/accounts/login/").content.decode()


def test_the_public_view_shows_protected_district_figures(client, province):
    SiteSettings.objects.update_or_create(pk=1, defaults={"public_view_enabled": True})
    assert "/public/" in client.get("/accounts/login/").content.decode()
    response = client.get("/public/?indicator=illegal_users&period=2026-09")
    page = response.content.decode()
    assert response.status_code == 200
    table = page.split('id="public-figures"')[1].split("</table>")[0]
    assert table.count("&lt;5") == 1  # district 0 (2)
    assert table.count("<td>x</td>") == 1  # its complement, district 2 (17), marked as the exports do
    assert "<td>40</td>" in table and "17" not in table and "<td>2</td>" not in table
    assert '"95001"' not in page and '"950"' in page  # district shapes only, no commune


def test_the_threshold_comes_from_the_site_settings(client, province):
    SiteSettings.objects.update_or_create(
        pk=1, defaults={"public_view_enabled": True, "small_count_threshold": 20}
    )
    table = client.get("/public/?period=2026-09").content.decode().split('id="public-figures"')[1]
    assert table.split("</table>")[0].count("&lt;20") == 2


def test_an_unreadable_period_is_said_on_the_page_which_shows_the_default(client, province):
    SiteSettings.objects.update_or_create(pk=1, defaults={"public_view_enabled": True})
    response = client.get("/public/?period=2026-13")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="period-error"' in page and "2026-13" in page
    assert 'id="period-error"' not in client.get("/public/").content.decode()
