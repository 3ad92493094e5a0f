"""A small closed-loop HTTP load generator: N clients, each sending its next request
as soon as the last one answered, for a fixed time. Standard library only."""

import http.client
import statistics
import threading
import time
from urllib.parse import urlsplit

__all__ = ["load", "next_link"]


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else float("nan")


def load(
    urls: list[str], *, clients: int, seconds: float, headers: dict | None = None, follow=None, pages: int = 1
) -> dict:
    """Requests per second, latency p50/p95 (ms), errors and bytes over ``seconds``;
    client ``i`` cycles through ``urls`` starting at ``i``. With ``follow`` (body → next
    URL or None), a client walks up to ``pages`` pages from each URL, as a real client
    of a paged API does."""
    headers = headers or {}
    latencies: list[float] = []
    errors: list[str] = []
    sizes: list[int] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(index: int) -> None:
        host = urlsplit(urls[0])
        connection = http.client.HTTPConnection(host.hostname, host.port, timeout=120)
        n, walked, following = index, 0, None
        while time.perf_counter() < deadline:
            if following is None:
                url = urlsplit(urls[n % len(urls)])
                n, walked = n + 1, 0
            else:
                url = urlsplit(following)
            started = time.perf_counter()
            try:
                connection.request("GET", url.path + ("?" + url.query if url.query else ""), headers=headers)
                response = connection.getresponse()
                body = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException) as exc:
                connection.close()
                following = None
                with lock:
                    errors.append(repr(exc))
                continue
            elapsed = time.perf_counter() - started
            walked += 1
            following = follow(body) if follow and response.status == 200 and walked < pages else None
            with lock:
                if response.status != 200:
                    errors.append(f"{response.status} {url.geturl()}")
                else:
                    latencies.append(elapsed)
                    sizes.append(len(body))
        connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "requests_per_s": round(len(latencies) / wall, 2),
        "p50_ms": round(_percentile(latencies, 50) * 1000, 1),
        "p95_ms": round(_percentile(latencies, 95) * 1000, 1),
        "mean_kb": round(statistics.mean(sizes) / 1024, 1) if sizes else 0,
        "errors": len(errors),
        "first_errors": errors[:3],
    }


def next_link(body: bytes) -> str | None:
    """The ``next`` link of an OGC API items page, found without parsing the whole page
    (the load generator shares the machine: its CPU should go to the servers)."""
    import json

    at = body.find(b'"next"')
    while at >= 0:
        start, end = body.rfind(b"{", 0, at), body.find(b"}", at)
        link = json.loads(body[start : end + 1])
        if link.get("rel") == "next":
            return link["href"]
        at = body.find(b'"next"', at + 1)
    return None
