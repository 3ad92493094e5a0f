"""One JSON per measurement in ``bench/results/``, all in one shape so
``python -m bench.report`` can tabulate them (including the benches other branches
add: they call :func:`result_write` with the same fields).

Each row: ``measurement`` (what), ``figure`` and ``unit``, ``reference`` and
``reference_label`` (the comparison measured in the same run, or None), ``target``
(text), ``met`` (true/false, or None when there is no target) and ``note``."""

import datetime
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

from bench.national.constants import RESULTS, ROOT

__all__ = ["machine", "result_row", "result_write"]


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def _disk() -> str:
    """The device and filesystem holding the database cluster, and whether it spins."""
    target = ROOT / "var" / "pg"
    try:
        out = subprocess.run(  # noqa: S603
            ["findmnt", "-no", "SOURCE,FSTYPE", "--target", str(target if target.exists() else ROOT)],  # noqa: S607
            capture_output=True,
            text=True,
        ).stdout.split()
    except OSError:
        return "unknown"
    if not out:
        return "unknown"
    device = Path(out[0]).name
    base = device.rstrip("0123456789")
    rotational = (
        _read(f"/sys/block/{base}/queue/rotational").strip()
        or _read(f"/sys/block/{device}/queue/rotational").strip()
    )
    kind = {"0": "SSD/virtual (non-rotational)", "1": "rotational"}.get(rotational, "type unknown")
    return f"{out[0]} ({out[1] if len(out) > 1 else '?'}, {kind})"


def machine(cursor=None) -> dict:
    """CPU model, cores, RAM, disk, load, Python, and PostgreSQL/PostGIS when a cursor
    is given."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in _read("/proc/cpuinfo").splitlines()
            if "model name" in line
        ),
        platform.processor() or platform.machine(),
    )
    mem_kb = next(
        (int(line.split()[1]) for line in _read("/proc/meminfo").splitlines() if line.startswith("MemTotal")),
        0,
    )
    info = {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "disk": _disk(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "os": platform.platform(),
        "python": sys.version.split()[0],
    }
    if cursor is not None:
        cursor.execute("SHOW server_version")
        info["postgresql"] = cursor.fetchone()[0]
        cursor.execute("SELECT postgis_lib_version(), postgis_geos_version(), postgis_proj_version()")
        postgis, geos, proj = cursor.fetchone()
        info["postgis"] = f"{postgis} (GEOS {geos}, PROJ {proj})"
        cursor.execute("SHOW jit")
        info["jit"] = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        info["shared_buffers"] = cursor.fetchone()[0]
    return info


def code_version() -> dict:
    """The commit measured and the files that differed from it (others may be editing)."""

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()  # noqa: S603, S607
        except OSError:
            return ""

    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "uncommitted_changes": git(
            "status", "--porcelain", "--", "monitoring", "geo", "frontend"
        ).splitlines(),
    }


def result_row(
    measurement: str,
    figure: float | None,
    unit: str,
    *,
    target: str | None = None,
    met: bool | None = None,
    reference: float | None = None,
    reference_label: str | None = None,
    note: str = "",
) -> dict:
    return {
        "measurement": measurement,
        "figure": figure,
        "unit": unit,
        "reference": reference,
        "reference_label": reference_label,
        "target": target,
        "met": met,
        "note": note,
    }


def result_write(name: str, *, title: str, rows: list[dict], dataset: dict | None = None, details=None,
                 cursor=None) -> Path:  # fmt: skip
    """Write ``bench/results/<name>.json`` and print the rows."""
    out = RESULTS / f"{name}.json"
    body = {
        "name": name,
        "title": title,
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(cursor),
        "code": code_version(),
        "dataset": dataset,
        "rows": rows,
        "details": details,
    }
    out.write_text(json.dumps(body, indent=2, ensure_ascii=False, default=str) + "\n")
    print(f"\n{title}")
    for r in rows:
        flag = {True: "ok", False: "MISSED", None: "-"}[r["met"]]
        reference = "" if r["reference"] is None else f"  vs {r['reference']} {r['reference_label'] or ''}"
        print(
            f"  {r['measurement']:58} {r['figure']} {r['unit']}{reference}"
            f"  [{r['target'] or 'no target'}] {flag}"
        )
    print(f"wrote {out.relative_to(ROOT)}", flush=True)
    return out
