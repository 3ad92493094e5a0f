"""An import killed half-way leaves all of it or none of it: the command's process
killed with SIGKILL while it writes, or its database backend terminated
(``pg_terminate_backend``) while it writes. After the fault the table holds none of the
file's rows; the import run again (the restart) then stores every row exactly once."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

from tests import browser

ROOT = Path(__file__).resolve().parent.parent
ROWS = 8_000
PREFIX = "Trường sự cố"
pytestmark = pytest.mark.django_db

WRITER_SQL = """
SELECT pid FROM pg_stat_activity
 WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'
   AND query LIKE 'INSERT INTO "monitoring_sensitivesite"%%'
"""


def connect():
    db = connection.settings_dict
    conn = psycopg2.connect(
        dbname=db["NAME"],
        user=db["USER"],
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        password=db.get("PASSWORD") or None,
    )
    conn.autocommit = True
    return conn


def stored(conn) -> int:
    with conn.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM monitoring_sensitivesite WHERE name LIKE %s", [PREFIX + "%"])
        return cursor.fetchone()[0]


@pytest.fixture
def big_file(tmp_path):
    path = tmp_path / "sites.csv"
    lines = ["kind,name,address,lon,lat"]
    lines += [
        f"school,{PREFIX} {i},,{105 + (i % 200) * 0.004:.6f},{10 + (i // 200) * 0.004:.6f}"
        for i in range(ROWS)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def db():
    conn = connect()
    yield conn
    with conn.cursor() as cursor:  # committed by another process: remove them
        cursor.execute("DELETE FROM monitoring_sensitivesite WHERE name LIKE %s", [PREFIX + "%"])
        # The audit log refuses deletes; the table's owner may lift the trigger for cleaning up.
        cursor.execute(
            "BEGIN; ALTER TABLE monitoring_auditevent DISABLE TRIGGER monitoring_auditevent_append_only;"
            " DELETE FROM monitoring_auditevent WHERE object_key = 'sites.csv';"
            " ALTER TABLE monitoring_auditevent ENABLE TRIGGER monitoring_auditevent_append_only; COMMIT;"
        )
    conn.close()


def start_import(path: Path) -> subprocess.Popen:
    env = os.environ | {"DATABASE_URL": browser.test_database_url(), "DEBUG": "true", "CONN_MAX_AGE": "0"}
    return subprocess.Popen(
        [sys.executable, "manage.py", "import_sensitive_sites", str(path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def writer_backend(conn, process: subprocess.Popen, timeout: float = 120) -> int:
    """The backend pid of the import while it runs its INSERT (the write in progress)."""
    deadline = time.monotonic() + timeout
    with conn.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(WRITER_SQL)
            row = cursor.fetchone()
            if row:
                return row[0]
            assert process.poll() is None, "the import ended before it was caught writing"
            time.sleep(0.01)
    raise AssertionError("the import never started writing")


def wait_gone(conn, pid: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    with conn.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
            if cursor.fetchone() is None:
                return
            time.sleep(0.05)
    raise AssertionError(f"backend {pid} still there after {timeout} s")


def restart_and_check(conn, path: Path) -> None:
    process = start_import(path)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, out + err
    assert stored(conn) == ROWS
    with conn.cursor() as cursor:  # the import that completed is in the audit log, once
        cursor.execute(
            "SELECT count(*) FROM monitoring_auditevent WHERE action = 'import' AND object_key = 'sites.csv'"
        )
        assert cursor.fetchone()[0] == 1


def test_killing_the_import_process_while_it_writes_leaves_nothing(db, big_file):
    process = start_import(big_file)
    backend = writer_backend(db, process)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    wait_gone(db, backend)  # the server rolls the open transaction back
    assert stored(db) == 0
    restart_and_check(db, big_file)


def test_terminating_the_database_backend_while_it_writes_leaves_nothing(db, big_file):
    process = start_import(big_file)
    backend = writer_backend(db, process)
    with db.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [backend])
    _out, err = process.communicate(timeout=60)
    assert process.returncode != 0
    assert "terminat" in err.lower() or "connection" in err.lower()
    wait_gone(db, backend)
    assert stored(db) == 0
    restart_and_check(db, big_file)
