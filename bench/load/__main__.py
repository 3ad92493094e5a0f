"""Load run (issue 7): 50 concurrent clients for 60 s over the risk map, the establishment
filter, the API and the exports, against gunicorn with production settings (DEBUG off).

Run with ``./dev bench load`` on the demo province. Locust is installed on first use into
its own environment ``var/bench-venv/locust`` (it pins gevent and Flask versions the app
does not need). The same mix runs twice: reads on the primary only, then with
``DATABASE_REPLICA_URL`` (the one set, or a hot standby of the local cluster started
for the run by ``config.standby`` and stopped after, as ``./dev replica``). Before the
first run each path is asked alone, one request at a time (``bench.load.profile``): the
weighted mean of those times gives the machine's ceiling, the profile a missed target
is read against. Prints req/s, p50, p95 and errors of both, and p50/p95 per path (with
its time alone), writes ``bench/results/load.json`` and exits 1 if any request failed.

Environment: ``LOAD_USERS`` (50), ``LOAD_SECONDS`` (60), ``LOAD_WORKERS`` (gunicorn
workers, 2 × cores + 1).
"""

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django

django.setup()

from django.urls import Resolver404, resolve  # noqa: E402

from bench.load.account import load_account  # noqa: E402
from bench.load.paths import load_paths  # noqa: E402
from bench.load.profile import quiet_profile  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
LOCUST_VENV = ROOT / "var" / "bench-venv" / "locust"
LOCUST_VERSION = "2.47.0"
USERS = int(os.environ.get("LOAD_USERS", "50"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
WORKERS = int(os.environ.get("LOAD_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))


def locust_binary() -> Path:
    binary = LOCUST_VENV / "bin" / "locust"
    if not binary.exists():
        print(f"Installing Locust {LOCUST_VERSION} into {LOCUST_VENV} (once)…", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(LOCUST_VENV)], check=True)
        subprocess.run(
            [str(LOCUST_VENV / "bin" / "pip"), "install", "-q", f"locust=={LOCUST_VERSION}"], check=True
        )
    return binary


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(port: int) -> dict:
    env = dict(os.environ)
    env.update(
        DEBUG="false",
        SECRET_KEY=env.get("SECRET_KEY") or "bench-load-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        HTTPS="false",  # plain HTTP on loopback, as behind a TLS proxy
        CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{port}",
    )
    return env


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def stats_rows(prefix: str) -> list[dict]:
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def run_once(
    env: dict, paths, username: str, password: str, locust: Path, port: int, profile: dict | None = None
) -> list[dict]:
    """One Locust run against a fresh gunicorn started with ``env``; ``profile``, when
    given, is filled first with each path's time alone (``bench.load.profile``)."""
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}", "--preload",
         "-w", str(WORKERS), "--timeout", "60", "--log-level", "warning"],
        env=env,
    )  # fmt: skip
    try:
        wait_until_up(f"http://127.0.0.1:{port}/accounts/login/", server)
        if profile is not None:
            profile |= quiet_profile(port, paths, username, password)
            print(f"one request at a time: {profile}", flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            prefix = f"{tmp}/load"
            locust_env = dict(
                env, LOAD_USERNAME=username, LOAD_PASSWORD=password, LOAD_PATHS=json.dumps(paths)
            )
            print(
                f"Locust: {USERS} clients for {SECONDS} s against gunicorn ({WORKERS} workers)…", flush=True
            )
            subprocess.run(
                [str(locust), "-f", str(Path(__file__).with_name("locustfile.py")), "--headless",
                 "-u", str(USERS), "-r", str(USERS), "-t", f"{SECONDS}s", "--host", f"http://127.0.0.1:{port}",
                 "--csv", prefix, "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0"],
                env=locust_env, check=True,
            )  # fmt: skip
            return stats_rows(prefix)
    finally:
        server.terminate()
        server.wait(timeout=30)


def replica_url() -> tuple[str | None, object]:
    """``DATABASE_REPLICA_URL`` when set; else a hot standby of the local cluster started
    for the run (``config.standby``, as ``./dev replica start``), returned to be stopped
    after. (None, None) when the database is not on a local socket."""
    if os.environ.get("DATABASE_REPLICA_URL"):
        return os.environ["DATABASE_REPLICA_URL"], None
    from django.conf import settings

    from config.standby import Standby, standby_lag, standby_running, standby_start

    primary = settings.DATABASES["default"]
    if not str(primary.get("HOST") or "").startswith("/"):
        return None, None
    standby = Standby(primary_socket=primary["HOST"], user=primary["USER"] or "monitor")
    started = not standby_running(standby)
    standby_start(standby)
    deadline = time.monotonic() + 60
    while standby_lag(standby, primary["NAME"])["bytes_behind"] > 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    return standby.url(primary["NAME"]), standby if started else None


def main() -> int:
    paths = [(name, path, weight) for name, path, weight in load_paths() if _routed(path)]
    username, password = load_account()
    locust = locust_binary()
    port = free_port()
    env = production_env(port)
    env.pop("DATABASE_REPLICA_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], env=env, check=True
    )
    # The same mix twice: reads on the primary only, then on a streaming replica.
    profile: dict = {}
    runs = {"primary only": run_once(env, paths, username, password, locust, port, profile)}
    url, started = replica_url()
    if url is None:
        print("no replica: DATABASE_REPLICA_URL is unset and the database is not on a local socket")
    else:
        try:
            runs["with replica"] = run_once(
                env | {"DATABASE_REPLICA_URL": url}, paths, username, password, locust, port
            )
        finally:
            if started is not None:
                from config.standby import standby_stop

                standby_stop(started)
    return report(runs, paths, profile)


def _routed(path: str) -> bool:
    try:
        resolve(path.split("?")[0])
        return True
    except Resolver404:
        return False


def report(runs: dict[str, list[dict]], paths, profile: dict) -> int:
    from bench.national.results import result_row, result_write

    head, out_rows, failed = [], [], 0
    for label, rows in runs.items():
        total = None
        for row in rows:
            name, requests, errors = row["Name"], int(row["Request Count"]), int(row["Failure Count"])
            p50, p95 = float(row["50%"] or 0), float(row["95%"] or 0)
            if name == "Aggregated":
                total = (requests, errors, p50, p95, float(row["Requests/s"]))
                continue
            alone = profile.get("paths", {}).get(name)
            out_rows.append(
                result_row(
                    f"{label}, {name}: p50 (p95 as reference)", p50, "ms", reference=p95,
                    reference_label="ms p95", note=f"{requests} requests, {errors} errors"
                    + ("" if alone is None else f"; alone {alone} ms"),
                )
            )  # fmt: skip
        requests, errors, p50, p95, rate = total or (0, -1, 0, 0, 0)
        failed += errors != 0
        head.append(
            result_row(
                f"load {label}: {USERS} clients × {SECONDS} s, req/s", round(rate, 1), "req/s",
                target="≥ 60 req/s, p95 < 1 s, 0 errors", met=rate >= 60 and p95 < 1000 and errors == 0,
                reference=round(p95), reference_label="ms p95",
                note=f"{requests} requests, {errors} errors, p50 {p50:.0f} ms, p95 {p95:.0f} ms"
                + (f"; ceiling {profile['ceiling_req_s']} req/s (cores / {profile['weighted_mean_ms']} ms,"
                   " the mix's mean time of one request alone)" if profile else ""),
            )
        )  # fmt: skip
        print(f"{label}: {rate:.1f} req/s, p50 {p50:.0f} ms, p95 {p95:.0f} ms, {errors} errors of {requests}")
    result_write(
        "load",
        title=f"Load run: {USERS} clients for {SECONDS} s, gunicorn ({WORKERS} workers), production settings,"
        f" {' / '.join(runs)}",
        rows=head + out_rows,
        details={"paths": [{"name": n, "path": p, "weight": w} for n, p, w in paths], "alone": profile},
    )  # fmt: skip
    for row in head:
        print(f"  {row['measurement']}: {row['figure']} {row['unit']} ({row['note']})")
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
