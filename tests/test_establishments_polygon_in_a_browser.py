"""Headless Chromium draws a polygon on the inspectors' map and gets the filtered table."""

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import app_with_user, chromium, log_in, requested_hosts

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
PASSWORD = "browser-pw-789"


@pytest.fixture(scope="module")
def app(demo_province, django_db_blocker):
    yield from app_with_user(django_db_blocker, username="browser-admin", password=PASSWORD, role="inspector")


@pytest.fixture(scope="module")
def admin_user(app, django_db_blocker):
    from django.contrib.auth.models import User

    with django_db_blocker.unblock():
        User.objects.filter(username="browser-admin").update(is_superuser=True)


@pytest.fixture
def browser():
    driver = chromium()
    yield driver
    driver.quit()


def test_drawing_a_polygon_filters_the_table(app, admin_user, browser):
    log_in(browser, app, username="browser-admin", password=PASSWORD)
    browser.get(app.url + "/maps/establishments/?district=901")
    wait = WebDriverWait(browser, 30)
    wait.until(lambda d: d.execute_script("return !!window.Establishments"))
    total = int(browser.find_element(By.ID, "result-count").text)
    # Clicks must land on the map, not on a cluster or a site marker drawn under the corners.
    browser.execute_script(
        """var m = window.Establishments.map;
           m.eachLayer(function (l) { if (l instanceof L.CircleMarker || l instanceof L.MarkerClusterGroup) m.removeLayer(l); });"""
    )
    browser.find_element(By.CSS_SELECTOR, ".leaflet-draw-draw-polygon").click()
    container = browser.find_element(By.CSS_SELECTOR, ".folium-map")
    w, h = container.size["width"], container.size["height"]
    corners = [(-0.25, -0.25), (0.25, -0.25), (0.25, 0.25), (-0.25, 0.25)]
    for fx, fy in corners:
        ActionChains(browser).move_to_element_with_offset(container, int(fx * w), int(fy * h)).pause(
            0.3
        ).click().perform()
    # Close the ring with Leaflet.draw's own "Finish" action (its first action button), which
    # does not depend on a click landing exactly on the first vertex's marker.
    finish = wait.until(
        lambda d: next(
            (a for a in d.find_elements(By.CSS_SELECTOR, ".leaflet-draw-actions a") if a.is_displayed()), None
        )
    )
    finish.click()
    wait.until(lambda d: "polygon=POLYGON" in d.current_url)
    wait.until(lambda d: d.execute_script("return !!window.Establishments"))
    assert "polygon=POLYGON" in browser.current_url
    filtered = int(browser.find_element(By.ID, "result-count").text)
    assert 0 < filtered < total
    rows = browser.find_elements(By.CSS_SELECTOR, "#results tbody tr[data-id]")
    assert len(rows) == min(filtered, 50)
    assert requested_hosts(browser) == {"127.0.0.1"}
    assert [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
