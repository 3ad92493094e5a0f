"""The import layers (frontend → monitoring → geo → core, see ``[tool.importlinter]`` in
pyproject.toml) hold, checked by the real ``lint-imports``; and the check fails when a
module of ``geo`` imports ``monitoring`` (shown on a copy of the packages, never by
writing into the source tree)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
PACKAGES = ("core", "geo", "monitoring", "frontend")


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=tree,
        env=os.environ | {"PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_import_layers_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def test_a_module_of_geo_importing_monitoring_breaks_the_check(tmp_path):
    for name in PACKAGES:
        shutil.copytree(
            ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "static", "templates")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "geo" / "back_import.py").write_text(
        '"""A back-import, as a lazy import inside a function."""\n\n\n'
        "def reassign():\n"
        "    from monitoring.services.places import places_reassign_communes\n\n"
        "    return places_reassign_communes()\n"
    )
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "geo imports nothing from monitoring or frontend BROKEN" in result.stdout
    assert "Layers: frontend above monitoring above geo above core BROKEN" in result.stdout
    assert "geo.back_import -> monitoring.services.places" in result.stdout
    assert not (ROOT / "geo" / "back_import.py").exists()
