"""pygeoapi (the OGC reference implementation in Python) in its own venv under
``var/bench-venv``, serving one PostGIS table with its PostgreSQL provider under
gunicorn: the yardstick for ``bench/ogc.py``. Never part of the app's requirements."""

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "var" / "bench-venv"
PYGEOAPI = "pygeoapi==0.21.0"
GUNICORN = "gunicorn==27.0.1"
# The PostgreSQL provider's own dependencies (pygeoapi lists them apart, in requirements-provider.txt).
PROVIDER = [
    "psycopg2-binary==2.9.13",
    "GeoAlchemy2==0.20.0",
    "SQLAlchemy==2.1.9",
    "pygeofilter[backend-sqlalchemy]==0.4.0",
]


def ensure_venv() -> Path:
    """The venv's python, creating it and installing pygeoapi from PyPI the first time."""
    python = VENV / "bin" / "python"
    if not (VENV / "bin" / "pygeoapi").exists() or not list(
        VENV.glob("lib/python*/site-packages/geoalchemy2")
    ):
        print(f"installing {PYGEOAPI} into {VENV.relative_to(ROOT)}", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)  # noqa: S603
        subprocess.run(  # noqa: S603 - fixed, pinned packages
            [
                str(python),
                "-m",
                "pip",
                "install",
                "-q",
                "--disable-pip-version-check",
                PYGEOAPI,
                GUNICORN,
                *PROVIDER,
            ],
            check=True,
        )
    return python


def config(*, port: int, database: dict, table: str, id_field: str, geom_field: str) -> str:
    """pygeoapi's YAML configuration (JSON is YAML) for one collection."""
    url = f"http://127.0.0.1:{port}"
    return json.dumps(
        {
            "server": {
                "bind": {"host": "127.0.0.1", "port": port},
                "url": url,
                "mimetype": "application/json; charset=UTF-8",
                "encoding": "utf-8",
                "languages": ["en-US"],
                "limits": {"default_items": 10, "max_items": 10000},
                "pretty_print": False,
                "map": {"url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "attribution": "OSM"},
            },
            "logging": {"level": "ERROR"},
            "metadata": {
                "identification": {
                    "title": "bench",
                    "description": "bench",
                    "keywords": ["bench"],
                    "keywords_type": "theme",
                    "terms_of_service": "https://example.org",
                    "url": "https://example.org",
                },
                "license": {"name": "CC-BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
                "provider": {"name": "bench", "url": "https://example.org"},
                "contact": {"name": "bench", "email": "bench@example.org", "url": "https://example.org"},
            },
            "resources": {
                "establishments": {
                    "type": "collection",
                    "title": "Establishments",
                    "description": "The same table as the app's OGC API",
                    "keywords": ["bench"],
                    "extents": {
                        "spatial": {
                            "bbox": [102, 8, 110, 24],
                            "crs": "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
                        }
                    },
                    "providers": [
                        {
                            "type": "feature",
                            "name": "PostgreSQL",
                            "data": database,
                            "id_field": id_field,
                            "table": table,
                            "geom_field": geom_field,
                        }
                    ],
                }
            },
        },
        indent=1,
    )


def start(
    *, port: int, workers: int, database: dict, table: str, id_field: str, geom_field: str, workdir: Path
):
    """Write the configuration and OpenAPI document, start gunicorn; returns the process."""
    python = ensure_venv()
    workdir.mkdir(parents=True, exist_ok=True)
    config_file = workdir / "pygeoapi.config.yml"
    openapi_file = workdir / "pygeoapi.openapi.yml"
    config_file.write_text(
        config(port=port, database=database, table=table, id_field=id_field, geom_field=geom_field)
    )
    # The same per-connection database settings as the app (settings.PG_OPTIONS: JIT off).
    env = dict(
        os.environ,
        PYGEOAPI_CONFIG=str(config_file),
        PYGEOAPI_OPENAPI=str(openapi_file),
        PGOPTIONS=os.environ.get("PG_OPTIONS", "-c jit=off"),
    )
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            str(VENV / "bin" / "pygeoapi"),
            "openapi",
            "generate",
            str(config_file),
            "--output-file",
            str(openapi_file),
        ],
        check=True,
        env=env,
        capture_output=True,
    )
    log = open(workdir / "pygeoapi.log", "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            str(python),
            "-m",
            "gunicorn",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "pygeoapi.flask_app:APP",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    wait_until_up(
        f"http://127.0.0.1:{port}/collections/establishments/items?limit=1", process, workdir / "pygeoapi.log"
    )
    return process


def wait_until_up(url: str, process, log: Path, headers: dict | None = None) -> None:
    import time

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited; see {log}")
        try:
            request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback http
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"server did not answer {url}; see {log}")
