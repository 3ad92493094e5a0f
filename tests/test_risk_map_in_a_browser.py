"""Headless Chromium opens the risk map, switches period and measure, opens a commune
panel (also on the hot-spot measure, with its significance legend), and no request ever
leaves 127.0.0.1."""

import tempfile

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from frontend.risk_map.styles import HOTSPOT_COLOURS
from tests.browser import app_with_user, chromium, log_in, requested_hosts

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
PASSWORD = "browser-pw-123"


@pytest.fixture(scope="module")
def app(demo_province, django_db_blocker):
    yield from app_with_user(django_db_blocker, username="browser-leader", password=PASSWORD, role="leader")


@pytest.fixture
def browser():
    driver = chromium()
    yield driver
    driver.quit()


def shapes(driver) -> int:
    return driver.execute_script("return Object.keys(window.RiskMap.layer._layers).length")


def view(driver):
    return driver.execute_script(
        "var c = window.RiskMap.map.getCenter(); return [c.lat, c.lng, window.RiskMap.map.getZoom()]"
    )


def wait_for_map(driver):
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return !!(window.RiskMap && window.RiskMap.layer)")
    )


@pytest.fixture
def artifacts(request, browser, app):
    """On failure, keep a screenshot, the page and the server log for the report."""
    yield
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        stem = f"{tempfile.gettempdir()}/{request.node.name}"
        browser.save_screenshot(f"{stem}.png")
        with open(f"{stem}.html", "w", encoding="utf-8") as handle:
            handle.write(browser.page_source)
        print(f"browser artifacts: {stem}.png, {stem}.html, server log {app.log.name}")


def test_leader_reads_the_risk_map_offline(app, browser, artifacts):
    wait = WebDriverWait(browser, 30)
    log_in(browser, app, username="browser-leader", password=PASSWORD)

    browser.get(app.url + "/maps/risk/?period=2026-10&measure=rate:illegal_users")
    wait_for_map(browser)
    assert shapes(browser) == 200
    browser.execute_script("window.RiskMap.map.setView([15.6, 108.1], 10, {animate: false})")
    before = view(browser)

    Select(browser.find_element(By.ID, "period")).select_by_value("2026-09")
    wait.until(lambda d: "period=2026-09" in d.current_url)
    wait_for_map(browser)
    assert (
        Select(browser.find_element(By.ID, "period")).first_selected_option.get_attribute("value")
        == "2026-09"
    )
    assert view(browser) == pytest.approx(before, abs=1e-4)  # position and zoom kept
    assert shapes(browser) == 200

    Select(browser.find_element(By.ID, "measure-kind")).select_by_value("classification")
    wait.until(lambda d: "measure=classification" in d.current_url)
    wait_for_map(browser)
    assert view(browser) == pytest.approx(before, abs=1e-4)
    assert browser.find_element(By.CSS_SELECTOR, "#legend .legend-drug_free").is_displayed()

    name, x, y = browser.execute_script(
        """var map = window.RiskMap.map, layers = Object.values(window.RiskMap.layer._layers);
           var bounds = map.getBounds();
           var inside = layers.filter(function (l) { return bounds.contains(l.getBounds()); });
           function size(l) { var b = l.getBounds(); return (b.getEast() - b.getWest()) * (b.getNorth() - b.getSouth()); }
           inside.sort(function (a, b) { return size(b) - size(a); });
           var l = inside[0];  // the largest commune in view: its centre is far from any marker
           var p = map.latLngToContainerPoint(l.getCenter());
           return [l.feature.properties.name, p.x, p.y];"""
    )
    container = browser.find_element(By.CSS_SELECTOR, ".folium-map")
    size = container.size
    ActionChains(browser).move_to_element_with_offset(
        container, int(x - size["width"] / 2), int(y - size["height"] / 2)
    ).click().perform()
    title = wait.until(ec.visibility_of_element_located((By.ID, "panel-title")))
    assert title.text.startswith(name)
    assert "2025" in browser.find_element(By.ID, "commune-body").text  # classification history

    assert requested_hosts(browser) == {"127.0.0.1"}
    errors = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_leader_picks_hot_spots_sees_the_significance_legend_and_a_hot_communes_panel(
    app, browser, artifacts
):
    wait = WebDriverWait(browser, 30)
    log_in(browser, app, username="browser-leader", password=PASSWORD)
    browser.get(app.url + "/maps/risk/?period=2026-10&measure=rate:illegal_users")
    wait_for_map(browser)
    Select(browser.find_element(By.ID, "measure-kind")).select_by_value("hotspots")
    wait.until(
        lambda d: "measure=hotspots%3Aillegal_users" in d.current_url or "measure=hotspots:" in d.current_url
    )
    wait_for_map(browser)
    keys = [li.get_attribute("class") for li in browser.find_elements(By.CSS_SELECTOR, "#legend li")]
    assert keys[:8] == [
        f"legend-{k}"
        for k in ("hot_99", "hot_95", "hot_90", "not_significant", "cold_90", "cold_95", "cold_99", "island")
    ]
    assert browser.find_element(By.ID, "hotspots-method").is_displayed()
    assert not browser.find_element(By.ID, "method-field").is_displayed()  # no class breaks for categories
    hot = browser.execute_script(
        "var want = arguments[0], found = null; window.RiskMap.layer.eachLayer(function (l) {"
        " var p = l.feature && l.feature.properties; if (!found && p && p.colour === want) found = [p.code, p.display]; });"
        " return found;",
        HOTSPOT_COLOURS["hot_99"],
    )
    assert hot, "the demo province has a hot spot at 99 %"
    browser.execute_script("window.RiskMap.open(arguments[0])", hot[0])
    wait.until(ec.visibility_of_element_located((By.ID, "panel-hotspot")))
    assert browser.find_element(By.ID, "panel-hotspot").text == hot[1]


def test_a_switch_restyles_in_place_and_the_back_button_returns(app, browser, artifacts):
    """Period and measure change without a navigation: the page stays (a marker set on
    ``window`` survives), only ``state.json`` is fetched (≤ 30 KB transferred, no
    geometry), the address follows, and the back button brings the former period back,
    still without a reload."""
    wait = WebDriverWait(browser, 30)
    log_in(browser, app, username="browser-leader", password=PASSWORD)
    browser.get(app.url + "/maps/risk/?period=2026-10&measure=rate:illegal_users")
    wait_for_map(browser)
    browser.execute_script("window.__stayed = 'yes'")
    colours = "var c = {}; window.RiskMap.layer.eachLayer(function (l) { c[l.feature.properties.code] = l.options.fillColor; }); return c;"
    before = browser.execute_script(colours)

    Select(browser.find_element(By.ID, "period")).select_by_value("2026-04")
    wait.until(lambda d: "period=2026-04" in d.current_url)
    wait.until(lambda d: "2026-04" in d.find_element(By.CSS_SELECTOR, "#summary h2").text)
    assert browser.execute_script("return window.__stayed") == "yes"
    assert browser.execute_script("return performance.getEntriesByType('navigation').length") == 1
    after = browser.execute_script(colours)
    assert set(after) == set(before) and after != before  # the same shapes, other colours
    state = browser.execute_script(
        "return performance.getEntriesByType('resource').filter(function (e) {"
        " return e.name.indexOf('/maps/risk/state.json') >= 0; }).map(function (e) {"
        " return [e.name, e.transferSize]; });"
    )
    assert len(state) == 1 and "period=2026-04" in state[0][0]
    assert 0 < state[0][1] <= 30_000

    Select(browser.find_element(By.ID, "measure-kind")).select_by_value("classification")
    wait.until(lambda d: "measure=classification" in d.current_url)
    wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "#legend .legend-drug_free")))
    assert browser.execute_script("return window.__stayed") == "yes"

    browser.back()
    wait.until(lambda d: "measure=rate" in d.current_url)
    wait.until(lambda d: d.find_element(By.ID, "measure-kind").get_attribute("value") == "rate")
    wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, "#legend .legend-drug_free"))
    assert (
        Select(browser.find_element(By.ID, "period")).first_selected_option.get_attribute("value")
        == "2026-04"
    )
    assert browser.execute_script("return window.__stayed") == "yes"
    errors = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


LEGEND_LABELS = "return Array.prototype.map.call(document.querySelectorAll('#legend li .label'), function (e) { return e.textContent; });"


def test_the_timeline_plays_twelve_months_on_one_legend(app, browser, artifacts):
    log_in(browser, app, username="browser-leader", password=PASSWORD)
    browser.get(app.url + "/maps/risk/?period=2026-10&measure=rate:illegal_users&breaks=range")
    wait_for_map(browser)
    first = browser.execute_script(LEGEND_LABELS)
    # Each step of the timeline puts its month in the address once its map is applied.
    browser.execute_script(
        "window.__stayed = 'yes'; window.__seen = []; var push = history.pushState;"
        " history.pushState = function (s, t, url) { window.__seen.push([String(url), (function () {"
        + LEGEND_LABELS
        + "})()]); return push.apply(history, arguments); };"
    )
    browser.find_element(By.ID, "timeline-play").click()
    WebDriverWait(browser, 90).until(lambda d: len(d.execute_script("return window.__seen")) >= 12)
    seen = browser.execute_script("return window.__seen")
    months = [url.split("period=")[1].split("&")[0] for url, _ in seen]
    assert months == [f"2025-{m:02}" for m in (11, 12)] + [f"2026-{m:02}" for m in range(1, 11)]
    assert all(labels == first for _, labels in seen)  # one legend for the whole run
    WebDriverWait(browser, 10).until(
        lambda d: d.find_element(By.ID, "timeline-play").get_attribute("aria-pressed") == "false"
    )
    assert browser.execute_script("return window.__stayed") == "yes"


def test_search_finds_a_commune_and_opens_its_panel(app, browser, artifacts):
    wait = WebDriverWait(browser, 30)
    log_in(browser, app, username="browser-leader", password=PASSWORD)
    browser.get(app.url + "/maps/risk/?period=2026-10&measure=rate:illegal_users")
    wait_for_map(browser)
    code, name = browser.execute_script(
        "var all = []; window.RiskMap.layer.eachLayer(function (l) { all.push([l.feature.properties.code, l.feature.properties.name]); });"
        " all.sort(); return all[7];"
    )
    zoom = browser.execute_script("return window.RiskMap.map.getZoom()")
    box = browser.find_element(By.ID, "commune-search")
    box.send_keys(name.lower() + "\n")  # lower case, as a reader types it
    browser.execute_script("arguments[0].dispatchEvent(new Event('change'))", box)
    title = wait.until(ec.visibility_of_element_located((By.ID, "panel-title")))
    assert title.text.startswith(name) and code in title.text
    shown, outlined = browser.execute_script(
        "var code = arguments[0], found = null; window.RiskMap.layer.eachLayer(function (l) {"
        " if (l.feature.properties.code === code) found = l; });"
        " return [window.RiskMap.map.getBounds().pad(0.01).contains(found.getBounds()), found.options.weight];",
        code,
    )
    assert shown and outlined == 4  # zoomed to it (the whole commune in view) and outlined
    assert browser.execute_script("return window.RiskMap.map.getZoom()") >= zoom
    box.clear()
    box.send_keys("Không có xã này\n")
    browser.execute_script("arguments[0].dispatchEvent(new Event('change'))", box)
    assert (
        "Không có xã này" in wait.until(ec.visibility_of_element_located((By.ID, "commune-search-none"))).text
    )


PANE_COLOURS = (
    "var c = {}; window.RiskMap.panes[arguments[0]].layer.eachLayer(function (l) {"
    " c[l.feature.properties.code] = l.options.fillColor; }); return c;"
)


def test_the_split_view_shows_two_periods_with_linked_zoom(app, browser, artifacts):
    """“Compare periods side by side” opens a second map of the month before, on the
    same shapes and legend, without a reload; zooming or panning either map moves the
    other; the address names the compared period, so a shared link opens both maps."""
    wait = WebDriverWait(browser, 30)
    log_in(browser, app, username="browser-leader", password=PASSWORD)
    browser.get(app.url + "/maps/risk/?period=2026-10&measure=count:illegal_users&breaks=range")
    wait_for_map(browser)
    browser.execute_script("window.__stayed = 'yes'")
    main = browser.execute_script(
        "var c = {}; window.RiskMap.layer.eachLayer(function (l) { c[l.feature.properties.code] = l.options.fillColor; }); return c;"
    )
    browser.find_element(By.ID, "split-add").click()
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".pane[data-loaded='2026-09']")))
    assert len(browser.find_elements(By.CSS_SELECTOR, "section.map .leaflet-container")) == 2
    assert "compare=2026-09" in browser.current_url
    pane = browser.execute_script(PANE_COLOURS, 0)
    assert set(pane) == set(main) and pane != main  # the same communes, September's colours
    legend = {
        e.get_attribute("style").split("background:")[1].strip(" ;").lower()
        for e in browser.find_elements(By.CSS_SELECTOR, "#legend .swatch")
    }
    rgb = {f"rgb({int(c[1:3], 16)}, {int(c[3:5], 16)}, {int(c[5:7], 16)})" for c in pane.values() if c}
    assert rgb <= legend  # read on the main map's legend

    # Zoom the main map: the pane follows; pan the pane: the main map follows.
    browser.execute_script("window.RiskMap.map.setZoom(window.RiskMap.map.getZoom() + 1, {animate: false})")
    zooms = browser.execute_script(
        "return [window.RiskMap.map.getZoom(), window.RiskMap.panes[0].map.getZoom()]"
    )
    assert zooms[0] == zooms[1]
    browser.execute_script("window.RiskMap.panes[0].map.panBy([120, 80], {animate: false})")
    offset = browser.execute_script(  # the same centre within a pixel (each map rounds its origin)
        "var a = window.RiskMap.map, b = window.RiskMap.panes[0].map;"
        " return a.latLngToContainerPoint(b.getCenter()).distanceTo(a.latLngToContainerPoint(a.getCenter()));"
    )
    assert offset <= 1.0
    assert browser.execute_script("return window.__stayed") == "yes"  # no reload

    # A commune clicked on the second map opens its panel for that map's month.
    code = browser.execute_script(
        "var first = null; window.RiskMap.panes[0].layer.eachLayer(function (l) { first = first || l; });"
        " first.fire('click'); return first.feature.properties.code;"
    )
    wait.until(ec.visibility_of_element_located((By.ID, "panel-title")))
    asked = browser.execute_script(
        "var code = arguments[0]; return performance.getEntriesByType('resource').map(function (e) {"
        " return e.name; }).filter(function (n) { return n.indexOf('/' + code) >= 0; });",
        code,
    )
    assert asked and "period=2026-09" in asked[-1]

    # A shared link opens the same two maps.
    browser.get(browser.current_url)
    wait_for_map(browser)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".pane[data-loaded='2026-09']")))
    assert browser.execute_script(PANE_COLOURS, 0) == pane
    errors = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_the_print_view_is_one_a4_page_naming_the_area(app, browser, artifacts, orientation, tmp_path):
    """Chromium's PDF of the print view (the page's own @page size) has exactly one A4
    page, titled with the district drilled into, the period and whether it is complete."""
    import base64
    import subprocess

    from geo.models import AdminUnit, Level

    district = AdminUnit.current.filter(level=Level.DISTRICT).order_by("code").first()
    log_in(browser, app, username="browser-leader", password=PASSWORD)
    query = f"period=2026-10&measure=rate:illegal_users&district={district.code}"
    if orientation == "portrait":
        query += "&orientation=portrait"
    browser.get(app.url + "/maps/risk/print/?" + query)
    WebDriverWait(browser, 60).until(
        lambda d: d.execute_script(
            "var i = document.querySelector('figure img'); return i.complete && i.naturalWidth > 0"
        )
    )
    title = browser.find_element(By.CSS_SELECTOR, "header").text
    assert district.name in title and "10/2026" in title
    communes = AdminUnit.current.filter(parent=district).count()
    assert f"{communes}/{communes}" in title.replace(" trên ", "/").replace(" of ", "/")  # its own communes
    pdf = tmp_path / "print.pdf"
    pdf.write_bytes(
        base64.b64decode(
            browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})[
                "data"
            ]
        )
    )
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Pages"].strip() == "1"
    width, height = (float(x) for x in fields["Page size"].split("pts")[0].split(" x "))
    a4 = sorted((width, height))
    assert a4 == pytest.approx([595.3, 841.9], abs=2)
    assert (width > height) == (orientation == "landscape")


LABEL_BOXES = (
    "return Array.prototype.map.call(document.querySelectorAll('.folium-map .unit-label'), function (e) {"
    " var r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, e.textContent]; });"
)


def test_commune_names_show_by_zoom_and_never_overlap(app, browser, artifacts):
    log_in(browser, app, username="browser-leader", password=PASSWORD)
    browser.get(app.url + "/maps/risk/?period=2026-10&measure=rate:illegal_users&lat=15.9&lng=107.9&zoom=8")
    wait_for_map(browser)
    assert browser.execute_script(LABEL_BOXES) == []  # the whole province: no names yet
    names = set(
        browser.execute_script(
            "var n = []; window.RiskMap.layer.eachLayer(function (l) { n.push(l.feature.properties.name); }); return n;"
        )
    )
    counts = []
    for zoom in (10, 11):
        browser.execute_script(f"window.RiskMap.map.setZoom({zoom}, {{animate: false}})")
        WebDriverWait(browser, 10).until(lambda d: d.execute_script(LABEL_BOXES))
        boxes = browser.execute_script(LABEL_BOXES)
        assert {b[4] for b in boxes} <= names
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
        counts.append(len(boxes))
    assert counts[0] >= 5 and counts[1] >= 5
