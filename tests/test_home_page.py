"""The home page shows the province on a map, to logged-in users only."""

import re

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(client, demo_province):
    user = factories.role_user("leader", "leader")
    client.force_login(user)
    return user


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_login_page_is_vietnamese_by_default(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()


def test_home_page_shows_the_demo_province_communes_and_border(client, leader, demo_province):
    page = client.get("/").content.decode()
    assert "Tỉnh Demo (dữ liệu minh hoạ)" in page
    assert "DỮ LIỆU MINH HOẠ" in page
    assert page.count('"level": "commune"') == 200
    assert '"neighbour": "LAO"' in page


def test_home_page_links_nothing_outside_the_app(client, leader, demo_province):
    page = client.get("/").content.decode()
    external = re.findall(r"""(?:src|href)=["'](https?://[^"']+)""", page)
    assert external == []


def test_figures_use_vietnamese_number_formats(client, leader, demo_province):
    from geo.models import AdminUnit

    province = AdminUnit.objects.get(is_demo=True, level="province")
    page = client.get("/").content.decode()
    assert f"{province.population:,}".replace(",", ".") in page
