"""Headless Chromium (issue 17): a leader picks "hot spots", sees the significance
legend, opens a hot commune's panel, finds the commune's alert there, follows it to the
alerts page and acknowledges it with a note; no request leaves 127.0.0.1."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from frontend.risk_map.styles import HOTSPOT_COLOURS
from tests.browser import app_with_user, chromium, log_in, requested_hosts

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
PASSWORD = "browser-pw-123"
USER = "browser-alert-leader"


@pytest.fixture(scope="module")
def app(demo_province, django_db_blocker):
    yield from app_with_user(django_db_blocker, username=USER, password=PASSWORD, role="leader")


@pytest.fixture
def browser():
    driver = chromium()
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def spiked(demo_province, django_db_blocker):
    """A committed spike in the October figure of a commune that is a hot spot at 99 %
    on the map (the map's own Gi* parameters), evaluated; undone afterwards."""
    from geo.areas import Area
    from monitoring.alerts.evaluate import alerts_evaluate
    from monitoring.demo.figures import LAST_MONTH
    from monitoring.figures.hotspots.compute import hotspots_compute
    from monitoring.figures.hotspots.map_measure import MAP_HOTSPOTS
    from monitoring.figures.periods import Period
    from monitoring.models import Alert, CaseCount

    with django_db_blocker.unblock():
        result = hotspots_compute(
            indicator_code="illegal_users",
            period=Period.month(LAST_MONTH),
            area=Area.of_codes(["99"]),
            **MAP_HOTSPOTS,
        )
        hot = next(row for row in result.rows if row.category == "hot_99")
        count = CaseCount.objects.get(unit_id=hot.unit_id, period=LAST_MONTH, indicator__code="illegal_users")
        CaseCount.objects.filter(pk=count.pk).update(value=count.value * 3 + 20)
        alerts_evaluate(month=LAST_MONTH)
        alert = Alert.objects.get(commune_id=hot.unit_id, indicator=count.indicator, month=LAST_MONTH)
    yield hot.code, alert
    with django_db_blocker.unblock():
        CaseCount.objects.filter(pk=count.pk).update(value=count.value)
        Alert.objects.filter(month=LAST_MONTH).delete()


def test_leader_picks_hot_spots_opens_a_hot_commune_and_acknowledges_its_alert(spiked, app, browser):
    code, alert = spiked
    wait = WebDriverWait(browser, 30)
    log_in(browser, app, username=USER, password=PASSWORD)
    browser.get(app.url + "/maps/risk/?period=2026-10&measure=rate:illegal_users")
    wait.until(lambda d: d.execute_script("return !!(window.RiskMap && window.RiskMap.layer)"))
    Select(browser.find_element(By.ID, "measure-kind")).select_by_value("hotspots")
    wait.until(lambda d: "hotspots" in d.current_url)
    wait.until(lambda d: d.execute_script("return !!(window.RiskMap && window.RiskMap.layer)"))
    legend = [li.get_attribute("class") for li in browser.find_elements(By.CSS_SELECTOR, "#legend li")]
    assert legend[:3] == ["legend-hot_99", "legend-hot_95", "legend-hot_90"]
    assert browser.find_element(By.ID, "hotspots-method").is_displayed()
    colour = browser.execute_script(
        "var want = arguments[0], found = null; window.RiskMap.layer.eachLayer(function (l) {"
        " var p = l.feature && l.feature.properties; if (p && p.code === want) found = p.colour; });"
        " return found;",
        code,
    )
    assert colour == HOTSPOT_COLOURS["hot_99"], "the commune is a hot spot at 99 % on the map"
    hot = code

    browser.execute_script("window.RiskMap.open(arguments[0])", hot)
    wait.until(ec.visibility_of_element_located((By.ID, "panel-hotspot")))
    wait.until(ec.visibility_of_element_located((By.ID, "panel-alerts")))
    assert "10/2026" in browser.find_element(By.ID, "panel-alerts").text
    link = browser.find_element(By.ID, "panel-alerts-link").get_attribute("href")
    assert link.endswith(f"/alerts/?commune={code}")
    browser.get(link)
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")

    wait.until(ec.visibility_of_element_located((By.ID, f"alert-{alert.pk}")))
    row = browser.find_element(By.ID, f"alert-{alert.pk}")
    note = "Checked with the commune police: a new group of users."
    field = row.find_element(By.NAME, "note")
    field.send_keys(note)  # maxlength must not be a localised number ("2.000" is 2 characters)
    assert field.get_attribute("value") == note
    row.find_element(By.CSS_SELECTOR, "button[value=acknowledge]").click()
    wait.until(
        lambda d: "alert-acknowledged" in d.find_element(By.ID, f"alert-{alert.pk}").get_attribute("class")
    )
    assert "a new group of users" in browser.find_element(By.ID, f"alert-{alert.pk}").text

    browser.get(app.url + "/")
    assert browser.find_element(By.ID, "home-alerts").is_displayed()
    assert requested_hosts(browser) == {"127.0.0.1"}
