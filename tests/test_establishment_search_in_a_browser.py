"""The risk map's search box finds an establishment by a part of its address, without
accents, zooms to it and marks it; a reader who may not see establishments is only
offered communes."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from monitoring.models import Establishment
from tests.browser import app_with_user, chromium, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
PASSWORD = "browser-pw-123"


@pytest.fixture(scope="module")
def app(demo_province, django_db_blocker):
    yield from app_with_user(django_db_blocker, username="browser-admin-search", password=PASSWORD)


@pytest.fixture
def browser():
    driver = chromium()
    yield driver
    driver.quit()


def plain(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def test_an_establishment_is_found_by_its_address_and_marked(app, browser):
    target = Establishment.objects.filter(status="active").order_by("id")[17]
    wait = WebDriverWait(browser, 30)
    log_in(browser, app, username="browser-admin-search", password=PASSWORD)
    browser.get(app.url + "/maps/risk/?period=2026-10")
    wait.until(lambda d: d.execute_script("return !!(window.RiskMap && window.RiskMap.layer)"))
    box = browser.find_element(By.ID, "commune-search")
    box.send_keys(plain(target.name) + "\n")  # typed without accents
    browser.execute_script("arguments[0].dispatchEvent(new Event('change'))", box)
    results = wait.until(ec.visibility_of_element_located((By.ID, "search-results")))
    button = next(
        b for b in results.find_elements(By.CSS_SELECTOR, "button[data-i]") if target.address in b.text
    )
    button.click()
    tooltip = wait.until(
        ec.visibility_of_element_located((By.CSS_SELECTOR, ".leaflet-tooltip-pane .leaflet-tooltip"))
    )
    assert target.name in tooltip.text and target.address in tooltip.text
    centre = browser.execute_script(
        "var c = window.RiskMap.map.getCenter(); return [c.lat, c.lng, window.RiskMap.map.getZoom()]"
    )
    assert centre[0] == pytest.approx(target.location.y, abs=1e-3) and centre[1] == pytest.approx(
        target.location.x, abs=1e-3
    )
    assert centre[2] >= 14
    box.clear()
    box.send_keys("khong co co so nay 123\n")
    browser.execute_script("arguments[0].dispatchEvent(new Event('change'))", box)
    none = wait.until(ec.visibility_of_element_located((By.ID, "commune-search-none")))
    assert "khong co co so nay 123" in none.text
    assert [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
