"""Latency of the dashboard's JSON API with a large store, measured in one run.

    python benchmarks/api_latency.py [--articles 10000] [--events 100] [--requests 40]

Builds a store of ARTICLES × EVENTS synthetic events (1M by default) with the ingest writer,
starts `dyad serve` on 127.0.0.1 as a user would, and requests every GET endpoint of its OpenAPI
spec (path ids taken from the API itself) REQUESTS times — each time with another start date or
page, so no answer comes from the app's cache — printing p50 and p95 per endpoint and the worst
p95 last. Target: every p95 under 300 ms.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx
import numpy as np

from dyad.store import open_store
from dyad.store.consolidate import refresh_stories
from dyad.store.synthetic import synthetic_batch
from dyad.stories import StoryOptions

# typical questions a page asks, beside the endpoints' defaults
QUERIES = {
    "/api/events": {"actor": "RUS", "recipient": "USA", "since": "2025-01-01", "limit": 100},
    "/api/series": {"dyad": "RUS>USA", "freq": "week"},
    "/api/cooperation": {"dyad": "RUS-USA", "freq": "month"},
}


def build_store(path: Path, articles: int, per_article: int) -> None:
    rng = np.random.default_rng(11)
    with open_store(path) as store:
        for first in range(0, articles, 1000):
            store.write(synthetic_batch(first, min(1000, articles - first), per_article, rng))
        refresh_stories(store, StoryOptions(embed=False))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(client: httpx.Client, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if client.get("/openapi.json").status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.3)
    raise SystemExit("dyad serve did not come up")


def endpoints(client: httpx.Client) -> list[tuple[str, dict[str, object], set[str]]]:
    """Every GET path of the spec with its path ids filled from the API's own answers, and
    the names of its query parameters."""
    spec = client.get("/openapi.json").json()
    event = client.get("/api/events", params={"limit": 1}).json()["events"][0]
    ids = {"story_id": event["story_id"], "article_id": event["article_id"]}
    found = []
    for path, methods in sorted(spec["paths"].items()):
        if "get" not in methods or not path.startswith("/api/"):
            continue
        for name, value in ids.items():
            path = path.replace("{" + name + "}", str(value))
        names = {p["name"] for p in methods["get"].get("parameters", []) if p["in"] == "query"}
        if "{" not in path:
            found.append((path, dict(QUERIES.get(path, {})), names))
    return found


def variant(params: dict[str, object], names: set[str], i: int) -> dict[str, object]:
    """A different question each time (another start date, another page), so the app's
    answer cache cannot hide the cost of the query."""
    varied = dict(params)
    if "since" in names:
        varied["since"] = (date(2024, 1, 1) + timedelta(days=3 * i)).isoformat()
    if "offset" in names:
        varied["offset"] = 50 * i
    return varied


def measure(
    client: httpx.Client, path: str, params: dict[str, object], names: set[str], n: int
) -> list[float]:
    timings = []
    for i in range(n):
        started = time.perf_counter()
        response = client.get(path, params=variant(params, names, i))
        timings.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=100, help="events per article")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp()) / "api.duckdb"
    if not db.exists():
        build_store(db, args.articles, args.events)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "dyad.cli", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            wait_until_up(client)
            report(client, args.requests)
    finally:
        server.terminate()
        server.wait(timeout=30)


def report(client: httpx.Client, n: int) -> None:
    worst = 0.0
    total = client.get("/api/events", params={"limit": 1}).json().get("total")
    print(f"events in store: {total}")
    for path, params, names in endpoints(client):
        timings = measure(client, path, params, names, n)
        p95 = float(np.percentile(timings, 95))
        worst = max(worst, p95)
        print(f"{path:<40} p50={statistics.median(timings):7.1f} ms  p95={p95:7.1f} ms")
    print(f"worst_p95_ms={worst:.1f} (target < 300)")


if __name__ == "__main__":
    main()
