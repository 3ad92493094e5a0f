"""Every module under bench/ imports: a bench whose imports broke (a module moved,
``bench.establishments.database`` after the national harness) fails here, in the test
run, not months later in ``./dev bench``.

The modules are imported in a child process, as ``python -m bench.<name>`` would: they
set Django up on a bench database of their own (here an empty one made for this test
and dropped after). A ``__main__`` module runs its bench when imported, so its imports
are checked instead: each ``from X import Y`` must find ``X`` and ``Y``. So are those of
the Locust file, which runs in Locust's own environment (``var/bench-venv/locust``),
except Locust's own."""

import subprocess
import sys
import urllib.parse

import psycopg2
from django.conf import settings
from django.db import connection

from bench.national.constants import ROOT
from bench.national.database import connect_kwargs

CHECK = r"""
import ast, importlib, pkgutil, sys, traceback
import bench

# Modules checked by their imports, not imported: they run a bench when imported, or run
# in another environment (the packages named are that environment's).
OTHER_ENVIRONMENT = {"bench.load.locustfile": ("locust",)}


def imports_resolve(name, foreign=()):
    spec = importlib.util.find_spec(name)
    tree = ast.parse(open(spec.origin).read())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            if node.module.split(".")[0] in foreign:
                continue
            module = importlib.import_module(node.module)
            for alias in node.names:
                if not hasattr(module, alias.name):
                    importlib.import_module(f"{node.module}.{alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] not in foreign:
                    importlib.import_module(alias.name)


failed, imported = [], 0
for info in pkgutil.walk_packages(bench.__path__, "bench.", onerror=lambda name: failed.append(name)):
    try:
        if info.name.rsplit(".", 1)[-1] == "__main__" or info.name in OTHER_ENVIRONMENT:
            imports_resolve(info.name, OTHER_ENVIRONMENT.get(info.name, ()))
        else:
            importlib.import_module(info.name)
        imported += 1
    except BaseException:
        failed.append(info.name)
        traceback.print_exc()
print(f"imported {imported}; failed: {failed}")
sys.exit(1 if failed or imported < 20 else 0)
"""


def test_every_bench_module_imports():
    server = dict(settings.DATABASES["default"])
    name = f"{connection.settings_dict['NAME']}_bench_imports"
    socket = urllib.parse.quote(server["HOST"] or "", safe="")
    user = server["USER"] or ""
    url = f"postgis://{user}@{socket}/{name}"
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(ROOT),
        "BENCH_DATABASE_URL": url,
        "BENCH_IMPORT_DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    try:
        result = subprocess.run(
            [sys.executable, "-c", CHECK], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
    finally:
        admin = psycopg2.connect(**connect_kwargs(server, dbname="postgres"))
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()
    assert result.returncode == 0, result.stdout + result.stderr[-6000:]
    assert "failed: []" in result.stdout
