"""Headless Chromium: an administrator uploads a bad boundary file and reads every problem
in Vietnamese; nothing is written and no request leaves 127.0.0.1."""

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.browser import app_with_user, chromium, log_in, requested_hosts

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
PASSWORD = "browser-pw-123"
BAD = Path(__file__).parent / "data" / "bad" / "boundaries"


@pytest.fixture(scope="module")
def app(django_db_blocker):
    from django.contrib.auth.models import User

    with django_db_blocker.unblock():
        User.objects.update_or_create(
            username="browser-admin", defaults={"is_superuser": True, "is_staff": True}
        )
    yield from app_with_user(django_db_blocker, username="browser-admin", password=PASSWORD)


@pytest.fixture
def browser():
    driver = chromium()
    yield driver
    driver.quit()


def test_an_administrator_sees_every_problem_of_a_bad_file(app, browser, tmp_path):
    from geo.models import AdminUnit

    units_before = AdminUnit.objects.count()
    log_in(browser, app, username="browser-admin", password=PASSWORD)
    browser.get(app.url + "/data/boundaries/")
    browser.find_element(By.NAME, "file").send_keys(str(BAD / "several_bad_rows.geojson"))
    Select(browser.find_element(By.NAME, "level")).select_by_value("commune")
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(browser, 60).until(ec.presence_of_element_located((By.CSS_SELECTOR, "ul.problems")))
    problems = [item.text for item in browser.find_elements(By.CSS_SELECTOR, "ul.problems li")]
    browser.save_screenshot(str(tmp_path / "boundary_upload.png"))
    assert len(problems) == 3
    assert problems[0].startswith("several_bad_rows.geojson, đối tượng 2, trường code")
    assert "thiếu mã" in problems[0]
    assert "không phải vùng (polygon)" in problems[1]
    assert 'trường population, giá trị "-12"' in problems[2]
    assert (
        "3 lỗi: chưa có dữ liệu nào được nhập"
        in browser.find_element(By.CSS_SELECTOR, "section.error h2").text
    )
    assert requested_hosts(browser) <= {"127.0.0.1"}
    assert AdminUnit.objects.count() == units_before
