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

Uses the establishment bench's database ``bench_monitor`` (built once by
``bench.establishments``' builder, reused here). Run with ``./dev bench export`` or
``.venv/bin/python -m bench.export``. Prints the figures and writes
``bench/results/export.json``.
"""

import http.client
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.establishments.database import database_url, ensure_database

URL = database_url()
ensure_database(URL)
os.environ["DATABASE_URL"] = URL
os.environ["DEBUG"] = "true"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench.establishments.constants import ROOT  # noqa: E402
from bench.establishments.dataset import build, dataset  # noqa: E402
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
    call_command("migrate", verbosity=0)
    data = dataset()
    if data is None:
        print("building the national data set (once)", flush=True)
        data = build()
    export = export_prepare(layer_name="establishments", params={}, user=None)
    _names, select, params = columns_sql(export.layer, export.selection, geometry="native")
    assert not params
    features = data["establishments"]
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
    result = {
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "date": time.strftime("%Y-%m-%d"),
        "python": platform.python_version(),
        "gdal_bin": gdal_version(),
        "features": features,
        "runs": RUNS,
        "select": select,
        "ours": {
            "seconds": [round(s, 2) for s in ours],
            "features_per_s": round(ours_fps),
            "bytes": sizes["ours"],
            "server": "manage.py runserver --noreload --nothreading",
            "server_rss_after_warm_up_mb": round(before["VmRSS"] / 1024, 1),
            "server_peak_rss_mb": round(peak_mb, 1),
        },
        "ogr2ogr": {
            "seconds": [round(s, 2) for s in theirs],
            "features_per_s": round(ogr_fps),
            "bytes": sizes["ogr2ogr"],
            "peak_rss_mb": round(ogr_peak_kb / 1024, 1),
        },
        "ratio": round(ratio, 2),
        "targets": {"ratio_at_least": TARGET_RATIO, "server_peak_rss_mb_below": TARGET_PEAK_MB},
        "ok": {"ratio": ratio >= TARGET_RATIO, "memory": peak_mb < TARGET_PEAK_MB},
    }
    print(
        f"\nGeoJSON export of {features:,} establishments (best of {RUNS}):\n"
        f"  ours     {ours_fps:10,.0f} features/s  {sizes['ours'] / 1e6:6.0f} MB"
        f"  server peak RSS {peak_mb:.0f} MB (after warm-up {before['VmRSS'] / 1024:.0f} MB)\n"
        f"  ogr2ogr  {ogr_fps:10,.0f} features/s  {sizes['ogr2ogr'] / 1e6:6.0f} MB\n"
        f"  ratio {ratio:.2f} (target ≥ {TARGET_RATIO}) {'ok' if result['ok']['ratio'] else 'MISSED'};"
        f" peak {peak_mb:.0f} MB (target < {TARGET_PEAK_MB}) {'ok' if result['ok']['memory'] else 'MISSED'}"
    )
    out = ROOT / "bench" / "results" / "export.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
