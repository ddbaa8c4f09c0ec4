"""Load a running `khabar serve` at a fixed request rate and report latency.

Open loop: request *i* is sent at ``start + i / rate`` whether or not earlier
ones have answered (a slow server cannot slow the load down and hide its own
latency).  Paths are requested in turn over keep-alive connections (a new
one is opened when all are busy).  Bounded: at most ``rate × duration``
requests, at most ``--max-in-flight`` at once (beyond that a request is
counted as ``dropped``), each with a timeout.

    khabar serve --db build/saudi.db --port 8000 &
    python bench/serve_load.py --url http://127.0.0.1:8000 --rate 200 --duration 60 \\
        /api/stories '/api/search?q=السعودية' '/stories/{story}'

``{story}`` is replaced by the id of the biggest story, ``{article}`` by the
first article's id, ``{i}`` by the request's number (``/stories/{story}?i={i}``
defeats the server's page cache: every answer is rendered afresh).  Prints achieved rate, p50/p90/p99/max latency (overall
and per path) and errors; ``--json`` prints the same as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from collections import Counter, defaultdict
from urllib.parse import quote, urlsplit

import httpx

MAX_DURATION_S = 600
MAX_RATE = 2000


def _pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(p / 100 * len(values) + 0.5) - 1))
    return values[k]


def resolve(base: str, paths: list[str]) -> list[str]:
    """Fill in ``{story}`` and ``{article}`` from the server's own lists."""
    out = []
    with httpx.Client(base_url=base, timeout=30) as c:
        fill = {}
        if any("{story}" in p for p in paths):
            items = c.get("/api/stories", params={"sort": "biggest", "limit": 1}).json()["items"]
            fill["story"] = items[0]["id"]
        if any("{article}" in p for p in paths):
            fill["article"] = c.get("/api/articles", params={"limit": 1}).json()["items"][0]["id"]
        for p in paths:
            for k, v in fill.items():
                p = p.replace("{" + k + "}", v)
            out.append(p)
    return out


class _Conn:
    """One keep-alive HTTP/1.1 connection (a minimal client: the load
    generator must cost far less CPU than the server it measures)."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def get(self, path: str, timeout: float) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.wait_for(
                asyncio.open_connection(self.host, self.port), timeout)
        req = f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nAccept: */*\r\n\r\n"
        self.writer.write(req.encode("utf-8"))
        return await asyncio.wait_for(self._response(), timeout)

    async def _response(self) -> int:
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}
        if "content-length" in headers:
            await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        if headers.get("connection") == "close":
            self.close()
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def run(base: str, paths: list[str], rate: float, duration: float, timeout: float,
              max_in_flight: int) -> dict:
    u = urlsplit(base)
    host, port = u.hostname or "127.0.0.1", u.port or 80
    paths = [quote(p, safe="/?=&%:+,;@{}") for p in paths]
    total = int(rate * duration)
    lat: dict[str, list[float]] = defaultdict(list)
    errors: Counter = Counter()
    late = 0
    idle: list[_Conn] = []
    opened = 0
    in_flight = 0

    async def one(path: str, name: str) -> None:
        nonlocal in_flight, opened
        reused = bool(idle)
        conn = idle.pop() if reused else _Conn(host, port)
        opened += not reused
        t = time.perf_counter()
        try:
            try:
                status = await conn.get(path, timeout)
            except (OSError, asyncio.IncompleteReadError):
                if not reused:
                    raise
                # The server closed an idle keep-alive connection: retry once
                # on a new one, as HTTP clients do for GET.
                conn.close()
                opened += 1
                status = await conn.get(path, timeout)
            if status != 200:
                errors[f"HTTP {status}"] += 1
            else:
                lat[name].append(time.perf_counter() - t)
            idle.append(conn)
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError) as exc:
            errors[type(exc).__name__] += 1
            conn.close()
        finally:
            in_flight -= 1

    tasks = []
    start = time.perf_counter()
    for i in range(total):
        due = start + i / rate
        wait = due - time.perf_counter()
        if wait > 0:
            await asyncio.sleep(wait)
        elif wait < -0.010:
            late += 1  # the client itself fell behind schedule by > 10 ms
        if in_flight >= max_in_flight:
            errors["dropped"] += 1
            continue
        in_flight += 1
        name = paths[i % len(paths)]
        tasks.append(asyncio.create_task(one(name.replace("{i}", str(i)), name)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - start
    for c in idle:
        c.close()
    ok = [x for v in lat.values() for x in v]
    ms = lambda x: None if x is None else round(x * 1000, 1)  # noqa: E731
    return {
        "url": base, "paths": paths, "target_rate": rate, "duration_s": duration,
        "requests": total, "ok": len(ok), "errors": dict(errors), "late_starts": late,
        "connections": opened, "achieved_rate": round(len(ok) / elapsed, 1) if elapsed else None,
        "elapsed_s": round(elapsed, 2),
        "latency_ms": {"p50": ms(_pct(ok, 50)), "p90": ms(_pct(ok, 90)), "p99": ms(_pct(ok, 99)),
                       "max": ms(max(ok) if ok else None),
                       "mean": ms(statistics.fmean(ok) if ok else None)},
        "per_path_ms": {p: {"n": len(v), "p50": ms(_pct(v, 50)), "p99": ms(_pct(v, 99))}
                        for p, v in lat.items()},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+", help="Paths to request in turn (with ?query).")
    ap.add_argument("--url", default="http://127.0.0.1:8000", help="Server base URL.")
    ap.add_argument("--rate", type=float, default=200, help="Requests per second (all paths).")
    ap.add_argument("--duration", type=float, default=60, help="Seconds of load.")
    ap.add_argument("--timeout", type=float, default=5.0, help="Per-request timeout, seconds.")
    ap.add_argument("--max-in-flight", type=int, default=256, help="Concurrent requests at most.")
    ap.add_argument("--warmup", type=int, default=1,
                    help="Requests per path before measuring (caches, summaries).")
    ap.add_argument("--p99-ms", type=float, help="Exit 1 when p99 latency is above this.")
    ap.add_argument("--json", action="store_true", help="Print the result as JSON.")
    a = ap.parse_args(argv)
    if not 0 < a.rate <= MAX_RATE or not 0 < a.duration <= MAX_DURATION_S:
        ap.error(f"--rate must be in (0, {MAX_RATE}] and --duration in (0, {MAX_DURATION_S}]")
    paths = resolve(a.url, a.paths)
    with httpx.Client(base_url=a.url, timeout=120) as c:
        for p in paths:
            for _ in range(a.warmup):
                c.get(p)
    res = asyncio.run(run(a.url, paths, a.rate, a.duration, a.timeout, a.max_in_flight))
    if a.json:
        print(json.dumps(res, ensure_ascii=False, indent=2))
    else:
        lat = res["latency_ms"]
        print(f"{res['ok']}/{res['requests']} ok in {res['elapsed_s']} s: {res['achieved_rate']} req/s "
              f"(target {a.rate:g}); latency p50 {lat['p50']} ms, p90 {lat['p90']} ms, "
              f"p99 {lat['p99']} ms, max {lat['max']} ms; errors {res['errors'] or 'none'}; "
              f"late starts {res['late_starts']}")
        for p, v in res["per_path_ms"].items():
            print(f"  {v['n']:6}  p50 {v['p50']:7} ms  p99 {v['p99']:7} ms  {p}")
    failed = bool(res["errors"]) or (a.p99_ms is not None and (lat := res["latency_ms"]["p99"]) is not None
                                      and lat > a.p99_ms)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
