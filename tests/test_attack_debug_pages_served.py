"""Attack: ``./dev run`` served Django's debug pages (tracebacks, settings, URL lists)
with runserver (issue 21, item 12). It now serves as in production: DEBUG off, a secret
key kept in ``var/secret_key``, gunicorn; ``--debug`` for development. The demo accounts
appear on the login page only while the demo province is loaded."""

import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import get_resolver

from geo.models import AdminUnit
from tests.browser import ROOT, free_port, test_database_url

pytestmark = pytest.mark.django_db

DEBUG_MARKS = ("Traceback", "Using the URLconf", "DEBUG = True", "settings.py", "DisallowedHost")


def serve():
    from config import serve

    return serve


def test_run_serves_with_gunicorn_and_debug_off_by_default(tmp_path):
    env = serve().serve_environment(debug=False, root=tmp_path, environ={"PATH": "/usr/bin"})
    assert env["DEBUG"] == "false"
    assert env["HTTPS"] == "false"
    key = tmp_path / "var" / "secret_key"
    assert env["SECRET_KEY"] == key.read_text().strip() and len(env["SECRET_KEY"]) >= 50
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    again = serve().serve_environment(debug=False, root=tmp_path, environ={})
    assert again["SECRET_KEY"] == env["SECRET_KEY"]  # kept, not regenerated
    command = serve().serve_command(debug=False, port=8000)
    assert command[1:4] == ["-m", "gunicorn", "config.wsgi:application"]
    assert "runserver" not in command


def test_run_debug_is_runserver_with_debug_on(tmp_path):
    env = serve().serve_environment(debug=True, root=tmp_path, environ={})
    assert env["DEBUG"] == "true"
    assert not (tmp_path / "var" / "secret_key").exists()
    assert serve().serve_command(debug=True, port=8000)[1:3] == ["manage.py", "runserver"]


def test_dev_run_goes_through_config_serve():
    script = (ROOT / "dev").read_text()
    body = script[script.index("cmd_run() {") : script.index("cmd_test() {")]
    assert "config.serve" in body and "manage.py runserver" not in body
    assert "gunicorn==" in (ROOT / "requirements.txt").read_text()
    assert "whitenoise==" in (ROOT / "requirements.txt").read_text()


def test_gunicorn_with_the_run_environment_answers_a_404_without_a_traceback(tmp_path):
    env = serve().serve_environment(debug=False, root=tmp_path)
    env["DATABASE_URL"] = test_database_url()
    port = free_port()
    command = serve().serve_command(debug=False, port=port, python=sys.executable)
    command = [*command[:-1], "--workers=1"]
    log = (tmp_path / "gunicorn.log").open("wb")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        body, status, server = None, None, ""
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and process.poll() is None:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/no-such-page/", timeout=5)
            except urllib.error.HTTPError as error:
                body, status, server = error.read().decode(), error.code, error.headers.get("Server", "")
                break
            except OSError:
                time.sleep(0.5)
        assert status == 404, (tmp_path / "gunicorn.log").read_text()[-2000:]
        assert "gunicorn" in server
        assert "Không tìm thấy trang" in body or "Page not found" in body
        assert not [mark for mark in DEBUG_MARKS if mark in body]
    finally:
        process.terminate()
        process.wait(timeout=20)


@override_settings(DEBUG=False)
def test_the_404_and_500_pages_with_debug_off_show_no_traceback():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "404" in page and not [mark for mark in DEBUG_MARKS if mark in page]
    request = RequestFactory().get("/")
    response = get_resolver().resolve_error_handler(500)(request)
    assert response.status_code == 500
    page = response.content.decode()
    assert "500" in page and not [mark for mark in DEBUG_MARKS if mark in page]


def test_the_login_page_lists_the_demo_accounts_only_while_the_demo_is_loaded(client, demo_province):
    from monitoring.demo.accounts import demo_accounts_create

    demo_accounts_create()
    page = client.get("/accounts/login/").content.decode()
    assert "<code>lanhdao</code>" in page and "demo-2026" in page
    AdminUnit.objects.filter(is_demo=True).update(is_demo=False)  # rolled back after the test
    page = client.get("/accounts/login/").content.decode()
    assert "lanhdao" not in page and "demo-2026" not in page
