"""``manage.py check --deploy`` is clean with production settings, GDAL passes gis.W001."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 64 + "-a-long-random-production-secret-for-the-check",
    "ALLOWED_HOSTS": "monitor.example.vn",
    "DJANGO_SETTINGS_MODULE": "config.settings",
}


def run_check(extra_env):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "HTTPS"}}
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_reports_no_issue_with_production_settings():
    result = run_check(PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "gis.W001" not in result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = dict(PRODUCTION_ENV)
    env["SECRET_KEY"] = ""
    result = run_check(env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_geodjango_loads_a_gdal_that_blocks_file_and_network_access():
    from django.contrib.gis.gdal import GDAL_VERSION

    assert GDAL_VERSION >= (3, 9)
