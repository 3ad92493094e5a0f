"""OGC API – Features items pages (limit 1,000, with and without a bounding box): requests
per second of the app's ``/ogc/`` (gunicorn) against pygeoapi's PostgreSQL provider
(gunicorn, its own venv under ``var/bench-venv``) serving the same table of the bench
database (1,000,000 establishments, the national data set of ``bench.national``, built once), with the same
number of workers and concurrent clients. Target: at least 3× pygeoapi's requests per
second (and no errors of ours).

Each client walks ten pages by their ``next`` links (as GDAL and QGIS do) and starts
again; the two servers take turns (``BENCH_ROUNDS``, default 3) so a change in the
machine's load hits both alike. ``python -m bench.ogc`` (or ``./dev bench ogc``);
``BENCH_SECONDS`` per case and server (default 30), ``BENCH_CLIENTS`` (default 4),
``BENCH_WORKERS`` (default 2). Prints a table and writes ``bench/results/ogc.json``
through ``bench.national.results.result_write``: one row per case, our req/s against
pygeoapi's, p50/p95 of both in the note, the full figures in ``details``.
"""

import json
import os
import statistics
import subprocess
import sys
import urllib.request

from bench.national.database import database_url, django_setup

django_setup()
URL = database_url()

import dj_database_url  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from bench import pygeoapi_server  # noqa: E402
from bench.http_load import load, next_link  # noqa: E402
from bench.national.constants import DENSE, ROOT  # noqa: E402
from bench.national.dataset import dataset_for_bench  # noqa: E402
from bench.national.results import result_row, result_write  # noqa: E402
from tests.browser import free_port  # noqa: E402

SECONDS = float(os.environ.get("BENCH_SECONDS", "30"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
TARGET_RATIO = 3.0
LIMIT = 1000
PAGES = int(os.environ.get("BENCH_PAGES", "10"))  # pages a client walks by next links before starting again
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
lon, lat = DENSE
BBOX = f"{lon - 0.1:.4f},{lat - 0.1:.4f},{lon + 0.1:.4f},{lat + 0.1:.4f}"
CASES = [("limit 1000, no bbox", ""), (f"limit 1000, bbox {BBOX}", f"&bbox={BBOX}")]


def our_server(port: int, token: str):
    env = dict(
        os.environ,
        DATABASE_URL=URL,
        DEBUG="false",
        SECRET_KEY="bench-only-secret-key-not-for-production-use-0123456789",  # noqa: S106
        HTTPS="false",
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
    )
    log_path = ROOT / "var" / "bench-ogc" / "app.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "gunicorn", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}", "config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    pygeoapi_server.wait_until_up(
        f"http://127.0.0.1:{port}/ogc/collections/establishments/items?limit=1",
        process,
        log_path,
        headers={"Authorization": f"Token {token}"},
    )
    return process


def matched(url: str, headers: dict) -> int:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - a loopback http URL
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
        return json.load(response)["numberMatched"]


def stop(process) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def main() -> int:
    data = dataset_for_bench() or {}
    print(f"bench database: {data.get('establishments')} establishments")
    user, _ = User.objects.get_or_create(username="bench-ogc", defaults={"is_superuser": True})
    user.is_superuser = True
    user.save()
    token = Token.objects.get_or_create(user=user)[0].key
    conf = dj_database_url.parse(URL)
    database = {
        "host": conf["HOST"],
        "port": conf["PORT"] or 5432,
        "dbname": conf["NAME"],
        "user": conf["USER"],
        "password": conf["PASSWORD"] or "",
        "search_path": ["public"],
    }
    ours_port, theirs_port = free_port(), free_port()
    ours = our_server(ours_port, token)
    theirs = pygeoapi_server.start(
        port=theirs_port,
        workers=WORKERS,
        database=database,
        table="monitoring_establishment",
        id_field="id",
        geom_field="location",
        workdir=ROOT / "var" / "bench-ogc",
    )
    servers = {
        "ours": (
            f"http://127.0.0.1:{ours_port}/ogc/collections/establishments/items",
            {"Authorization": f"Token {token}"},
        ),
        "pygeoapi": (f"http://127.0.0.1:{theirs_port}/collections/establishments/items", {}),
    }
    results = []
    try:
        for label, extra in CASES:
            row = {"case": label}
            rounds = {name: [] for name in servers}
            for name, (base, headers) in servers.items():
                row[name] = {"matched": matched(f"{base}?limit=1{extra}", headers)}
                walk = {"clients": CLIENTS, "headers": headers, "follow": next_link, "pages": PAGES}
                load([f"{base}?limit={LIMIT}{extra}"], seconds=3.0, **walk)  # warm up
            # Alternate the servers, so a change in the machine's load hits both alike.
            for _ in range(ROUNDS):
                for name, (base, headers) in servers.items():
                    walk = {"clients": CLIENTS, "headers": headers, "follow": next_link, "pages": PAGES}
                    rounds[name].append(
                        load([f"{base}?limit={LIMIT}{extra}"], seconds=SECONDS / ROUNDS, **walk)
                    )
                    print(f"  {label}: {name} {rounds[name][-1]['requests_per_s']} req/s", flush=True)
            for name in servers:
                runs = rounds[name]
                row[name] |= {
                    "requests_per_s": round(sum(r["requests"] for r in runs) / SECONDS, 2),
                    "p50_ms": statistics.median(r["p50_ms"] for r in runs),
                    "p95_ms": max(r["p95_ms"] for r in runs),
                    "mean_kb": runs[0]["mean_kb"],
                    "errors": sum(r["errors"] for r in runs),
                    "first_errors": [e for r in runs for e in r["first_errors"]][:3],
                    "rounds": [r["requests_per_s"] for r in runs],
                }
            row["ratio"] = round(
                row["ours"]["requests_per_s"] / max(row["pygeoapi"]["requests_per_s"], 1e-9), 2
            )
            row["ok"] = row["ratio"] >= TARGET_RATIO and not row["ours"]["errors"]
            results.append(row)
    finally:
        stop(ours)
        stop(theirs)
    print(f"\nOGC items, {CLIENTS} clients, {WORKERS} gunicorn workers each, {SECONDS:.0f} s per case")
    print(f"{'case':<52} {'ours req/s':>10} {'p50 ms':>7} {'pygeoapi':>9} {'p50 ms':>7} {'ratio':>6}")
    rows = []
    for row in results:
        o, p = row["ours"], row["pygeoapi"]
        print(
            f"{row['case']:<52} {o['requests_per_s']:>10} {o['p50_ms']:>7} {p['requests_per_s']:>9}"
            f" {p['p50_ms']:>7} {row['ratio']:>5}× {'ok' if row['ok'] else 'BELOW TARGET'}"
        )
        differs = o["matched"] != p["matched"]
        if differs:
            print(f"  note: numberMatched differs: ours {o['matched']}, pygeoapi {p['matched']}")
        rows.append(
            result_row(
                f"OGC API items, {row['case']} ({CLIENTS} clients walking {PAGES} pages)",
                o["requests_per_s"],
                "req/s",
                reference=p["requests_per_s"],
                reference_label=f"req/s {pygeoapi_server.PYGEOAPI}, PostgreSQL provider",
                target=f"≥ {TARGET_RATIO:g}× pygeoapi req/s",
                met=row["ok"],
                note=f"ratio {row['ratio']}×; p50/p95 {o['p50_ms']}/{o['p95_ms']} ms vs pygeoapi"
                f" {p['p50_ms']}/{p['p95_ms']} ms; {WORKERS} gunicorn workers each"
                + (f"; {o['errors']} errors of ours" if o["errors"] else "")
                + (f"; numberMatched ours {o['matched']}, pygeoapi {p['matched']}" if differs else ""),
            )
        )
    details = {
        "pygeoapi": pygeoapi_server.PYGEOAPI,
        "clients": CLIENTS,
        "workers": WORKERS,
        "seconds": SECONDS,
        "rounds": ROUNDS,
        "pages_per_walk": PAGES,
        "limit": LIMIT,
        "target_ratio": TARGET_RATIO,
        "results": results,
    }
    with connection.cursor() as cursor:
        result_write(
            "ogc",
            title="OGC API – Features items pages: ours vs pygeoapi",
            rows=rows,
            dataset=data,
            details=details,
            cursor=cursor,
        )
    return 0 if all(row["ok"] for row in results) else 1


if __name__ == "__main__":
    sys.exit(main())
