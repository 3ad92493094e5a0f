"""A hot standby of the project-local PostgreSQL cluster, for reads (docs/scaling.md).

``./dev replica start|stop|status`` calls ``python -m config.standby``; the replica test
(``tests/test_read_replica.py``) calls :func:`standby_start` and :func:`standby_stop`
on the test cluster. No Django: only PostgreSQL's own tools and psycopg2.

``start`` clones the primary with ``pg_basebackup -R -X stream`` (which writes
``standby.signal`` and ``primary_conninfo``) into ``var/pg-replica/data`` once, gives
the standby its own socket directory ``var/pg-replica/run`` (the primary's
``postgresql.auto.conf`` names the primary's, and is copied), and starts it with
``pg_ctl``. The standby then streams the primary's WAL and answers read-only queries
(``hot_standby``). When run as root, every PostgreSQL program runs as the ``postgres``
system user (``runuser``), as the ``dev`` script runs the primary.

The primary needs ``wal_level`` ``replica`` (PostgreSQL's default; ``minimal`` needs a
restart, which this module refuses to do: it says so), ``max_wal_senders`` above zero
(default 10) and a ``local replication`` line in ``pg_hba.conf`` (written by ``initdb
--auth=trust`` and by ``./dev``; added here, with a configuration reload, to a cluster
that lacks it). No replication slot: a standby stopped for long may need ``stop
--remove`` and a new ``start``; the primary keeps no WAL for it.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg2

__all__ = [
    "Standby",
    "primary_prepare",
    "standby_lag",
    "standby_running",
    "standby_start",
    "standby_status",
    "standby_stop",
]

ROOT = Path(__file__).resolve().parents[1]
PG_USER = "postgres"  # the system user PostgreSQL runs as when this is run as root
HBA_LINE = "local   replication     all                                     trust"


@dataclass(frozen=True)
class Standby:
    """Where the standby lives and what it copies."""

    primary_socket: str  # the primary's Unix socket directory
    user: str = "monitor"  # the database role (a superuser, as on the local cluster)
    directory: Path = ROOT / "var" / "pg-replica"
    port: int = 5432  # the socket file's number; no TCP (listen_addresses = '')

    @property
    def data(self) -> Path:
        return self.directory / "data"

    @property
    def socket(self) -> Path:
        return self.directory / "run"

    @property
    def log(self) -> Path:
        return self.directory / "postgres.log"

    def url(self, database: str) -> str:
        """``DATABASE_REPLICA_URL`` for ``database`` on this standby."""
        from urllib.parse import quote

        return f"postgis://{self.user}@{quote(str(self.socket), safe='')}:{self.port}/{database}"


def _as_pg(*command: str, **kwargs) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        command = ("runuser", "-u", PG_USER, "--", *command)
    return subprocess.run(command, check=False, capture_output=True, text=True, **kwargs)  # noqa: S603


def _bin(name: str) -> str:
    """A PostgreSQL program of the newest installed major version (Debian layout)."""
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), reverse=True
    )
    for directory in versions:
        if (directory / name).exists():
            return str(directory / name)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"{name} is not installed (Debian: apt-get install postgresql).")
    return found


def _primary(standby: Standby, dbname: str = "postgres"):
    connection = psycopg2.connect(
        host=standby.primary_socket, user=standby.user, dbname=dbname, connect_timeout=5
    )
    connection.autocommit = True
    return connection


def primary_prepare(standby: Standby) -> None:
    """Check the primary can stream to a standby; add the local replication line to
    ``pg_hba.conf`` and reload when it is missing. Never restarts the primary."""
    with _primary(standby) as connection, connection.cursor() as cursor:
        cursor.execute("SHOW wal_level")
        (wal_level,) = cursor.fetchone()
        cursor.execute("SHOW max_wal_senders")
        senders = int(cursor.fetchone()[0])
        if wal_level == "minimal" or senders == 0:
            raise SystemExit(
                f"the primary has wal_level = {wal_level}, max_wal_senders = {senders}: a standby needs"
                " wal_level = replica and max_wal_senders > 0. Set them (ALTER SYSTEM SET wal_level ="
                " 'replica') and restart the primary (./dev stop, then ./dev run), then run this again."
            )
        cursor.execute(
            "SELECT count(*) FROM pg_hba_file_rules WHERE type = 'local' AND 'replication' = ANY(database)"
            " AND error IS NULL"
        )
        if cursor.fetchone()[0]:
            return
        cursor.execute("SHOW hba_file")
        (hba_file,) = cursor.fetchone()
        print(f"adding a local replication line to {hba_file} and reloading the primary", flush=True)
        appended = _as_pg("sh", "-c", f"printf '%s\\n' '{HBA_LINE}' >> '{hba_file}'")
        if appended.returncode:
            raise SystemExit(f"could not write {hba_file}: {appended.stderr.strip()}")
        cursor.execute("SELECT pg_reload_conf()")
        time.sleep(0.5)  # the postmaster reads pg_hba.conf on SIGHUP


def standby_running(standby: Standby) -> bool:
    return (standby.data / "PG_VERSION").exists() and _as_pg(
        _bin("pg_ctl"), "-D", str(standby.data), "status"
    ).returncode == 0


def _clone(standby: Standby) -> None:
    standby.directory.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(standby.directory, PG_USER, PG_USER)
    print(f"cloning the primary ({standby.primary_socket}) into {standby.data}", flush=True)
    started = time.perf_counter()
    done = _as_pg(
        _bin("pg_basebackup"), "-h", standby.primary_socket, "-U", standby.user, "-D", str(standby.data),
        "-R", "-X", "stream", "--checkpoint=fast", "--no-password",
    )  # fmt: skip
    if done.returncode:
        _as_pg("rm", "-rf", str(standby.data))
        raise SystemExit(f"pg_basebackup failed: {done.stderr.strip()}")
    # Later lines of postgresql.auto.conf win: the standby's own socket, and less memory.
    settings = (
        f"\n# the standby's own (config/standby.py)\nlisten_addresses = ''\n"
        f"unix_socket_directories = '{standby.socket}'\nport = {standby.port}\n"
        "hot_standby = on\nhot_standby_feedback = on\nshared_buffers = 128MB\n"
    )
    _as_pg("sh", "-c", f"cat >> '{standby.data / 'postgresql.auto.conf'}'", input=settings)
    print(f"cloned in {time.perf_counter() - started:.1f} s", flush=True)


def standby_start(standby: Standby) -> None:
    """Clone the primary once, then start the standby and wait until it accepts reads."""
    if standby_running(standby):
        print(f"the standby is already running (socket {standby.socket})")
        return
    primary_prepare(standby)
    if not (standby.data / "PG_VERSION").exists():
        _clone(standby)
    _as_pg("mkdir", "-p", str(standby.socket))
    done = _as_pg(_bin("pg_ctl"), "-D", str(standby.data), "-l", str(standby.log), "-w", "-t", "60", "start")
    if done.returncode:
        raise SystemExit(
            f"the standby did not start ({done.stderr.strip() or done.stdout.strip()}); see {standby.log}"
        )
    print(f"standby running: socket {standby.socket}, DATABASE_REPLICA_URL={standby.url('<database>')}")


def standby_stop(standby: Standby, *, remove: bool = False) -> None:
    """Stop the standby (fast: open connections are closed); with ``remove`` delete its
    data directory too, so the next start clones the primary again."""
    if standby_running(standby):
        _as_pg(_bin("pg_ctl"), "-D", str(standby.data), "-m", "fast", "-w", "stop")
        print("standby stopped")
    else:
        print("the standby is not running")
    if remove and standby.directory.exists():
        _as_pg("rm", "-rf", str(standby.data), str(standby.socket), str(standby.log))
        shutil.rmtree(standby.directory, ignore_errors=True)


def standby_lag(standby: Standby, database: str = "postgres") -> dict:
    """The primary's current WAL position, the standby's last replayed one, and the
    bytes between them."""
    with _primary(standby, database) as primary, primary.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (sent,) = cursor.fetchone()
    connection = psycopg2.connect(
        host=str(standby.socket), port=standby.port, user=standby.user, dbname=database
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn(),"
                " pg_wal_lsn_diff(%s, pg_last_wal_replay_lsn())",
                [sent],
            )
            recovery, replayed, behind = cursor.fetchone()
    finally:
        connection.close()
    return {"in_recovery": recovery, "primary_lsn": sent, "replay_lsn": replayed, "bytes_behind": int(behind)}


def standby_status(standby: Standby) -> bool:
    """Print whether the standby runs, and its replay position against the primary's."""
    if not (standby.data / "PG_VERSION").exists():
        print(f"no standby in {standby.data} (./dev replica start clones the primary)")
        return False
    if not standby_running(standby):
        print(f"the standby in {standby.data} is stopped (./dev replica start)")
        return False
    lag = standby_lag(standby)
    print(
        f"standby running: socket {standby.socket}, in recovery: {lag['in_recovery']},"
        f" primary at {lag['primary_lsn']}, replayed {lag['replay_lsn']} ({lag['bytes_behind']} bytes behind)"
    )
    return True


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="./dev replica", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["start", "stop", "status"])
    parser.add_argument("--remove", action="store_true", help="stop: delete the standby's data too")
    parser.add_argument("--primary-socket", default=str(ROOT / "var" / "pg" / "run"))
    parser.add_argument("--user", default=os.environ.get("LOCAL_PG_USER", "monitor"))
    arguments = parser.parse_args(argv)
    standby = Standby(primary_socket=arguments.primary_socket, user=arguments.user)
    if arguments.command == "start":
        standby_start(standby)
    elif arguments.command == "stop":
        standby_stop(standby, remove=arguments.remove)
    else:
        return 0 if standby_status(standby) else 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
