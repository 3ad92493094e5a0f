"""Pages and map data leave the server compressed when the client accepts gzip (the risk
map's HTML inlines every geometry: uncompressed it is most of a megabyte)."""

import gzip

import pytest
from django.contrib.auth.models import Group, User

from geo.models import AdminUnit, UserArea

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(demo_province, client):
    user = User.objects.create_user("gzip-leader")
    user.groups.add(Group.objects.get(name="leader"))
    for unit in AdminUnit.current.filter(parent__isnull=True):
        UserArea.objects.create(user=user, unit=unit)
    client.force_login(user)
    return client


@pytest.mark.parametrize("path", ["/maps/risk/", "/maps/risk/export.geojson", "/"])
def test_a_page_and_its_geojson_are_sent_gzipped(leader, path):
    plain = leader.get(path)
    packed = leader.get(path, headers={"accept-encoding": "gzip, deflate"})
    assert plain.status_code == packed.status_code == 200
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    body = b"".join(packed.streaming_content) if packed.streaming else packed.content
    assert gzip.decompress(body).startswith(plain.content[:20])
    assert len(body) < len(plain.content) / 3
