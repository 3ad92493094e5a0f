"""Attack: a name stored by a boundary upload or an edit (``<img src=x onerror=…>``, or
``${…}`` for folium's template literals) runs script when a map shows it (issue 21,
item 3). Every value folium or the app's scripts write into HTML is escaped, and the
Content-Security-Policy runs no inline script without the request's nonce."""

import pathlib
import re
import time

import pytest
from django.contrib.auth.models import User
from selenium.webdriver.support.ui import WebDriverWait

from geo.models import AdminUnit, Level
from monitoring.models import CounsellingPoint, SiteSettings
from tests.browser import app_with_user, chromium, log_in

pytestmark = pytest.mark.django_db

ROOT = pathlib.Path(__file__).resolve().parent.parent
IMG = '<img src=x onerror="window.__xss=1">'
LITERAL = "`${window.__xss = 2}`"
PASSWORD = "xss-browser-pw-123"
MAP_PAGES = [
    "/",
    "/maps/risk/",
    "/maps/planning/",
    "/maps/establishments/",
    "/maps/establishments/coverage/",
    "/data/completeness/",
    "/public/",
    "/ogc/collections/establishments/items?limit=5",
    "/api/docs/",
]


def public_view_on(on: bool = True) -> bool:
    """Turn the public view on (or off); returns what it was."""
    site = SiteSettings.load()
    was, site.public_view_enabled = site.public_view_enabled, on
    site.save()
    return was


def inline_scripts(html: str) -> list[str]:
    """The opening tags of the page's inline scripts (no src, not a JSON data block)."""
    tags = re.findall(r"<script\b[^>]*>", html)
    return [t for t in tags if "src=" not in t and "application/json" not in t]


def test_text_for_folium_is_escaped_for_html_and_template_literals():
    from frontend.folium_layers import html_text, properties_escaped

    assert html_text(IMG) == "&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;"
    assert html_text(LITERAL) == "&#96;&#36;{window.__xss = 2}&#96;"
    collection = {"features": [{"properties": {"name": IMG, "population": 12}}]}
    assert properties_escaped(collection)["features"][0]["properties"] == {
        "name": "&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;",
        "population": 12,
    }


@pytest.mark.parametrize("url", ["/", "/maps/risk/", "/maps/planning/", "/maps/establishments/", "/public/"])
def test_map_pages_run_inline_scripts_only_with_the_requests_nonce(admin_client, demo_province, url):
    public_view_on()
    response = admin_client.get(url)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    script_src = next(d for d in policy.split("; ") if d.startswith("script-src "))
    assert "'unsafe-inline'" not in script_src
    nonce = re.fullmatch(r"script-src 'self' 'nonce-([A-Za-z0-9_-]+)'", script_src).group(1)
    scripts = inline_scripts(response.content.decode())
    assert scripts
    assert all(f'nonce="{nonce}"' in tag for tag in scripts), scripts
    assert admin_client.get(url)["Content-Security-Policy"] != policy  # a new nonce per request


def test_the_home_map_hands_folium_escaped_names(admin_client, demo_province):
    commune = AdminUnit.current.filter(level=Level.COMMUNE).order_by("code").first()
    commune.name = IMG
    commune.save()
    page = admin_client.get("/").content.decode()
    # folium writes the data through Jinja's tojson, which writes & as \u0026.
    assert "\\u0026lt;img src=x onerror=\\u0026quot;window.__xss=1\\u0026quot;\\u0026gt;" in page
    assert "\\u003cimg src=x" not in page and "<img src=x" not in page


def test_no_template_has_an_inline_event_handler():
    handlers = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for folder in ("frontend", "monitoring", "geo")
        for path in (ROOT / folder).rglob("templates/**/*.html")
        for match in re.finditer(r"\son[a-z]+\s*=", path.read_text())
    ]
    assert handlers == []


@pytest.fixture(scope="module")
def app(demo_province, django_db_blocker):
    """The demo with every commune and counselling point named by an attacker."""
    with django_db_blocker.unblock():
        communes = {u.pk: u.name for u in AdminUnit.current.filter(level=Level.COMMUNE)}
        points = dict(CounsellingPoint.objects.values_list("pk", "name"))
        AdminUnit.objects.filter(pk__in=communes).update(name=IMG)
        CounsellingPoint.objects.filter(pk__in=points).update(name=LITERAL)
        public_was = public_view_on()
        # A superuser: the admin's map widget too (audit events protect the user from deletion).
        User.objects.update_or_create(
            username="xss-browser", defaults={"is_staff": True, "is_superuser": True}
        )
        point = next(iter(points), None)
    MAP_PAGES.append(f"/admin/monitoring/counsellingpoint/{point}/change/")
    try:
        yield from app_with_user(django_db_blocker, username="xss-browser", password=PASSWORD)
    finally:
        with django_db_blocker.unblock():
            for pk, name in communes.items():
                AdminUnit.objects.filter(pk=pk).update(name=name)
            for pk, name in points.items():
                CounsellingPoint.objects.filter(pk=pk).update(name=name)
            public_view_on(public_was)


OPEN_TOOLTIPS = """
var opened = 0;
Object.keys(window).forEach(function (key) {
  var layer = window[key];
  if (!layer || typeof layer.eachLayer !== "function" || !layer._map) return;
  if (layer.getTooltip && layer.getTooltip()) { layer.openTooltip(); opened++; }
  layer.eachLayer(function (l) { if (l.getTooltip && l.getTooltip() && l._map) { l.openTooltip(); opened++; } });
});
return opened;
"""


def map_drawn(driver) -> None:
    WebDriverWait(driver, 30).until(lambda d: d.find_elements("css selector", ".leaflet-container"))
    time.sleep(2)


def csp_errors(driver) -> list[str]:
    return [
        e["message"]
        for e in driver.get_log("browser")
        if "Content Security Policy" in e["message"] or "Refused to" in e["message"]
    ]


@pytest.mark.browser
def test_names_in_tooltips_are_text_and_no_map_page_breaks_the_policy(app):
    driver = chromium()
    try:
        log_in(driver, app, username="xss-browser", password=PASSWORD)
        driver.get(app.url + "/")
        map_drawn(driver)
        assert driver.execute_script(OPEN_TOOLTIPS) > 0
        time.sleep(1)
        tooltips = " ".join(t.text for t in driver.find_elements("css selector", ".leaflet-tooltip"))
        assert "<img src=x" in tooltips
        assert driver.execute_script("return window.__xss") is None
        driver.get(app.url + "/maps/risk/")
        map_drawn(driver)
        assert driver.execute_script(OPEN_TOOLTIPS) > 0
        time.sleep(1)
        assert driver.execute_script("return window.__xss") is None
        tooltips = " ".join(t.text for t in driver.find_elements("css selector", ".leaflet-tooltip"))
        assert "${window.__xss = 2}" in tooltips
        problems = {}
        for url in MAP_PAGES:
            driver.get(app.url + url)
            time.sleep(2)
            if errors := csp_errors(driver):
                problems[url] = errors
            assert driver.execute_script("return window.__xss") is None, url
        assert problems == {}
        assert driver.find_elements("css selector", ".dj_map .ol-viewport")  # the widget drew its map
    finally:
        driver.quit()
