"""The menu shows a page exactly when the user's role may open it (a link that answers
403 is a defect), and at 390 px the navigation is behind a menu button while the map
takes the full width."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from frontend.navigation import MENU, menu_for
from geo.models import AdminUnit, UserArea
from monitoring.roles import ROLES
from tests.browser import app_with_user, chromium, log_in

pytestmark = pytest.mark.django_db


def account(role: str) -> User:
    user = User.objects.create_user(f"menu-{role}", password="menu-pw-123")
    user.groups.add(Group.objects.get(name=role))
    for unit in AdminUnit.current.filter(parent__isnull=True):
        UserArea.objects.create(user=user, unit=unit)
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize("role", ROLES)
def test_every_menu_page_opens_and_every_hidden_page_is_refused(demo_province, client, role):
    user = account(role)
    client.force_login(user)
    shown = set()
    for entry in MENU:
        url = reverse(entry.url_name)
        listed = any(s["url"] == url for s in menu_for(user, url)["sections"]) or any(
            t["url"] == url for t in menu_for(user, url)["tabs"]
        )
        status = client.get(url).status_code
        if listed:
            shown.add(entry.url_name)
            assert status == 200, (role, url, status)
        else:
            assert status == 403, (role, url, status)
    assert shown, role


def test_a_reporter_sees_the_data_pages_and_not_the_inspections(demo_province, client):
    client.force_login(account("reporter"))
    page = client.get(reverse("frontend:data_entry")).content.decode()
    assert reverse("frontend:data_import") in page  # a tab of the data section
    assert reverse("frontend:establishments") not in page
    assert reverse("frontend:boundary_upload") not in page


def test_the_tabs_are_the_open_sections_pages(demo_province):
    user = account("administrator")
    menu = menu_for(user, reverse("frontend:data_entry"))
    assert [t["current"] for t in menu["tabs"]].count(True) == 1
    assert {t["url"] for t in menu["tabs"]} >= {
        reverse("frontend:data_entry"),
        reverse("frontend:data_import"),
    }
    assert [s["current"] for s in menu["sections"]].count(True) == 1
    assert menu_for(user, "/no/such/page/")["tabs"] == []


@pytest.fixture(scope="module")
def leader_app(demo_province, django_db_blocker):
    yield from app_with_user(django_db_blocker, username="menu-phone", password="menu-pw-123", role="leader")


@pytest.mark.browser
def test_on_a_phone_the_menu_opens_and_the_map_is_full_width(leader_app):
    driver = chromium(width=390, height=844)
    try:
        log_in(driver, leader_app, username="menu-phone", password="menu-pw-123")
        driver.get(leader_app.url + reverse("frontend:risk_map"))
        WebDriverWait(driver, 30).until(lambda d: d.execute_script("return !!window.RiskMap"))
        pages = driver.find_element(By.CSS_SELECTOR, "nav.pages")
        logout = driver.find_element(By.CSS_SELECTOR, ".topnav form.inline button")
        assert not pages.is_displayed() and not logout.is_displayed()
        driver.find_element(By.CSS_SELECTOR, "label.menu-button").click()
        assert pages.is_displayed() and logout.is_displayed()
        right = driver.execute_script("return arguments[0].getBoundingClientRect().right", logout)
        assert right <= 390
        width = driver.execute_script("return document.querySelector('.riskmap > .map').offsetWidth")
        assert width == 390
        assert driver.execute_script("return document.documentElement.scrollWidth") <= 390
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def wide_app(demo_province, django_db_blocker):
    """One server, an administrator and a reporter (the two widest headers)."""
    with django_db_blocker.unblock():
        reporter, _ = User.objects.get_or_create(username="menu-wide-reporter")
        reporter.set_password("menu-pw-123")
        reporter.save()
        reporter.groups.set([Group.objects.get_or_create(name="reporter")[0]])
        UserArea.objects.filter(user=reporter).delete()
        for unit in AdminUnit.current.filter(parent__isnull=True):
            UserArea.objects.create(user=reporter, unit=unit)
    yield from app_with_user(
        django_db_blocker, username="menu-wide-administrator", password="menu-pw-123", role="administrator"
    )


@pytest.mark.browser
@pytest.mark.parametrize("role", ["administrator", "reporter"])
def test_the_header_does_not_overflow_at_1366(wide_app, role):
    driver = chromium(width=1366, height=900)
    try:
        log_in(driver, wide_app, username=f"menu-wide-{role}", password="menu-pw-123")
        for path in ("/", reverse("frontend:data_entry")):
            driver.get(wide_app.url + path)
            header = driver.execute_script(
                "var h = document.querySelector('header.topbar'); return [h.scrollWidth, h.clientWidth]"
            )
            assert header[0] <= header[1], path
            assert driver.execute_script("return document.documentElement.scrollWidth") <= 1366, path
    finally:
        driver.quit()
