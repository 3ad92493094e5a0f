"""``./dev backup`` and ``./dev restore`` round trip: a dump restored over a changed
database (and into an empty one) gives back every table exactly (per-table checksums),
the append-only audit log included."""

import os
import subprocess
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db

CHECKSUMS_SQL = """
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname
"""


def url(dbname: str) -> str:
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="") + (
        ":" + quote(db["PASSWORD"], safe="") if db.get("PASSWORD") else ""
    )
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgis://{auth}@{quote(db['HOST'] or '', safe='')}{port}/{dbname}"


def connect(dbname: str):
    db = connection.settings_dict
    conn = psycopg2.connect(
        dbname=dbname,
        user=db["USER"],
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        password=db.get("PASSWORD") or None,
    )
    conn.autocommit = True
    return conn


def dev(command: str, *args: str, dbname: str) -> subprocess.CompletedProcess:
    env = os.environ | {"DATABASE_URL": url(dbname)}
    result = subprocess.run(
        ["./dev", command, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def checksums(conn) -> dict[str, tuple[int, str]]:
    with conn.cursor() as cursor:
        cursor.execute(CHECKSUMS_SQL)
        tables = [name for (name,) in cursor.fetchall()]
        result = {}
        for table in tables:
            cursor.execute(
                f"SELECT count(*), coalesce(md5(string_agg(t::text, chr(10) ORDER BY t::text)), '') FROM \"{table}\" t"
            )
            result[table] = cursor.fetchone()
        return result


@pytest.fixture
def scratch():
    """Two empty scratch databases, dropped afterwards."""
    names = [f"scratch_backup_{os.getpid()}_{i}" for i in (1, 2)]
    admin = connect("postgres")
    with admin.cursor() as cursor:
        for name in names:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
    yield names
    with admin.cursor() as cursor:
        for name in names:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_backup_and_restore_round_trip(tmp_path, scratch):
    source, other = scratch
    seed = tmp_path / "seed.dump"
    dev("backup", str(seed), dbname=connection.settings_dict["NAME"])  # schema and reference data
    dev("restore", str(seed), dbname=source)
    db = connect(source)
    seeded = checksums(db)
    with db.cursor() as cursor:  # a few rows of every kind that matters
        cursor.execute(
            "INSERT INTO geo_adminunit (code, name, level, kind, geom, valid_from, is_demo, is_border)"
            " VALUES ('99001', 'Xã Sao Lưu', 'commune', 'xa',"
            " ST_Multi(ST_MakeEnvelope(105, 9, 105.02, 9.02, 4326)), '2020-01-01', false, false) RETURNING id"
        )
        (unit_id,) = cursor.fetchone()
        cursor.execute(
            "INSERT INTO monitoring_casecount (unit_id, period, indicator_id, value, source, is_demo)"
            " SELECT %s, '2026-05-01', id, 7, 'test', false FROM monitoring_indicator WHERE code = 'illegal_users'",
            [unit_id],
        )
        cursor.execute(
            "INSERT INTO monitoring_establishment (type, name, address, licence_number, location, prone, status,"
            " is_demo) VALUES ('karaoke', 'Karaoke Sao Lưu', '', '', ST_SetSRID(ST_MakePoint(105.01, 9.01), 4326),"
            " true, 'active', false)"
        )
        cursor.execute(
            "INSERT INTO monitoring_auditevent (at, username, action, channel, object_type, object_key, filter)"
            " VALUES (now(), 'backup-test', 'export', 'command', 'communes', '', '{}')"
        )
    backup = tmp_path / "monitor.dump"
    dev("backup", str(backup), dbname=source)
    before = checksums(db)
    for table in (
        "geo_adminunit",
        "monitoring_casecount",
        "monitoring_establishment",
        "monitoring_auditevent",
    ):
        assert before[table][0] == seeded[table][0] + 1

    with db.cursor() as cursor:  # damage: change, delete, add
        cursor.execute("UPDATE monitoring_casecount SET value = 99 WHERE source = 'test'")
        cursor.execute("DELETE FROM monitoring_establishment WHERE name = 'Karaoke Sao Lưu'")
        cursor.execute("UPDATE geo_adminunit SET name = 'Sai' WHERE code = '99001'")
        cursor.execute(
            "INSERT INTO monitoring_auditevent (at, username, action, channel, object_type, object_key, filter)"
            " VALUES (now(), 'intruder', 'delete', 'command', 'x', '', '{}')"
        )
    assert checksums(db) != before

    dev("restore", str(backup), dbname=source)
    assert checksums(db) == before
    dev("restore", str(backup), dbname=other)  # into an empty database too
    fresh = connect(other)
    assert checksums(fresh) == before
    with fresh.cursor() as cursor, pytest.raises(psycopg2.Error, match="append-only"):
        cursor.execute("DELETE FROM monitoring_auditevent")  # the trigger came back with the table
    fresh.close()
    db.close()


def test_restore_refuses_a_missing_file(tmp_path):
    result = subprocess.run(
        ["./dev", "restore", str(tmp_path / "nope.dump")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "does not exist" in result.stderr
