"""Round trip (issue 6): export the demo province's units as GeoJSON, import the files
into an empty database with ``import_boundaries``, export again: the files are identical
(apart from the time of export).

The empty database is a real one: created, migrated and given the reference data (the
land border, which decides ``is_border``) by ``manage.py`` subprocesses, then dropped.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from monitoring.demo.province import VALID_FROM
from tests import browser

ROOT = Path(settings.BASE_DIR)
LAYERS = [("provinces", "province"), ("districts", "district"), ("communes", "commune")]


def comparable(path: Path) -> dict:
    body = json.loads(path.read_text())
    body["metadata"].pop("generated_at", None)
    return body


@pytest.fixture
def empty_database():
    name = f"{connection.settings_dict['NAME']}_round_trip"
    admin = dict(connection.settings_dict, NAME="postgres")
    params = {"dbname": "postgres", "user": admin["USER"], "host": admin["HOST"] or None}
    if admin.get("PORT"):
        params["port"] = admin["PORT"]
    if admin.get("PASSWORD"):
        params["password"] = admin["PASSWORD"]

    def run_admin(sql: str) -> None:
        conn = psycopg2.connect(**params)
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(sql)
        conn.close()

    run_admin(f'DROP DATABASE IF EXISTS "{name}"')
    run_admin(f'CREATE DATABASE "{name}"')
    url = browser.test_database_url().rsplit("/", 1)[0] + f"/{name}"
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "config.settings"}

    def manage(*args: str) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, (args, done.stdout[-2000:], done.stderr[-2000:])
        return done

    manage("migrate", "-v", "0")
    manage("load_reference_data")
    try:
        yield manage
    finally:
        run_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db
def test_units_exported_imported_into_an_empty_database_and_exported_again_are_identical(
    demo_province, empty_database, tmp_path
):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    with translation.override("vi"):
        for layer, _level in LAYERS:
            call_command(
                "export", layer, "--format", "geojson", "-o", str(first / f"{layer}.geojson"), verbosity=0
            )
    for layer, level in LAYERS:
        empty_database(
            "import_boundaries", str(first / f"{layer}.geojson"), "--level", level,
            "--code-field", "code", "--name-field", "name", "--parent-field", "parent_code",
            "--population-field", "population", "--valid-from", f"{VALID_FROM:%Y-%m-%d}",
        )  # fmt: skip
        empty_database(
            "export", layer, "--format", "geojson", "-o", str(second / f"{layer}.geojson"), "-v", "0"
        )
    for layer, _level in LAYERS:
        exported, again = comparable(first / f"{layer}.geojson"), comparable(second / f"{layer}.geojson")
        assert len(exported["features"]) > 0
        assert len(again["features"]) == len(exported["features"]), layer
        for before, after in zip(exported["features"], again["features"], strict=True):
            assert after["properties"] == before["properties"], layer
            assert after == before, layer
        assert again == exported, layer
