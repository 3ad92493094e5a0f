"""A server process builds the maps' shared layers when it starts (``config.wsgi``), not
on its first page: with ``--preload`` the master builds them once and every worker has
them. ``WARM_AT_START=false`` leaves them to the first request."""

import json
import os
import subprocess
import sys

import pytest

from tests import browser

pytestmark = pytest.mark.django_db
PROBE = (
    "import json, config.wsgi; from geo.map_layers import _memo;"
    " print(json.dumps(sorted({k.split(':')[0] for k in _memo})))"
)


def _memoised_at_start(**env) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**os.environ, "DATABASE_URL": browser.test_database_url(), "DEBUG": "true", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_map_layers_are_built_when_the_process_starts():
    assert _memoised_at_start() == [
        "border-bands",
        "border-lines",
        "countries-around",
        "countries-around-text",
        "unit-shapes-commune",
        "unit-shapes-district",
    ]


def test_warming_can_be_left_to_the_first_request():
    assert _memoised_at_start(WARM_AT_START="false") == []


def test_the_production_server_preloads_the_app_for_its_workers():
    from config import serve

    assert "--preload" in serve.serve_command(debug=False, port=8000)
