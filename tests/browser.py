"""Real parts for browser tests: the app served by a separate process on loopback
against the test database, and headless Chromium driven by Selenium."""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit

from django.db import connection
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_database_url() -> str:
    """A DATABASE_URL for the database pytest-django created (socket or TCP host)."""
    db = connection.settings_dict
    host = quote(db["HOST"] or "", safe="")
    auth = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgis://{auth}@{host}{port}/{db['NAME']}"


class AppServer:
    """``manage.py runserver`` in its own process; stopped by ``stop()``."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(
            os.environ,
            DEBUG="true",
            DATABASE_URL=test_database_url(),
            DJANGO_SETTINGS_MODULE="config.settings_test",
        )
        self.log = tempfile.NamedTemporaryFile(prefix="appserver-", suffix=".log", delete=False)
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/accounts/login/", timeout=2)
                return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"the app server did not start; see {self.log.name}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def chromium(*, width: int = 1366, height: int = 768) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        f"--window-size={width},{height}",
        f"--user-data-dir={tempfile.mkdtemp()}",
        "--lang=vi",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    if width < 500:
        # Headless Chromium's window is never narrower than 500 px: a phone is emulated.
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 2, "mobile": True},
        )
    return driver


def requested_hosts(driver) -> set[str]:
    """Hosts of every request the page made (from Chromium's performance log)."""
    import json

    hosts = set()
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if url.startswith(("http:", "https:", "ws:", "wss:")):
                hosts.add(urlsplit(url).hostname)
    return hosts


def app_with_user(django_db_blocker, *, username: str, password: str, role: str = "administrator"):
    """Generator for a module fixture: a committed user in ``role`` whose area is every
    loaded province, then a running server."""
    from django.contrib.auth.models import Group, User

    from geo.models import AdminUnit, UserArea
    from monitoring.roles import roles_sync

    with django_db_blocker.unblock():
        roles_sync()
        user, _ = User.objects.get_or_create(username=username)
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        UserArea.objects.filter(user=user).delete()
        UserArea.objects.bulk_create(
            UserArea(user=user, unit=unit) for unit in AdminUnit.current.filter(parent__isnull=True)
        )
    server = AppServer()
    try:
        yield server
    finally:
        server.stop()


def log_in(driver, app: AppServer, *, username: str, password: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(app.url + "/accounts/login/")
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "main.login button[type=submit]").click()
    WebDriverWait(driver, 30).until(ec.url_to_be(app.url + "/"))
