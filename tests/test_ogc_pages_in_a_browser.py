"""Headless Chromium opens the OGC items and item pages of the demo province on a phone
(390×844) and a laptop (1366×900): the map draws the page's features with the app's own
Leaflet, the page is no wider than the screen (the table scrolls in its box), the next
link pages on, and no request leaves 127.0.0.1."""

import tempfile

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import app_with_user, chromium, log_in, requested_hosts

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
PASSWORD = "ogc-browser-pw-123"


@pytest.fixture(scope="module")
def app(demo_province, django_db_blocker):
    yield from app_with_user(django_db_blocker, username="ogc-browser", password=PASSWORD)


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 900)])
def test_items_and_an_item_in_a_browser(app, width, height):
    driver = chromium(width=width, height=height)
    # Headless Chromium's window is at least 500 px wide: a phone's screen is emulated.
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 500}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    try:
        log_in(driver, app, username="ogc-browser", password=PASSWORD)
        driver.get(app.url + "/ogc/collections/establishments/items?limit=20")
        wait = WebDriverWait(driver, 30)
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#map path.leaflet-interactive"))
        assert len(driver.find_elements(By.CSS_SELECTOR, "#map path.leaflet-interactive")) == 20
        assert driver.execute_script("return document.documentElement.scrollWidth") <= width
        assert len(driver.find_elements(By.CSS_SELECTOR, "tbody tr")) == 20
        first = driver.find_element(By.CSS_SELECTOR, "tbody tr td a").text
        driver.find_element(By.CSS_SELECTOR, "a[rel=next]").click()
        wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "tbody tr td a").text != first)
        assert driver.find_elements(By.CSS_SELECTOR, "a[rel=prev]")
        driver.find_element(By.CSS_SELECTOR, "tbody tr td a").click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#map path.leaflet-interactive"))
        assert driver.execute_script("return document.documentElement.scrollWidth") <= width
        assert requested_hosts(driver) <= {"127.0.0.1"}
    except Exception:
        stem = f"{tempfile.gettempdir()}/ogc-browser-{width}"
        driver.save_screenshot(f"{stem}.png")
        raise
    finally:
        driver.quit()
