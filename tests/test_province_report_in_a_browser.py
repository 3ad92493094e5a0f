"""Headless Chromium: a leader opens the risk map of the demo province, follows its
"Periodic report" button to the printable report, and downloads the DOCX and the PDF;
the files that land on disk are a Word document with the two maps and a PDF."""

import io
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import app_with_user, chromium, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
PASSWORD = "browser-pw-123"


@pytest.fixture(scope="module")
def app(demo_province, django_db_blocker):
    server = app_with_user(
        django_db_blocker, username="browser-report-leader", password=PASSWORD, role="leader"
    )
    yield next(server)
    next(server, None)


@pytest.fixture
def browser():
    driver = chromium(width=1366, height=900)
    downloads = Path(tempfile.mkdtemp(prefix="report-downloads-"))
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior",
        {"behavior": "allow", "downloadPath": str(downloads), "eventsEnabled": True},
    )
    driver.downloads = downloads
    yield driver
    driver.quit()


def downloaded(folder: Path, suffix: str, timeout: float = 120) -> Path:
    """The file with ``suffix`` once Chromium has finished writing it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.glob(f"*{suffix}") if p.stat().st_size]
        if done and not list(folder.glob("*.crdownload")):
            return done[0]
        time.sleep(0.5)
    raise AssertionError(f"no {suffix} in {folder}: {sorted(p.name for p in folder.iterdir())}")


def test_a_leader_downloads_the_report_from_the_risk_map(app, browser):
    import docx

    log_in(browser, app, username="browser-report-leader", password=PASSWORD)
    browser.get(app.url + "/maps/risk/")
    button = WebDriverWait(browser, 60).until(ec.element_to_be_clickable((By.ID, "province-report")))
    period = button.get_attribute("href").split("period=")[1].split("&")[0]
    button.click()
    WebDriverWait(browser, 30).until(lambda d: len(d.window_handles) == 2)
    browser.switch_to.window(browser.window_handles[1])
    WebDriverWait(browser, 120).until(ec.presence_of_element_located((By.ID, "download-docx")))
    assert len(browser.find_elements(By.CSS_SELECTOR, "figure.map img")) == 2
    browser.find_element(By.ID, "download-docx").click()
    word = downloaded(browser.downloads, ".docx")
    assert word.name.startswith("bao-cao-") and word.name.endswith(f"-{period}.docx")
    assert "word/document.xml" in zipfile.ZipFile(word).namelist()
    assert len(docx.Document(io.BytesIO(word.read_bytes())).inline_shapes) == 2
    browser.find_element(By.ID, "download-pdf").click()
    pdf = downloaded(browser.downloads, ".pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"
