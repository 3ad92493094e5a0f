"""Headless Chromium: a reporter types a value far from the commune's history and sees it
flagged before saving, confirms it with a comment, saves, and finds it confirmed on the
data-quality page; a link from that page brings the cell into view. Screenshots at
1366×900 and 390×844 go to /tmp/shots-outliers/."""

import datetime
import os
import tempfile
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import app_with_user, chromium, log_in, requested_hosts

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
PASSWORD = "browser-pw-123"
USERNAME = "browser-reporter"
OCTOBER = datetime.date(2026, 10, 1)  # the demo's last month: 35 months of history before it
SHOTS = Path(os.environ.get("SHOTS_DIR", Path(tempfile.gettempdir()) / "shots-outliers"))
COMMENT = "Đã kiểm tra với công an xã: đợt truy quét tháng 10."


def _cell():
    from geo.models import AdminUnit
    from monitoring.models import CaseCount, Indicator

    district = AdminUnit.current.filter(is_demo=True, level="district").order_by("code").first()
    commune = AdminUnit.current.filter(parent=district, level="commune").order_by("code").first()
    users = Indicator.objects.get(code="illegal_users")
    count = CaseCount.objects.get(unit=commune, indicator=users, period=OCTOBER)
    return district, commune, users, count


@pytest.fixture(scope="module")
def app(demo_province, django_db_blocker):
    """The app, a reporter, and the demo cell the test changes, put back afterwards."""
    from monitoring.models import CaseCount, CellNote

    with django_db_blocker.unblock():
        _district, _commune, _users, count = _cell()
        original = CaseCount.objects.filter(pk=count.pk).values("value", "source", "reported_on").get()
    try:
        yield from app_with_user(django_db_blocker, username=USERNAME, password=PASSWORD, role="reporter")
    finally:
        with django_db_blocker.unblock():
            CellNote.objects.filter(unit_id=count.unit_id, period=OCTOBER).delete()
            CaseCount.objects.filter(pk=count.pk).update(**original)
            _forget_audit_events()


def _forget_audit_events():
    """The server's audit events are committed and the log refuses deletes; the table's
    owner may lift the trigger for cleaning up (other tests count the events)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("ALTER TABLE monitoring_auditevent DISABLE TRIGGER monitoring_auditevent_append_only")
        cursor.execute("DELETE FROM monitoring_auditevent WHERE username = %s", [USERNAME])
        cursor.execute("ALTER TABLE monitoring_auditevent ENABLE TRIGGER monitoring_auditevent_append_only")


@pytest.fixture
def browser():
    driver = chromium(width=1366, height=900)
    yield driver
    driver.quit()


def shot(driver, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def test_a_reporter_sees_an_outlier_flagged_before_saving_and_confirms_it(app, browser):
    from monitoring.models import CaseCount, CellNote

    district, commune, users, count = _cell()
    wait = WebDriverWait(browser, 30)
    log_in(browser, app, username=USERNAME, password=PASSWORD)
    grid = f"{app.url}/data/entry/?month=2026-10&district={district.code}"
    browser.get(grid)
    cell_id = f"v-{commune.id}-{users.id}"
    field = wait.until(ec.presence_of_element_located((By.ID, cell_id)))
    cell = field.find_element(By.XPATH, "..")
    high = int(field.get_attribute("data-high"))
    assert "out" not in cell.get_attribute("class").split()

    typed = str(high * 10 + 100)
    field.clear()
    field.send_keys(typed)
    wait.until(lambda d: "out" in cell.get_attribute("class").split())
    why = browser.find_element(By.ID, "w" + cell_id)
    assert field.get_attribute("aria-describedby") == "w" + cell_id
    assert why.text.strip() and str(high) in why.text.replace(".", "").replace(",", "")
    assert why.text in browser.find_element(By.ID, "grid-status").get_attribute("textContent")
    assert CaseCount.objects.get(pk=count.pk).value == count.value  # nothing saved yet
    shot(browser, "grid-flagged-1366")

    button = browser.find_element(By.ID, "note-button")
    assert button.is_displayed()
    button.click()
    editor = browser.find_element(By.ID, "note-editor")
    wait.until(lambda d: editor.is_displayed())
    browser.find_element(By.ID, "note-confirm").click()
    browser.find_element(By.ID, "note-done").click()
    assert browser.find_element(By.ID, "note-error").text.strip()  # a comment is required
    assert editor.is_displayed()
    browser.find_element(By.ID, "note-text").send_keys(COMMENT)
    shot(browser, "grid-editor-1366")
    browser.find_element(By.ID, "note-done").click()
    assert not editor.is_displayed()
    assert set(cell.get_attribute("class").split()) == {"confirmed", "noted"}

    browser.find_element(By.ID, "save-month").click()
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "ul.messages li")))
    stored = CaseCount.objects.get(pk=count.pk)
    note = CellNote.objects.get(unit=commune, indicator=users, period=OCTOBER)
    assert stored.value == int(typed)
    assert (note.confirmed_value, note.comment, note.author.username) == (
        int(typed),
        COMMENT,
        USERNAME,
    )
    cell = browser.find_element(By.ID, cell_id).find_element(By.XPATH, "..")
    assert set(cell.get_attribute("class").split()) == {"confirmed", "noted"}

    browser.get(f"{app.url}/data/quality/outliers/?month=2026-10&district={district.code}")
    row = browser.find_element(By.CSS_SELECTOR, f'tr[data-cell="{cell_id}"]')
    assert row.get_attribute("class") == "confirmed" and COMMENT in row.text
    shot(browser, "quality-1366")
    row.find_element(By.TAG_NAME, "a").click()
    wait.until(lambda d: d.execute_script("return document.activeElement.id") == cell_id)
    target = browser.find_element(By.ID, cell_id).find_element(By.XPATH, "..")
    assert "target" in target.get_attribute("class").split()
    assert requested_hosts(browser) <= {"127.0.0.1"}


def test_the_grid_and_the_page_fit_a_phone(app):
    district, commune, users, _count = _cell()
    driver = chromium(width=390, height=844)
    # Headless Chromium keeps windows at least 500 px wide: emulate the phone's viewport.
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": False},
    )
    try:
        wait = WebDriverWait(driver, 30)
        log_in(driver, app, username=USERNAME, password=PASSWORD)
        driver.get(f"{app.url}/data/entry/?month=2026-10&district={district.code}")
        field = wait.until(ec.presence_of_element_located((By.ID, f"v-{commune.id}-{users.id}")))
        field.click()
        driver.find_element(By.ID, "note-button").click()
        editor = driver.find_element(By.ID, "note-editor")
        wait.until(lambda d: editor.is_displayed())
        width = driver.execute_script("return document.documentElement.clientWidth")
        box = editor.rect
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        shot(driver, "grid-editor-390")
        driver.get(f"{app.url}/data/quality/outliers/?month=2026-10&district={district.code}")
        wait.until(ec.presence_of_element_located((By.ID, "outlier-summary")))
        overflow = driver.execute_script(
            "return document.querySelector('main').scrollWidth - document.querySelector('main').clientWidth"
        )
        assert overflow <= 0
        shot(driver, "quality-390")
    finally:
        driver.quit()
