"""Headless Chromium on a phone (390×844) opens the validation-rule violations page: the
breach is readable without scrolling sideways, and its link opens the grid on the cell."""

import datetime

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import app_with_user, chromium, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
PASSWORD = "browser-pw-rules"
MARCH = datetime.date(2026, 3, 1)


@pytest.fixture(scope="module")
def app(django_db_setup, django_db_blocker):
    from geo.models import AdminUnit
    from monitoring.imports.grid import field_name
    from monitoring.models import CaseCount, Indicator
    from tests.import_units import build_units

    with django_db_blocker.unblock():
        units = build_units()
        commune = units["10001"]
        relapses = Indicator.objects.get(code="relapses")
        CaseCount.objects.create(unit=commune, period=MARCH, indicator=relapses, value=9)
        CaseCount.objects.create(
            unit=commune, period=MARCH, indicator=Indicator.objects.get(code="post_rehab"), value=5
        )
        cell = field_name(commune.id, relapses.id)
    servers = app_with_user(
        django_db_blocker, username="browser-reporter-rules", password=PASSWORD, role="reporter"
    )
    try:
        server = next(servers)
        server.cell = cell
        yield server
    finally:
        servers.close()
        with django_db_blocker.unblock():
            CaseCount.objects.filter(unit__in=units.values()).delete()
            from django.contrib.auth.models import User

            User.objects.filter(username="browser-reporter-rules").delete()
            for level in ("commune", "district", "province"):
                AdminUnit.objects.filter(id__in=[u.id for u in units.values()], level=level).delete()


@pytest.fixture
def phone():
    driver = chromium(width=390, height=844)
    yield driver
    driver.quit()


def test_a_reporter_reads_a_violation_on_a_phone_and_opens_its_cell(app, phone):
    log_in(phone, app, username="browser-reporter-rules", password=PASSWORD)
    phone.get(app.url + "/data/quality/rules/?month=2026-03")
    row = phone.find_element(By.CSS_SELECTOR, "#rule-violations tr[data-code='10001']")
    assert "Xã Hòa Bình (10001)" in row.text and "= 9" in row.text and "= 5" in row.text
    width = phone.execute_script("return document.documentElement.clientWidth")
    right = phone.execute_script(
        "return document.getElementById('rule-violations').getBoundingClientRect().right"
    )
    assert right <= width, f"the violations table is {right}px wide on a {width}px screen"
    stacked = "return getComputedStyle(document.querySelector('#rule-violations thead')).display"
    assert phone.execute_script(stacked) == "none"  # rows read as cards, no header row

    row.find_element(By.TAG_NAME, "a").click()
    WebDriverWait(phone, 30).until(lambda d: d.current_url.endswith("#" + app.cell))
    assert "month=2026-03&district=981" in phone.current_url
    assert phone.find_element(By.ID, app.cell).get_attribute("value") == "9"
