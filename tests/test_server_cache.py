"""The server's answer cache: one computation per entry, stale answers while
one background thread revalidates after another process's write, fresh
answers after the server's own write."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from khabar.server.app import _LRU


class Background:
    """The refresh hook: runs jobs on one thread and counts them."""

    def __init__(self):
        self.pool = ThreadPoolExecutor(1)
        self.jobs = 0

    def __call__(self, job):
        self.jobs += 1
        self.pool.submit(job)

    def drain(self):
        self.pool.submit(lambda: None).result(timeout=10)


def test_concurrent_misses_compute_once():
    cache = _LRU(8, refresh=Background())
    calls = []
    gate = threading.Event()

    def compute():
        calls.append(1)
        gate.wait(5)
        return ["stories"]

    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(cache.get, "k", (0, 1), compute) for _ in range(8)]
        time.sleep(0.3)
        gate.set()
        results = [f.result(timeout=10) for f in futures]
    assert results == [["stories"]] * 8
    assert len(calls) == 1


def test_an_error_reaches_every_waiter_and_is_not_cached():
    cache = _LRU(8, refresh=Background())
    gate = threading.Event()

    def fail():
        gate.wait(5)
        raise ValueError("store gone")

    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(cache.get, "k", (0, 1), fail) for _ in range(4)]
        time.sleep(0.3)
        gate.set()
        for f in futures:
            with pytest.raises(ValueError):
                f.result(timeout=10)
    assert cache.get("k", (0, 1), lambda: "ok") == "ok"


def test_another_process_write_answers_stale_then_fresh():
    bg = Background()
    cache = _LRU(8, refresh=bg)
    assert cache.get("k", (0, "file-1"), lambda: "v1") == "v1"
    gate = threading.Event()

    def slow_v2():
        gate.wait(5)
        return "v2"

    # The file changed (another process wrote): the old answer at once, one
    # refresh, and no second one while it runs.
    assert cache.get("k", (0, "file-2"), slow_v2) == "v1"
    assert cache.peek("k", (0, "file-2"), slow_v2) == "v1"
    assert cache.get("k", (0, "file-2"), slow_v2) == "v1"
    gate.set()
    bg.drain()
    assert bg.jobs == 1
    assert cache.get("k", (0, "file-2"), lambda: "v3") == "v2"


def test_own_write_is_never_answered_stale():
    bg = Background()
    cache = _LRU(8, refresh=bg)
    assert cache.get("k", (0, "file-1"), lambda: "before") == "before"
    assert cache.get("k", (1, "file-2"), lambda: "after") == "after"
    assert cache.peek("k", (2, "file-3"), lambda: "x") is None
    assert bg.jobs == 0


def test_without_a_refresher_a_change_recomputes():
    cache = _LRU(8)
    assert cache.get("k", (0, 1), lambda: "v1") == "v1"
    assert cache.get("k", (0, 2), lambda: "v2") == "v2"
    assert cache.peek("k", (0, 3), lambda: "v3") is None


def test_entries_are_bounded():
    cache = _LRU(3)
    for i in range(10):
        cache.get(i, (0,), lambda i=i: i)
    assert [cache.peek(i, (0,)) for i in range(10)] == [None] * 7 + [7, 8, 9]


def test_a_page_refreshed_in_the_background_reads_its_data_afresh(tmp_path):
    """A page cached over a whole-table read: after another process's write
    the stale page is answered once, and the refresh that follows must not
    build the new page from the stale read (it would be stored as current
    and served until the next write)."""
    import os

    from khabar.server.app import Service
    from khabar.store import open_store

    db = tmp_path / "k.db"
    open_store(str(db)).close()
    service = Service(str(db))
    try:
        table = {"rows": 1}

        def page():
            return service.cached("rows", lambda: dict(table))["rows"]

        assert service.cached_response("page", page) == 1
        # Another process writes: the table changes and so does the file.
        table["rows"] = 2
        st = os.stat(db)
        os.utime(db, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
        assert service.cached_response("page", page) == 1      # stale once …
        service._refresher.submit(lambda: None).result(timeout=10)
        service._refresher.submit(lambda: None).result(timeout=10)
        assert service.cached_response("page", page) == 2      # … then current
    finally:
        service.close()
