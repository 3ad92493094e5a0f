"""The primary/replica router (docs/scaling.md): reads go to the replica alias when it
is configured, writes and reads inside a transaction stay on the primary, migrations
run on the primary only."""

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import connections, transaction

from config.db_router import PrimaryReplicaRouter
from monitoring.models import Establishment

router = PrimaryReplicaRouter()


@pytest.fixture
def replica_configured():
    """A ``replica`` alias that mirrors the test database (as Django's TEST MIRROR does)."""
    connections.settings["replica"] = {**connections.settings["default"], "TEST": {"MIRROR": "default"}}
    yield
    del connections.settings["replica"]


def test_reads_stay_on_the_primary_when_no_replica_is_configured():
    assert router.db_for_read(Establishment) == "default"


def test_reads_go_to_the_replica_when_it_is_configured(replica_configured):
    assert router.db_for_read(Establishment) == "replica"


def test_sessions_and_users_are_read_on_the_primary(replica_configured):
    assert router.db_for_read(Session) == "default"
    assert router.db_for_read(User) == "default"


def test_writes_always_go_to_the_primary(replica_configured):
    assert router.db_for_write(Establishment) == "default"


@pytest.mark.django_db
def test_reads_inside_a_transaction_see_the_primary(replica_configured):
    # The test itself runs inside a transaction on the primary, as a service's
    # transaction.atomic block does.
    with transaction.atomic():
        assert router.db_for_read(Establishment) == "default"


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate("default", "monitoring") is True
    assert router.allow_migrate("replica", "monitoring") is False


def test_database_replica_url_adds_the_replica_alias_and_the_router():
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {
        **os.environ,
        "DATABASE_URL": "postgis://app@db-primary.example.vn:5432/monitor",
        "DATABASE_REPLICA_URL": "postgis://reader@db-replica.example.vn:5432/monitor",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "r = settings.DATABASES['replica']; "
        "print(settings.DATABASE_ROUTERS, r['HOST'], r['TEST']['MIRROR'], r['OPTIONS'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert out.strip() == (
        "['config.db_router.PrimaryReplicaRouter'] db-replica.example.vn default"
        " {'options': '-c jit=off', 'connect_timeout': 1}"
    )
