"""The profile of the load run: each path asked alone, one request at a time, of the
same gunicorn before the clients start, by one logged-in session. The weighted mean of
these times says what one request of the mix costs the server unloaded, and the cores
divided by it the most requests a second the machine could answer if nothing waited on
anything else: the ceiling the load run is measured against."""

import http.cookiejar
import os
import re
import statistics
import time
import urllib.parse
import urllib.request

__all__ = ["quiet_profile"]

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RUNS = 5


def _session(base: str, username: str, password: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/", timeout=30).read().decode()
    token = CSRF_INPUT.search(page).group(1)
    form = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    request = urllib.request.Request(
        f"{base}/accounts/login/", data=form.encode(), headers={"Referer": f"{base}/accounts/login/"}
    )
    opener.open(request, timeout=30).read()
    return opener


def quiet_profile(port: int, paths, username: str, password: str) -> dict:
    """``{"paths": {name: p50 ms}, "weighted_mean_ms", "ceiling_req_s"}``."""
    base = f"http://127.0.0.1:{port}"
    opener = _session(base, username, password)
    times = {}
    workers = int(os.environ.get("LOAD_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
    for name, path, _weight in paths:
        for _ in range(workers):  # every worker has answered it once: its caches are warm
            opener.open(base + path, timeout=60).read()
        runs = []
        for _ in range(RUNS):
            started = time.perf_counter()
            opener.open(base + path, timeout=60).read()
            runs.append((time.perf_counter() - started) * 1000)
        times[name] = round(statistics.median(runs), 1)
    weights = {name: weight for name, _path, weight in paths}
    mean = sum(times[n] * weights[n] for n in times) / sum(weights.values())
    cores = os.cpu_count() or 1
    return {
        "paths": times,
        "weighted_mean_ms": round(mean, 1),
        "ceiling_req_s": round(cores * 1000 / mean, 1),
    }
