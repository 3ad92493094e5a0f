"""A real read replica: a hot standby of the test cluster, started and stopped by the
same code as ``./dev replica start|stop`` (``config.standby``), read by the app as
production reads it (``DATABASE_REPLICA_URL``: the alias, the router and the
middleware of ``config/settings.py``).

The app's side runs in a process of its own (``tests/support/replica_reads.py``),
outside the test's transaction (the router keeps reads inside a transaction on the
primary): it writes a row on the primary, waits until the standby has replayed the
primary's WAL position (``pg_last_wal_replay_lsn``) and reads the row through the
router from a server in recovery; a request that wrote reads the primary, and so does
the browser's next one, by its cookie. The test then stops the standby; the same
process reads again, within the router's cached "replica is up" answer: the read gets
the primary, with no error, and the next ones go to the primary directly.
"""

import json
import subprocess
import sys
import uuid
from urllib.parse import quote

import pytest
from django.db import connection

from bench.national.constants import ROOT
from config.standby import Standby, standby_start, standby_stop
from monitoring.models import Indicator


@pytest.mark.django_db
def test_reads_go_to_a_real_standby_and_fall_back_to_the_primary():
    primary = connection.settings_dict
    standby = Standby(
        primary_socket=primary["HOST"], user=primary["USER"], directory=ROOT / "var" / "pg-replica-test"
    )
    code = f"replica-{uuid.uuid4().hex[:12]}"
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(ROOT),
        "DEBUG": "true",
        "DATABASE_URL": f"postgis://{primary['USER']}@{quote(primary['HOST'], safe='')}/{primary['NAME']}",
        "DATABASE_REPLICA_URL": standby.url(primary["NAME"]),
        "REPLICA_CHECK_SECONDS": "60",  # the stopped standby is found by a failed read, not the check
    }
    try:
        standby_start(standby)
        app = subprocess.Popen(
            [sys.executable, "-m", "tests.support.replica_reads", code],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        up = json.loads(app.stdout.readline() or "{}")
        standby_stop(standby)
        out, err = app.communicate("next\n", timeout=120)
        assert app.returncode == 0, err[-4000:]
        down = json.loads(out.splitlines()[0])
    finally:
        standby_stop(standby, remove=True)
    assert up["lag"]["in_recovery"] is True
    assert up["lag"]["bytes_behind"] <= 0, up["lag"]
    assert up["middleware"] is True
    # Read through the router, from the standby, which has replayed the write.
    assert up["queryset_db"] == "replica"
    assert up["replica_in_recovery"] is True
    assert up["names"] == ["Replica probe"]
    # A GET that writes: replica, then primary; next GET with the cookie: primary; a GET
    # without it: replica; a POST: primary.
    assert up["requests"] == ["replica", "default", "default", "replica", "default"]
    assert up["cookie_max_age"] == 5
    # The standby stopped: the same read answers from the primary, no error.
    assert down["queryset_db"] == "replica"  # routed by the cached answer…
    assert down["replica_alias_in_recovery"] is False  # …which fell back to the primary
    assert down["names"] == ["Replica probe"]
    assert down["replica_available"] is False
    assert down["router_then"] == "default"
    assert down["names_then"] == ["Replica probe"]
    assert not Indicator.objects.filter(code=code).exists()  # the process deleted its row
