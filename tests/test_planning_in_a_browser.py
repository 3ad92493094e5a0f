"""Headless Chromium runs a siting on the planning page, sees the suggested points and
the coverage change, and adds a planned point with the coverage updated at once."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import app_with_user, chromium, log_in, requested_hosts

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
PASSWORD = "browser-pw-456"


@pytest.fixture(scope="module")
def app(demo_province, django_db_blocker):
    yield from app_with_user(django_db_blocker, username="browser-planner", password=PASSWORD, role="planner")


@pytest.fixture
def browser():
    driver = chromium()
    yield driver
    driver.quit()


def number(text: str) -> float:
    return float(text.replace("%", "").replace(".", "").replace(",", ".").strip())


def test_planner_runs_a_siting_and_sees_the_new_sites(app, browser):
    wait = WebDriverWait(browser, 60)
    log_in(browser, app, username="browser-planner", password=PASSWORD)

    browser.get(app.url + "/maps/planning/?period=2026-10&radius=5000")
    wait.until(lambda d: d.execute_script("return !!window.Planning"))
    before = number(browser.find_element(By.ID, "coverage-share").text)

    k = browser.find_element(By.ID, "site-k")
    k.clear()
    k.send_keys("3")
    browser.find_element(By.ID, "run-siting").click()
    status = wait.until(ec.visibility_of_element_located((By.ID, "solver-status")))
    assert (status.get_attribute("data-status"), status.text) == ("Optimal", "Tối ưu")  # the code, its label
    assert (
        len(browser.find_elements(By.CSS_SELECTOR, ".leaflet-marker-pane .pin.suggested")) == 3
    )  # on the map
    assert len(browser.find_elements(By.CSS_SELECTOR, "#suggested-list li")) == 3
    assert number(browser.find_element(By.ID, "share-after").text) > before

    # What-if: a planned point where the first suggestion is; coverage grows at once.
    browser.find_element(By.ID, "add-planned").click()
    browser.execute_script(
        """var m = window.Planning.map, s = document.querySelector('.leaflet-marker-pane .pin.suggested');
           var ll = m.layerPointToLatLng(L.DomUtil.getPosition(s));
           m.fire('click', {latlng: ll});"""
    )
    wait.until(lambda d: number(d.find_element(By.ID, "coverage-share").text) > before)

    assert requested_hosts(browser) == {"127.0.0.1"}
    assert [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


@pytest.fixture(scope="module")
def scenarios(app, django_db_blocker):
    from geo.models import AdminUnit, Level
    from monitoring.models import PlanningScenario

    with django_db_blocker.unblock():
        spot = AdminUnit.current.filter(level=Level.COMMUNE).order_by("code")[40].geom.point_on_surface
        made = [
            PlanningScenario.objects.create(
                name="So sánh A", period="2026-10", demand="illegal_users", radius_m=5000
            ),
            PlanningScenario.objects.create(
                name="So sánh B",
                period="2026-10",
                demand="illegal_users",
                radius_m=5000,
                points=[{"lon": spot.x, "lat": spot.y, "label": "Điểm mới"}],
            ),
        ]
    yield made
    with django_db_blocker.unblock():
        for scenario in made:
            scenario.delete()


def test_two_scenarios_are_compared_on_linked_maps(app, browser, scenarios):
    a, b = scenarios
    wait = WebDriverWait(browser, 60)
    log_in(browser, app, username="browser-planner", password=PASSWORD)
    browser.get(app.url + f"/maps/planning/compare/?a={a.pk}&b={b.pk}")
    wait.until(
        lambda d: d.execute_script(
            "return !!(window.PlanningCompare && window.PlanningCompare.maps.length === 2)"
        )
    )
    planned = browser.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('.compare-map'), function (box) {"
        " return box.querySelectorAll('.leaflet-marker-pane .pin.planned').length; });"
    )
    assert planned == [0, 1]  # each map shows its own scenario's points
    browser.execute_script(
        "var m = window.PlanningCompare.maps[0]; m.setZoom(m.getZoom() + 2, {animate: false});"
    )
    browser.execute_script("window.PlanningCompare.maps[1].panBy([60, -40], {animate: false});")
    # The same zoom, and the same centre within a pixel (each map rounds its own origin).
    zooms, offset = browser.execute_script(
        "var m = window.PlanningCompare.maps;"
        " return [[m[0].getZoom(), m[1].getZoom()], m[0].latLngToContainerPoint(m[1].getCenter())"
        ".distanceTo(m[0].latLngToContainerPoint(m[0].getCenter()))];"
    )
    assert zooms[0] == zooms[1] and offset <= 1.0
    scores = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "td.score")]
    assert len(scores) == 2 and scores[0] != scores[1]  # the planned point covers more
    assert requested_hosts(browser) == {"127.0.0.1"}
    assert [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
