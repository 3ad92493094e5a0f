"""Attack: a reporter uploads a 16 MB CSV of one million bad rows. The import must stay
bounded: refused as soon as the row cap is passed (the message names the cap), memory
flat (growth < 100 MB, measured in a fresh process), and a refused file lists its first
problems and counts the rest instead of a page of a million errors. Timing: bench/import_limits.py."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings

from tests.import_units import build_units
from tests.test_data_entry_page import reporter

pytestmark = pytest.mark.django_db
ROWS = 1_000_000


def million_row_csv(path: Path, rows: int = ROWS) -> Path:
    """A CSV of ``rows`` rows whose every figure is wrong (about 16 bytes a row)."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write("code,period,illegal_users\n")
        handle.writelines("10001,2026-03,x\n" for _ in range(rows))
    return path


CHILD = """
import json, os, sys, time
from pathlib import Path
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
from django.conf import settings
django.setup()
settings.DATABASES["default"]["NAME"] = sys.argv[2]
from monitoring.imports.counts import case_counts_import
from monitoring.imports.problems import ImportFileError
from monitoring.models import Indicator
list(Indicator.objects.all())
def rss(field):
    status = Path("/proc/self/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith(field)).split()[1])
Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) starts again from now
before = rss("VmRSS:")
started = time.perf_counter()
try:
    case_counts_import(path=Path(sys.argv[1]))
    refusal = ""
except ImportFileError as error:
    refusal = str(error)
growth = rss("VmHWM:") - before
print(json.dumps([growth, refusal, time.perf_counter() - started]))
"""


def import_rss(path: Path, database: str) -> tuple[int, str, float]:
    """In a fresh process: (RSS growth in KB, the refusal, seconds) of importing ``path``;
    the growth is the peak RSS during the import less the RSS just before it."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), database],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    return tuple(json.loads(done.stdout.strip().splitlines()[-1]))


def test_a_million_row_csv_is_refused_at_the_row_cap_with_flat_memory(tmp_path, settings):
    path = million_row_csv(tmp_path / "million.csv")
    assert path.stat().st_size > 15_000_000
    growth_kb, refusal, _seconds = import_rss(path, connection.settings_dict["NAME"])
    # The child process answers in the site's language (Vietnamese); the cap is named either way.
    assert (
        f"{settings.IMPORT_MAX_ROWS} dòng" in refusal
        or f"more than {settings.IMPORT_MAX_ROWS} rows" in refusal
    )
    assert refusal.count("\n") < 5  # one problem, not a million
    assert growth_kb < 100 * 1024, f"RSS grew by {growth_kb / 1024:.0f} MB"


@override_settings(IMPORT_MAX_ROWS=10)
def test_a_file_above_the_row_cap_is_refused_naming_the_cap():
    client = reporter(build_units(), "10001")
    body = b"code,period,illegal_users\n" + b"10001,2026-03,4\n" * 11
    response = client.post("/data/import/", {"what": "counts", "file": SimpleUploadedFile("big.csv", body)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "the file has more than 10 rows; one import takes at most 10." in html
    assert "split the file by district or month" in html


@override_settings(IMPORT_MAX_PROBLEMS=5)
def test_a_refused_file_lists_its_first_problems_and_counts_the_rest():
    client = reporter(build_units(), "10001")
    months = [f"{2024 + index // 12}-{index % 12 + 1:02}" for index in range(30)]
    body = "code,period,illegal_users\n" + "".join(f"10001,{month},x\n" for month in months)
    response = client.post(
        "/data/import/", {"what": "counts", "file": SimpleUploadedFile("bad.csv", body.encode())}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "30 problems; nothing was imported." in html
    assert html.count("not a whole number") == 5
    assert "25 more problems are not listed (the first 5 are)." in html
