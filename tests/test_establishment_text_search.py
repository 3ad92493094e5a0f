"""Finding an establishment by name or address, accents and case aside, on the page,
in the API and in exports alike (one filter: ``EstablishmentFilter.text``)."""

import json

import pytest
from django.contrib.gis.geos import Point

from core.parse import BadParameter
from monitoring.establishments.filters import EstablishmentFilter
from monitoring.establishments.selectors import establishment_list
from monitoring.models import Establishment
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    province = factories.unit(
        "71", "POLYGON((106 21, 106.2 21, 106.2 21.2, 106 21.2, 106 21))", level="province"
    )
    commune = factories.unit(
        "71001",
        "POLYGON((106 21, 106.2 21, 106.2 21.2, 106 21.2, 106 21))",
        parent=province,
        name="Xã Đông Hà",
    )
    made = {}
    for name, address in [
        ("Karaoke Hoa Sen", "12 Trần Phú, Xã Đông Hà"),
        ("Quán bar Đêm Xanh", "5 Lê Lợi"),
        ("Nhà nghỉ Bình An", "Thôn Đồng Tâm"),
    ]:
        made[name] = Establishment.objects.create(
            type="karaoke",
            name=name,
            address=address,
            commune=commune,
            location=Point(106.1, 21.1, srid=4326),
        )
    return made


def found(text):
    f = EstablishmentFilter.parse({"q": text})
    return sorted(e.name for e in establishment_list(filter=f, annotate=False))


def test_name_or_address_is_found_without_accents_or_case(places):
    assert found("hoa sen") == ["Karaoke Hoa Sen"]
    assert found("TRAN PHU") == ["Karaoke Hoa Sen"]  # in the address
    assert found("đêm") == ["Quán bar Đêm Xanh"]
    assert found("dem xanh") == ["Quán bar Đêm Xanh"]  # đ is d
    assert found("dong") == ["Karaoke Hoa Sen", "Nhà nghỉ Bình An"]
    assert found("%") == [] and found("_") == []  # no wildcard
    assert found("") == sorted(places)


def test_a_text_too_long_or_with_control_characters_is_refused():
    with pytest.raises(BadParameter) as error:
        EstablishmentFilter.parse({"q": "x" * 101})
    assert "q" in str(error.value)
    with pytest.raises(BadParameter):
        EstablishmentFilter.parse({"q": "a\nb"})


def test_the_page_api_and_export_take_the_same_text(places, client):
    client.force_login(factories.role_user("search-inspector", "inspector"))
    page = client.get("/maps/establishments/?q=hoa+sen").content.decode()
    assert "Karaoke Hoa Sen" in page and "Quán bar Đêm Xanh" not in page
    api = client.get("/api/establishments/?q=dem+xanh").json()
    assert [f["properties"]["name"] for f in api["features"]] == ["Quán bar Đêm Xanh"]
    response = client.get("/exports/establishments.geojson?q=binh+an")
    export = json.loads(b"".join(response.streaming_content))
    assert [f["properties"]["name"] for f in export["features"]] == ["Nhà nghỉ Bình An"]
    bad = client.get("/api/establishments/?q=" + "x" * 101)
    assert bad.status_code == 400 and "q" in bad.json()["detail"]
