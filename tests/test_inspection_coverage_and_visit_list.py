"""Inspection coverage per commune and district against the target, and visit lists
ordered into a route from a start point."""

import datetime

import pytest
from django.contrib.auth.models import User

from geo.areas import Area
from geo.models import Level
from monitoring.establishments.inspection_coverage import inspection_coverage
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 22)


@pytest.fixture
def district():
    p = factories.unit(
        "74", "POLYGON((106 6, 106.04 6, 106.04 6.02, 106 6.02, 106 6))", level=Level.PROVINCE, kind=""
    )
    d = factories.unit(
        "741",
        "POLYGON((106 6, 106.04 6, 106.04 6.02, 106 6.02, 106 6))",
        level=Level.DISTRICT,
        kind="",
        parent=p,
    )
    factories.unit("74101", "POLYGON((106 6, 106.02 6, 106.02 6.02, 106 6.02, 106 6))", parent=d)
    factories.unit("74102", "POLYGON((106.02 6, 106.04 6, 106.04 6.02, 106.02 6.02, 106.02 6))", parent=d)
    recent, old = datetime.date(2026, 6, 1), datetime.date(2025, 6, 1)
    made = []
    for i, (x, prone, visit) in enumerate(
        [
            (106.005, True, recent),
            (106.010, True, old),
            (106.015, True, None),
            (106.018, False, recent),
            (106.025, True, recent),
            (106.035, True, recent),
        ]
    ):
        e = factories.establishment(x, 6.01, name=f"Cơ sở {i}", prone=prone)
        if visit:
            e.inspections.create(date=visit, team="T", result="compliant")
        made.append(e)
    return d


def test_coverage_counts_prone_establishments_inspected_in_twelve_months(district):
    communes, districts = inspection_coverage(area=Area.of_units([district]), today=TODAY)
    by_code = {c.code: (c.prone, c.inspected) for c in communes}
    assert by_code == {"74101": (3, 1), "74102": (2, 2)}
    (row,) = districts
    assert (row.code, row.prone, row.inspected, round(row.share, 2)) == ("741", 5, 3, 0.6)


def test_visit_list_orders_the_filtered_set_from_the_start(client, district):
    client.force_login(User.objects.create_superuser("root-v", password="pw-for-tests"))
    page = client.get("/maps/establishments/visits/?district=741&start=106.04,6.01").content.decode()
    order = [page.index(f"Cơ sở {i}") for i in (5, 4, 3, 2, 1, 0)]
    assert order == sorted(order)  # east to west from a start in the east
    csv_text = client.get("/maps/establishments/visits/?district=741&start=106.04,6.01&format=csv").content
    assert csv_text.decode("utf-8-sig").splitlines()[1].split(",")[1] == "Cơ sở 5"
