"""HTTP Basic against a token on the same request, in the same run: Basic checking the
password hash on every request (``BASIC_AUTH_CACHE_SECONDS=0``, as before the cache),
Basic with the verified-credentials cache, and ``Authorization: Token``. Target: cached
Basic at most 2× the token's p50.

``python -m bench.basic_auth`` (or ``./dev bench basic_auth``) on the demo database with
the real password hasher of ``config.settings``; ``BENCH_RUNS`` requests each (default
20). Prints a table and writes ``bench/results/basic_auth.json`` (``bench.national.results``
shape). The account it measures with is deleted at the end.
"""

import base64
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from bench.national.results import result_row, result_write  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "20"))
URL = "/ogc/collections/communes/items?limit=10"
USERNAME, PASSWORD = "bench-basic-auth", "bench-basic-auth-pw-1"
TARGET = 2.0


def timed_p50(client: Client, headers: dict) -> float:
    client.get(URL, headers=headers)  # the first request of each (a cache fill) is not counted
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(URL, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content[:200]
    return round(statistics.median(times), 1)


def main() -> int:
    setup_test_environment()
    user, _ = User.objects.get_or_create(username=USERNAME, defaults={"is_superuser": True})
    try:
        return _measure(user)
    finally:
        user.delete()  # no account with a known password stays in the database


def _measure(user) -> int:
    user.set_password(PASSWORD)
    user.save()
    token = Token.objects.get_or_create(user=user)[0].key
    basic = {"Authorization": "Basic " + base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()}
    client = Client()
    cache.clear()
    with override_settings(BASIC_AUTH_CACHE_SECONDS=0):
        uncached = timed_p50(client, basic)
    cached = timed_p50(client, basic)
    token_ms = timed_p50(client, {"Authorization": f"Token {token}"})
    ratio = round(cached / token_ms, 2)
    rows = [
        result_row(
            "HTTP Basic, verified credentials remembered (after): p50",
            cached,
            "ms",
            reference=token_ms,
            reference_label="ms with a token (p50)",
            target=f"≤ {TARGET}× the token",
            met=ratio <= TARGET,
            note=f"{ratio}× the token; {URL}, {RUNS} requests each",
        ),
        result_row(
            "HTTP Basic, password hash checked on every request (before): p50",
            uncached,
            "ms",
            reference=token_ms,
            reference_label="ms with a token (p50)",
            note=f"{round(uncached / token_ms, 1)}× the token: what the cache saves",
        ),
    ]
    with connection.cursor() as cursor:
        result_write(
            "basic_auth",
            title=f"HTTP Basic against a token on {URL}, {RUNS} requests each",
            rows=rows,
            details={
                "url": URL,
                "runs": RUNS,
                "uncached_ms": uncached,
                "cached_ms": cached,
                "token_ms": token_ms,
            },
            cursor=cursor,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
