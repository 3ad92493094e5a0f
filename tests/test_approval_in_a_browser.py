"""Headless Chromium: an approver approves a month on the approval page, and the
reporter's grid for that month turns read-only with the approver's name. Screenshots of
both pages at 1366×900 and 390×844 go to /tmp/shots-approval/."""

import tempfile
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import app_with_user, chromium, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
PASSWORD = "browser-pw-123"
MONTH = "2026-10"
SHOTS = Path(tempfile.gettempdir()) / "shots-approval"
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}


@pytest.fixture(scope="module")
def app(demo_province, django_db_blocker):
    from django.contrib.auth.models import Group, User

    from geo.models import AdminUnit, UserArea
    from monitoring.models import PeriodApproval, ReportSubmission

    server = app_with_user(django_db_blocker, username="browser-approver", password=PASSWORD, role="leader")
    app = next(server)
    with django_db_blocker.unblock():
        approver = User.objects.get(username="browser-approver")
        approver.first_name, approver.last_name = "Trần", "Thị Duyệt"
        approver.save()
        reporter, _ = User.objects.get_or_create(username="browser-reporter")
        reporter.set_password(PASSWORD)
        reporter.save()
        reporter.groups.set([Group.objects.get(name="reporter")])
        district = AdminUnit.current.filter(level="district", is_demo=True).order_by("code").first()
        UserArea.objects.filter(user=reporter).delete()
        UserArea.objects.create(user=reporter, unit=district)
    try:
        yield app, district
    finally:
        with django_db_blocker.unblock():
            # The demo province is shared by the session: leave no month locked behind.
            PeriodApproval.objects.filter(unit__is_demo=True).delete()
            ReportSubmission.objects.filter(unit__is_demo=True).delete()
        next(server, None)


@pytest.fixture
def browser():
    driver = chromium(width=1366, height=900)
    yield driver
    driver.quit()


@pytest.fixture
def artifacts(request, browser, app):
    """On failure, keep a screenshot, the page and the server log for the report."""
    yield
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        stem = f"{tempfile.gettempdir()}/{request.node.name}"
        browser.save_screenshot(f"{stem}.png")
        Path(f"{stem}.html").write_text(browser.page_source, encoding="utf-8")
        print(f"browser artifacts: {stem}.png, {stem}.html, server log {app[0].log.name}")


def shoot(driver, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for size, (width, height) in SIZES.items():
        metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
        driver.save_screenshot(str(SHOTS / f"{name}-{size}.png"))
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_an_approver_approves_the_month_and_the_reporters_grid_turns_read_only(app, browser, artifacts):
    server, district = app
    wait = WebDriverWait(browser, 30)
    log_in(browser, server, username="browser-reporter", password=PASSWORD)
    browser.get(f"{server.url}/data/entry/?month={MONTH}&district={district.code}")
    assert browser.find_elements(By.CSS_SELECTOR, "form button[type=submit]:not(.toggle)")
    assert not browser.find_elements(By.ID, "month-approved")
    browser.find_element(By.CSS_SELECTOR, "button.toggle[name=mark]").click()  # mark a commune complete
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".complete-mark .done")))
    shoot(browser, "grid-open")

    browser.delete_all_cookies()
    log_in(browser, server, username="browser-approver", password=PASSWORD)
    browser.get(f"{server.url}/data/approval/?month={MONTH}")
    shoot(browser, "approval-before")
    row = browser.find_element(By.CSS_SELECTOR, f'tr[data-unit="{district.code}"]')
    assert "1 /" in row.text  # one commune marked complete
    row.find_element(By.CSS_SELECTOR, "button.approve").click()
    wait.until(ec.alert_is_present()).accept()
    wait.until(
        lambda d: "Trần Thị Duyệt" in d.find_element(By.CSS_SELECTOR, f'tr[data-unit="{district.code}"]').text
    )
    shoot(browser, "approval-after")

    browser.delete_all_cookies()
    log_in(browser, server, username="browser-reporter", password=PASSWORD)
    browser.get(f"{server.url}/data/entry/?month={MONTH}&district={district.code}")
    banner = browser.find_element(By.ID, "month-approved")
    assert "Trần Thị Duyệt" in banner.text
    cells = browser.find_elements(By.CSS_SELECTOR, "#entry-grid input:not([type=hidden])")
    assert cells and all(cell.get_attribute("readonly") is not None for cell in cells)
    assert not browser.find_elements(By.CSS_SELECTOR, "#entry-grid ~ p button[type=submit]")
    assert not browser.find_elements(By.CSS_SELECTOR, "button.toggle")
    shoot(browser, "grid-locked")
