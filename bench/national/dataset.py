"""The national data set in the bench database: built once, kept between runs, rebuilt
part by part when a part's generator version changes (``PART_VERSIONS``) or on
``--rebuild``. Every national measurement calls :func:`dataset_ensure` first.
Imported after ``django.setup()``."""

import json
import os
import time

import numpy as np
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from bench.national.constants import PART_VERSIONS, SEED
from bench.national.load_counts import counts_load
from bench.national.load_places import counselling_points_load, establishments_load
from bench.national.load_units import units_load

__all__ = ["dataset_ensure", "dataset_facts", "dataset_for_bench"]

LOADERS = {
    "units": units_load,
    "establishments": establishments_load,
    "counselling_points": counselling_points_load,
    "counts": counts_load,
}

STAMP_TABLE = """
CREATE TABLE IF NOT EXISTS bench_dataset (
    part text PRIMARY KEY, version text NOT NULL, built_at timestamptz NOT NULL,
    seconds float NOT NULL, facts jsonb NOT NULL)
"""


def _stamps() -> dict[str, tuple]:
    with connection.cursor() as cursor:
        cursor.execute(STAMP_TABLE)
        cursor.execute("SELECT part, version, built_at, seconds, facts FROM bench_dataset")
        return {row[0]: row[1:] for row in cursor.fetchall()}


def dataset_facts() -> dict:
    """What the data set holds and how long each part took to build."""
    facts, seconds = {}, {}
    for part, (_version, built_at, took, part_facts) in sorted(_stamps().items()):
        facts |= part_facts if isinstance(part_facts, dict) else json.loads(part_facts)
        seconds[part] = took
        facts.setdefault("built_at", built_at.isoformat())
    facts["build_seconds"] = seconds
    facts["build_seconds_total"] = round(sum(seconds.values()), 1)
    facts["versions"] = PART_VERSIONS
    return facts


def dataset_ensure(*, rebuild: bool = False) -> dict:
    """Migrate the bench database, build the parts that are missing or stale, return
    the facts."""
    call_command("migrate", verbosity=0)
    stamps = _stamps()
    built = []
    started = time.perf_counter()
    for index, (part, load) in enumerate(LOADERS.items()):
        # Every part refers to the units: new units mean every part is rebuilt.
        if not (rebuild or "units" in built or stamps.get(part, (None,))[0] != PART_VERSIONS[part]):
            continue
        built.append(part)
        print(f"building {part} ({PART_VERSIONS[part]})", flush=True)
        t = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            facts = load(cursor, np.random.default_rng(SEED + index))
            cursor.execute(
                "INSERT INTO bench_dataset VALUES (%s, %s, now(), %s, %s) ON CONFLICT (part) DO UPDATE"
                " SET version = EXCLUDED.version, built_at = EXCLUDED.built_at,"
                " seconds = EXCLUDED.seconds, facts = EXCLUDED.facts",
                [part, PART_VERSIONS[part], round(time.perf_counter() - t, 1), json.dumps(facts)],
            )
        print(f"{part} built in {time.perf_counter() - t:.1f} s", flush=True)
    if built:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print(f"data set ready in {time.perf_counter() - started:.1f} s", flush=True)
    facts = dataset_facts()
    if not built:
        print(
            f"data set kept from {facts['built_at']}"
            f" (built in {facts['build_seconds_total']} s; --rebuild to redo)"
        )
    return facts


def dataset_for_bench() -> dict | None:
    """The data set's facts for a bench of its own (``bench.export``, ``bench.ogc``,
    ``bench.tiles``): run as a hook of ``bench.national`` (``BENCH_NATIONAL=1``) the data
    set is already built and only read (None when its stamps are missing); run alone it
    is built when missing."""
    if os.environ.get("BENCH_NATIONAL"):
        call_command("migrate", verbosity=0)
        try:
            return dataset_facts()
        except DatabaseError:
            return None
    return dataset_ensure()
