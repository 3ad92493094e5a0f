"""GeoJSON export of 1,000,000 establishments: our streamed export served by a real
server process, side by side with ``ogr2ogr -f GeoJSON`` (Debian's gdal-bin) reading the
same select from the same PostGIS table, in one run.

Targets: features per second at least 0.8 × ogr2ogr's; peak memory (VmHWM) of the
serving process below 200 MB.

The server is ``manage.py runserver --noreload --nothreading`` (one process, so its
peak resident memory is the export's); a client reads the whole response into a file,
as ogr2ogr writes its output into a file. ogr2ogr gets ``-lco RFC7946=YES -lco
COORDINATE_PRECISION=6`` so both write the same coordinates. Runs alternate
(``BENCH_EXPORT_RUNS`` each, default 2) and the best of each is compared.

Runs on the national data set (``bench.national``: 1,000,000 establishments in
``bench_national``, built once): as a hook of ``./dev bench national`` (which sets
``BENCH_NATIONAL=1`` and the database), or alone with ``.venv/bin/python -m
bench.export`` (builds the data set when missing). Prints the figures and writes
``bench/results/export.json`` in the shape of ``bench.national.results``.
"""

import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.national.database import django_setup

django_setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402

from bench.national.constants import ROOT  # noqa: E402
from bench.national.dataset import dataset_for_bench  # noqa: E402
from bench.national.results import result_row, result_write  # noqa: E402
from monitoring.exports import export_prepare  # noqa: E402
from monitoring.exports.query import columns_sql  # noqa: E402

RUNS = int(os.environ.get("BENCH_EXPORT_RUNS", "2"))
TARGET_RATIO = 0.8
TARGET_PEAK_MB = 200
PATH = "/exports/establishments.geojson"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def session_cookie() -> str:
    """A logged-in session of a bench superuser (sees every area)."""
    user, _created = User.objects.get_or_create(username="bench-export", defaults={"is_superuser": True})
    if not user.is_superuser:
        user.is_superuser = True
        user.save()
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"sessionid={session.session_key}"


def memory_kb(pid: int) -> dict[str, int]:
    status = Path(f"/proc/{pid}/status").read_text()
    return {
        line.split(":")[0]: int(line.split()[1])
        for line in status.splitlines()
        if line.startswith(("VmRSS", "VmHWM"))
    }


def fetch(port: int, path: str, cookie: str, out: Path) -> tuple[float, int]:
    """(seconds, bytes) to read the whole response into ``out``."""
    start = time.perf_counter()
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    client.request("GET", path, headers={"Cookie": cookie})
    response = client.getresponse()
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status}: {response.read(500)!r}")
    size = 0
    with open(out, "wb") as handle:
        while block := response.read(1 << 20):
            handle.write(block)
            size += len(block)
    client.close()
    return time.perf_counter() - start, size


def check_geojson(path: Path, features: int) -> None:
    """Cheap validity checks on a large file: its head, and the count at its end."""
    with open(path, "rb") as handle:
        head = handle.read(200)
        handle.seek(-200, os.SEEK_END)
        tail = handle.read()
    assert head.startswith(b'{"type":"FeatureCollection"'), head[:80]
    assert tail.rstrip().endswith(f'"numberReturned":{features}}}'.encode()), tail[-80:]


def ogr2ogr(select: str, out: Path) -> tuple[float, int]:
    """(seconds, peak RSS in KB) of ogr2ogr writing ``select`` as GeoJSON."""
    settings = connection.settings_dict
    source = f"PG:dbname={settings['NAME']} host={settings['HOST'] or 'localhost'} user={settings['USER']}"
    if settings.get("PORT"):
        source += f" port={settings['PORT']}"
    out.unlink(missing_ok=True)
    command = ["ogr2ogr", "-f", "GeoJSON", str(out), source, "-sql", select]
    command += ["-lco", "RFC7946=YES", "-lco", "COORDINATE_PRECISION=6"]
    start = time.perf_counter()
    process = subprocess.Popen(command)  # noqa: S603 - fixed program, our own select
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"ogr2ogr failed with status {status}")
    return seconds, usage.ru_maxrss


def gdal_version() -> str:
    return subprocess.run(["ogr2ogr", "--version"], capture_output=True, text=True).stdout.strip()  # noqa: S607


def main() -> int:
    if shutil.which("ogr2ogr") is None:
        raise SystemExit("ogr2ogr is missing: apt-get install gdal-bin (./dev bench installs it)")
    print(f"bench database: {connection.settings_dict['NAME']}")
    data = dataset_for_bench()
    export = export_prepare(layer_name="establishments", params={}, user=None)
    _names, select, params = columns_sql(export.layer, export.selection, geometry="native")
    assert not params
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM monitoring_establishment")
        (features,) = cursor.fetchone()
    cookie = session_cookie()
    port = free_port()
    work = Path(tempfile.mkdtemp(prefix="bench-export-"))
    server = subprocess.Popen(  # noqa: S603 - this interpreter and manage.py
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
        cwd=ROOT,
        env=os.environ | {"PYTHONUNBUFFERED": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        fetch(port, "/exports/provinces.geojson", cookie, work / "warm.geojson")  # load every module
        before = memory_kb(server.pid)
        print(f"server pid {server.pid}: {before['VmRSS'] / 1024:.0f} MB resident after warm-up", flush=True)
        ours, theirs, sizes = [], [], {}
        for run in range(1, RUNS + 1):
            seconds, ogr_peak_kb = ogr2ogr(select, work / "ogr.geojson")
            theirs.append(seconds)
            sizes["ogr2ogr"] = (work / "ogr.geojson").stat().st_size
            print(
                f"  run {run}: ogr2ogr {seconds:6.1f} s  ({features / seconds:,.0f} features/s)", flush=True
            )
            seconds, size = fetch(port, PATH, cookie, work / "ours.geojson")
            check_geojson(work / "ours.geojson", features)
            ours.append(seconds)
            sizes["ours"] = size
            print(
                f"  run {run}: export  {seconds:6.1f} s  ({features / seconds:,.0f} features/s)", flush=True
            )
        after = memory_kb(server.pid)
    finally:
        server.terminate()
        server.wait(30)
        shutil.rmtree(work, ignore_errors=True)

    ours_fps, ogr_fps = features / min(ours), features / min(theirs)
    ratio = ours_fps / ogr_fps
    peak_mb = after["VmHWM"] / 1024
    rows = [
        result_row(
            f"GeoJSON export of {features:,} establishments, streamed by the server",
            round(ours_fps),
            "features/s",
            reference=round(ogr_fps),
            reference_label="features/s, ogr2ogr -f GeoJSON (same select)",
            target=f"≥ {TARGET_RATIO}× ogr2ogr",
            met=ratio >= TARGET_RATIO,
            note=f"ratio {ratio:.2f}; best of {RUNS};"
            f" {sizes['ours'] / 1e6:.0f} MB vs {sizes['ogr2ogr'] / 1e6:.0f} MB",
        ),
        result_row(
            "peak resident memory of the serving process (VmHWM)",
            round(peak_mb, 1),
            "MB",
            target=f"< {TARGET_PEAK_MB} MB",
            met=peak_mb < TARGET_PEAK_MB,
            note=f"{before['VmRSS'] / 1024:.0f} MB after warm-up (the application loaded, before the export)",
        ),
    ]
    details = {
        "server": "manage.py runserver --noreload --nothreading",
        "ours_seconds": [round(s, 2) for s in ours],
        "ogr2ogr_seconds": [round(s, 2) for s in theirs],
        "ogr2ogr_peak_rss_mb": round(ogr_peak_kb / 1024, 1),
        "gdal_bin": gdal_version(),
        "select": select,
    }
    with connection.cursor() as cursor:
        result_write(
            "export",
            title="Exports: GeoJSON of 1M establishments vs ogr2ogr, server memory",
            rows=rows,
            dataset=data,
            details=details,
            cursor=cursor,
        )
    return 0 if all(r["met"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
