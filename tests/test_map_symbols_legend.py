"""Every point, line and area symbol a map page draws is named in its legend, drawn with
the style the map uses (``frontend.map_symbols`` is the one definition of both)."""

import re

import pytest

from frontend.map_symbols import SYMBOLS
from tests import factories

pytestmark = pytest.mark.django_db


def listed(page: str) -> list[str]:
    return re.findall(r'<li data-symbol="([a-z_]+)">', page)


def test_the_risk_map_names_every_symbol_it_draws(demo_province, client):
    client.force_login(factories.role_user("symbols-admin", "administrator"))
    page = client.get("/maps/risk/?period=2026-10").content.decode()
    keys = listed(page)
    assert keys == [
        "counselling_active",
        "counselling_planned",
        "treatment_facility",
        "establishment",
        "land_border",
        "district_boundary",
        "border_bands",
    ]
    for key in keys:  # the map draws it with the legend's colours
        style = SYMBOLS[key].style
        colour = style.get("fillColor", style["color"])
        assert colour in page.split('id="map-symbols"')[0] + page.split("</details>")[-1]


def test_a_reader_without_establishments_is_not_shown_their_symbol(demo_province, client):
    client.force_login(factories.role_user("symbols-leader", "leader"))
    keys = listed(client.get("/maps/risk/?period=2026-10").content.decode())
    assert "establishment" not in keys and "counselling_active" in keys


def test_the_establishments_and_planning_maps_name_their_symbols(demo_province, client):
    client.force_login(factories.role_user("symbols-inspector", "inspector"))
    assert listed(client.get("/maps/establishments/").content.decode()) == [
        "establishment",
        "sensitive_site",
        "land_border",
    ]
    client.force_login(factories.role_user("symbols-planner", "planner"))
    planning = client.get("/maps/planning/").content.decode()
    assert listed(planning) == [
        "pin_existing",
        "pin_planned",
        "pin_candidate",
        "pin_suggested",
        "land_border",
        "border_bands",
    ]
    assert 'class="pin planned"' in planning


def test_a_symbol_swatch_is_drawn_like_its_marker():
    css = SYMBOLS["treatment_facility"].swatch_css
    assert "width: 18px" in css and "#90caf9" in css and "3px solid #0d47a1" in css
    assert "dashed #b71c1c" in SYMBOLS["land_border"].swatch_css
