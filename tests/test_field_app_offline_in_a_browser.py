"""Headless Chromium at 390×844: an inspector downloads two communes, goes offline,
reloads the field app (served by its service worker), records three visits with a
photo and a position, sees them queued, goes online and sees them synced; the first
sync is cut half-way and retried, and the server holds exactly three visits.
Screenshots go to ``FIELD_SHOTS`` (default /tmp/shots-field/; docs/field/ holds them)."""

import io
import os
import tempfile
from pathlib import Path

import pytest
from PIL import Image
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import app_with_user, chromium, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
PASSWORD = "browser-pw-field"
USERNAME = "browser-field-inspector"
SHOTS = Path(os.environ.get("FIELD_SHOTS", Path(tempfile.gettempdir()) / "shots-field"))
HERE = {"latitude": 0.0, "longitude": 0.0, "accuracy": 8}


@pytest.fixture(scope="module")
def app(demo_province, django_db_blocker):
    from django.db.models import Count

    from geo.models import AdminUnit

    media = tempfile.mkdtemp(prefix="field-media-")
    saved = os.environ.get("MEDIA_ROOT")
    os.environ["MEDIA_ROOT"] = media
    server = app_with_user(django_db_blocker, username=USERNAME, password=PASSWORD, role="inspector")
    app = next(server)
    with django_db_blocker.unblock():
        communes = list(
            AdminUnit.current.filter(level="commune", is_demo=True)
            .annotate(n=Count("id"))
            .order_by("code")
            .values_list("code", flat=True)
        )
        from monitoring.models import Establishment

        busy = [
            code
            for code in communes
            if Establishment.objects.filter(commune__code=code, commune__valid_to__isnull=True).count() >= 3
        ][:2]
        first = Establishment.objects.filter(commune__code=busy[0]).order_by("id").first()
    try:
        yield app, busy, first.location
    finally:
        from monitoring.models import Inspection

        with django_db_blocker.unblock():
            Inspection.objects.filter(recorded_by__username=USERNAME).delete()
        if saved is None:
            os.environ.pop("MEDIA_ROOT", None)
        else:
            os.environ["MEDIA_ROOT"] = saved
        next(server, None)


@pytest.fixture
def browser():
    driver = chromium(width=390, height=844)
    yield driver
    driver.quit()


def network(driver, *, offline: bool, latency: int = 0) -> None:
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": offline, "latency": latency, "downloadThroughput": -1, "uploadThroughput": -1},
    )


def states(driver) -> list[str]:
    return driver.execute_script(
        "return [...document.querySelectorAll('#queue li')].map((li) => li.dataset.state)"
    )


def shot(driver, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def photo_file() -> str:
    path = Path(tempfile.mkdtemp()) / "bien-hieu.jpg"
    image = Image.effect_noise((800, 600), 40).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=95)
    path.write_bytes(out.getvalue())
    return str(path)


def test_visits_recorded_offline_are_synced_once_each(app, browser, django_db_blocker):
    app, communes, location = app
    wait = WebDriverWait(browser, 30)
    browser.execute_cdp_cmd("Browser.grantPermissions", {"origin": app.url, "permissions": ["geolocation"]})
    browser.execute_cdp_cmd(
        "Emulation.setGeolocationOverride",
        HERE | {"latitude": location.y + 0.001, "longitude": location.x + 0.001},
    )
    log_in(browser, app, username=USERNAME, password=PASSWORD)
    browser.get(app.url + "/field/")
    browser.execute_async_script("navigator.serviceWorker.ready.then(() => arguments[0]())")

    browser.find_element(By.CSS_SELECTOR, "[data-tab=data]").click()
    for code in communes:
        wait.until(lambda d, c=code: d.find_elements(By.CSS_SELECTOR, f"#communes input[value='{c}']"))
        browser.find_element(By.CSS_SELECTOR, f"#communes input[value='{code}']").click()
    shot(browser, "1-data")
    browser.find_element(By.ID, "download").click()
    wait.until(
        lambda d: d.find_element(By.ID, "download-message").text[:1].isdigit() or "200" in d.page_source
    )
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#visits li"))
    downloaded = len(browser.find_elements(By.CSS_SELECTOR, "#visits li"))
    assert downloaded >= 6

    network(browser, offline=True)
    browser.refresh()
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#visits li")) == downloaded)
    assert browser.execute_script("return navigator.onLine") is False
    assert browser.execute_script("return !!navigator.serviceWorker.controller")
    assert "off" in browser.find_element(By.ID, "net").get_attribute("class")

    browser.find_element(By.CSS_SELECTOR, "[data-tab=list]").click()
    browser.find_element(By.ID, "locate").click()
    wait.until(lambda d: "±" in d.find_element(By.ID, "position").text)
    shot(browser, "2-list")
    browser.find_element(By.CSS_SELECTOR, "[data-tab=map]").click()
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#map path.leaflet-interactive")) >= downloaded)
    shot(browser, "3-map")

    photo = photo_file()
    for n in range(3):
        browser.find_element(By.CSS_SELECTOR, "[data-tab=list]").click()
        browser.find_elements(By.CSS_SELECTOR, "#visits .record")[n].click()
        if n == 0:  # every error at once, on the phone
            browser.find_element(By.NAME, "team").clear()
            browser.find_element(By.ID, "save").click()
            wait.until(lambda d: d.find_element(By.ID, "form-errors").is_displayed())
            assert len(browser.find_elements(By.CSS_SELECTOR, "#form-errors li")) == 2
            shot(browser, "4-form-errors")
        browser.find_element(By.NAME, "team").send_keys("Đội liên ngành số 1")
        browser.find_element(By.CSS_SELECTOR, "select[name=result] option[value=compliant]").click()
        browser.find_element(By.NAME, "photos").send_keys(photo)
        browser.find_element(By.ID, "save").click()
        wait.until(lambda d, k=n + 1: len(states(d)) == k)
    assert states(browser) == ["queued"] * 3
    shot(browser, "5-queue-offline")

    # Online through a slow line; cut it once the first visit is synced, then retry.
    network(browser, offline=False, latency=1500)
    browser.find_element(By.ID, "sync").click()
    wait.until(lambda d: "synced" in states(d))
    network(browser, offline=True)
    WebDriverWait(browser, 30).until(lambda d: "sending" not in states(d))
    assert states(browser).count("synced") < 3
    network(browser, offline=False)
    browser.find_element(By.ID, "sync").click()
    WebDriverWait(browser, 60).until(lambda d: states(d) == ["synced"] * 3)
    shot(browser, "6-queue-synced")
    browser.find_element(By.ID, "sync").click()  # nothing left: no second copy

    # The inspector corrects the first visit and withdraws the second, within the period.
    wait.until(lambda d: d.find_element(By.ID, "sync-message").text)  # the queue has settled
    press = "document.querySelectorAll('#queue li')[arguments[0]].querySelectorAll('button')[arguments[1]].click()"
    browser.execute_script(press, 0, 0)
    wait.until(lambda d: d.find_element(By.ID, "tab-form").is_displayed())
    browser.find_element(By.NAME, "notes").send_keys("Bổ sung biên bản")
    browser.find_element(By.ID, "save").click()
    wait.until(lambda d: d.find_element(By.ID, "tab-queue").is_displayed())
    browser.execute_script("window.confirm = () => true")
    wait.until(
        lambda d: d.execute_script("return document.querySelectorAll('#queue li p.muted').length") == 1
    )
    browser.execute_script(press, 1, 1)
    wait.until(
        lambda d: d.execute_script("return document.querySelectorAll('#queue li p.muted').length") == 2
    )

    from monitoring.models import Inspection

    with django_db_blocker.unblock():
        visits = Inspection.objects.filter(recorded_by__username=USERNAME)
        assert visits.count() == 3
        assert sorted(v.photos.count() for v in visits) == [1, 1, 1]
        assert all(v.position is not None and v.position_accuracy_m == 8 for v in visits)
        assert sorted(v.state for v in visits) == ["corrected", "recorded", "withdrawn"]
        assert visits.get(state="corrected").notes == "Bổ sung biên bản"
