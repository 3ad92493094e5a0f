"""In Chromium, the risk map and the establishments map read in one language: Leaflet's
zoom and drawing controls are Vietnamese in a Vietnamese session, and an English session
shows no Vietnamese indicator name. Screenshots land in /tmp/shots-lang/."""

import tempfile
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import app_with_user, chromium, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
PASSWORD = "browser-pw-123"
SHOTS = Path(tempfile.gettempdir()) / "shots-lang"


@pytest.fixture(scope="module")
def app(demo_province, django_db_blocker):
    yield from app_with_user(django_db_blocker, username="browser-lang", password=PASSWORD)


@pytest.fixture
def browser():
    driver = chromium(width=1366, height=900)
    yield driver
    driver.quit()


def open_in(browser, app, language: str, path: str):
    browser.add_cookie({"name": "django_language", "value": language, "path": "/"})
    browser.get(app.url + path)
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".leaflet-control-zoom-in"))
    SHOTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(SHOTS / f"{path.strip('/').replace('/', '-')}-{language}.png"))


def titles(browser) -> list[str]:
    return browser.execute_script(
        "return Array.from(document.querySelectorAll('.leaflet-control a[title]')).map(a => a.title)"
    )


def test_a_vietnamese_session_shows_leaflet_controls_in_vietnamese(app, browser):
    log_in(browser, app, username="browser-lang", password=PASSWORD)
    open_in(browser, app, "vi", "/maps/risk/")
    assert {"Phóng to", "Thu nhỏ"} <= set(titles(browser))
    scale = browser.find_element(By.CSS_SELECTOR, ".leaflet-control-scale").text
    assert "km" in scale and "mi" not in scale, scale
    open_in(browser, app, "vi", "/maps/establishments/")
    shown = set(titles(browser))
    assert {"Phóng to", "Vẽ một vùng", "Vẽ một hình tròn"} <= shown, shown
    assert not shown & {"Zoom in", "Zoom out", "Draw a polygon", "Draw a circle"}
    browser.find_element(By.CSS_SELECTOR, ".leaflet-draw-draw-polygon").click()
    actions = browser.execute_script(
        "return Array.from(document.querySelectorAll('.leaflet-draw-actions a')).map(a => a.textContent)"
    )
    assert "Xong" in actions and "Finish" not in actions, actions


def test_an_english_session_shows_no_vietnamese_indicator_name(app, browser):
    from monitoring.models import Indicator

    names = [i.name_vi for i in Indicator.objects.all()]
    log_in(browser, app, username="browser-lang", password=PASSWORD)
    for path in ("/maps/risk/", "/maps/establishments/"):
        open_in(browser, app, "en", path)
        text = browser.find_element(By.TAG_NAME, "body").text
        assert not [n for n in names if n in text], path
        assert {"Zoom in", "Zoom out"} <= set(titles(browser))
        if path == "/maps/risk/":
            options = browser.execute_script(
                "return Array.from(document.querySelectorAll('select option')).map(o => o.textContent)"
            )
            assert "Illegal drug users" in options, options


def test_map_tooltips_format_numbers_in_the_page_language(app, browser):
    log_in(browser, app, username="browser-lang", password=PASSWORD)
    for language, expected in (("en", "1,234.5"), ("vi", "1.234,5")):
        open_in(browser, app, language, "/maps/risk/")
        assert browser.execute_script("return (1234.5).toLocaleString()") == expected
