"""Take the screenshots the README and docs show, from a running app with the demo
loaded (``./dev run``), in headless Chromium at 1366×900 and 390×844:

    .venv/bin/python docs/make_screenshots.py http://127.0.0.1:8000

Each picture is written to ``docs/`` under the name the documents use.
"""

import base64
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import chromium, log_in  # noqa: E402 - after the path is set

DOCS = ROOT / "docs"
PASSWORD = "demo-2026"  # noqa: S105 - the demo accounts' published password (monitoring.demo)
DESKTOP, PHONE = (1366, 900), (390, 844)


def ready(driver, script: str = "return true", seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if driver.execute_script(script):
            time.sleep(1.0)  # let the last tiles of drawing settle
            return
        time.sleep(0.3)
    raise RuntimeError(f"the page did not get ready: {script}")


def shot(
    base: str, *, user: str, path: str, name: str, size=DESKTOP, language="vi", then=None, wait="return true"
):
    driver = chromium(width=size[0], height=size[1])
    try:
        log_in(driver, types.SimpleNamespace(url=base), username=user, password=PASSWORD)
        if language != "vi":
            driver.add_cookie({"name": "django_language", "value": language, "path": "/"})
        driver.get(base + path)
        ready(driver, wait)
        if then:
            driver.execute_script(then)
            time.sleep(2.5)
        driver.save_screenshot(str(DOCS / name))
        print("wrote", DOCS / name)
    finally:
        driver.quit()


def print_page(base: str, *, user: str, path: str, name: str) -> None:
    """The print view as Chromium prints it (its own @page size), first page as PNG."""
    driver = chromium(width=DESKTOP[0], height=DESKTOP[1])
    try:
        log_in(driver, types.SimpleNamespace(url=base), username=user, password=PASSWORD)
        driver.get(base + path)
        ready(
            driver,
            "var i = document.querySelector('figure img'); return i && i.complete && i.naturalWidth > 0",
        )
        pdf = base64.b64decode(
            driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})[
                "data"
            ]
        )
    finally:
        driver.quit()
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "p.pdf").write_bytes(pdf)
        command = ["pdftoppm", "-png", "-r", "70", "-singlefile", f"{tmp}/p.pdf", f"{tmp}/p"]
        subprocess.run(command, check=True)  # noqa: S603 - fixed arguments; poppler-utils from ./dev
        (DOCS / name).write_bytes(Path(tmp, "p.png").read_bytes())
    print("wrote", DOCS / name)


MAP = "return !!(window.RiskMap && window.RiskMap.layer)"


def main(base: str) -> None:
    risk = "/maps/risk/?period=2026-10&measure=rate:illegal_users"
    first_commune = (
        "var c = null; window.RiskMap.layer.eachLayer(function (l) { c = c || l.feature.properties.code; });"
        " window.RiskMap.open(c);"
    )
    shot(base, user="lanhdao", path=risk, name="risk_map.png", wait=MAP, then=first_commune)
    shot(
        base,
        user="lanhdao",
        path=risk + "&compare=2026-09,2026-08,2026-07",
        name="risk_map_split.png",
        wait=MAP,
    )
    shot(
        base,
        user="lanhdao",
        path=risk + "&lat=15.75&lng=108.15&zoom=11",
        name="risk_map_labels_en.png",
        language="en",
        wait=MAP,
    )
    shot(base, user="lanhdao", path=risk, name="risk_map_phone.png", size=PHONE, wait=MAP)
    shot(
        base,
        user="lanhdao",
        path=risk,
        name="risk_map_phone_menu.png",
        size=PHONE,
        wait=MAP,
        then="document.querySelector('label.menu-button').click()",
    )
    print_page(
        base,
        user="lanhdao",
        path="/maps/risk/print/?period=2026-10&measure=rate:illegal_users",
        name="risk_map_print.png",
    )
    search = (
        "var box = document.getElementById('commune-search'); box.value = 'karaoke hai dang';"
        " box.dispatchEvent(new Event('change'));"
        " setTimeout(function () { var b = document.querySelector('#search-results button');"
        " if (b) b.click(); }, 1200);"
    )
    shot(base, user="quantri", path=risk, name="risk_map_search.png", wait=MAP, then=search)
    shot(
        base,
        user="kehoach",
        path="/maps/planning/?period=2026-10",
        name="planning.png",
        wait="return !!window.Planning",
    )
    compare = (
        "var a = document.querySelector('select[name=a]'), b = document.querySelector('select[name=b]');"
        " if (a && b) window.location = a.form.action + '?a=' + a.value + '&b=' + b.value;"
    )
    shot(
        base,
        user="kehoach",
        path="/maps/planning/?period=2026-10",
        name="planning_compare.png",
        wait="return !!window.Planning",
        then=compare + " setTimeout(function () {}, 0);",
    )
    shot(
        base,
        user="thanhtra",
        path="/maps/establishments/?q=karaoke",
        name="establishments.png",
        wait="return !!document.querySelector('.leaflet-container')",
    )
    shot(
        base,
        user="thanhtra",
        path="/maps/establishments/",
        name="establishments_phone.png",
        size=PHONE,
        wait="return !!document.querySelector('.leaflet-container')",
    )


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000")
