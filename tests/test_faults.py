"""Faults during an ingest: nothing lost, nothing duplicated, nothing half-written.

* ``kill -9`` at random points (17 trials here, 3 more in tests/test_crash.py):
  a 3,000-record SaudiNewsNet ingest killed at three moments; a 300-record
  ingest killed at 14 random points with random batch sizes; a 20-article
  ingest with actors, stories and events killed inside each derived step.
  Each is re-run and compared with an uninterrupted run of the same input.
* A full disk (an 8 MB tmpfs; else an ext4 image on a loop device; skipped,
  saying why, when neither can be mounted): a clean error, ``PRAGMA
  integrity_check`` ok, the articles stored before intact; with room again
  a re-run completes.
* A second writer holding the SQLite lock mid-ingest: the ingest waits and
  completes, or (lock held past the busy timeout) fails with one clear line
  and a re-run completes.
* PostgreSQL restarted (``pg_ctl restart -m immediate``) under a running
  ingest: one clear error line, no half-written batch, a re-run completes.

Real processes, real SIGKILLs, real file systems, a real PostgreSQL server.
The many short kill trials run the CLI (``khabar.cli.main``, the same code
as ``khabar ingest``) in a child forked from the test process after it built
the language identifier once: each trial then costs its ingest, not the
~5 s every new ``khabar`` process spends building that identifier.  The
derived-data, disk, lock and PostgreSQL cases run ``khabar`` as a new process.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

import pytest

from util import ROOT, SAUDI, khabar, saudi_sample

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not SAUDI.exists(), reason="SaudiNewsNet is missing")]

FAST = ("--no-entities", "--no-stories")


# ---------------------------------------------------------------- helpers

def spawn(*args: str) -> subprocess.Popen:
    """``khabar ARGS`` as a new process, stdout/stderr captured."""
    return subprocess.Popen([sys.executable, "-m", "khabar", *args], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.fixture(scope="module")
def warm():
    """Build the language identifier once in this process: forked runs inherit it."""
    from khabar.config import load_settings
    from khabar.pipeline import build_pipeline

    build_pipeline(load_settings())


def fork_khabar(*args: str, output: Path | None = None, setup=None) -> int:
    """``khabar ARGS`` in a child forked from this process (stdout and stderr
    to ``output``, else nowhere; ``setup()`` first); returns its pid.  The
    child never returns into pytest (it leaves with ``os._exit``)."""
    pid = os.fork()
    if pid == 0:
        code = 70
        try:
            out = os.open(output or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(out, 1)
            os.dup2(out, 2)
            sys.stdout = open(1, "w", closefd=False)
            sys.stderr = open(2, "w", closefd=False)
            if setup is not None:
                setup()
            from khabar.cli import main

            main(list(args), prog_name="khabar")
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:
            import traceback

            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    return pid


def alive(pid: int) -> bool:
    done, _ = os.waitpid(pid, os.WNOHANG)
    return done == 0


def finish(pid: int) -> int:
    """Wait for a forked run; its exit code."""
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def forked_run(*args: str) -> None:
    assert finish(fork_khabar(*args)) == 0, f"khabar {' '.join(args)} failed"


def wait_until_pid(pred, pid: int, timeout: float = 180, step: float = 0.005) -> bool:
    """Poll ``pred`` until true; False if the forked run ended first (it is then reaped)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if pred():
            return True
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            return False
        time.sleep(step)
    raise AssertionError("timed out waiting for the ingest")


def kill9_pid(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    status = os.waitpid(pid, 0)[1]
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def q(db: Path, sql: str, default=0):
    """One value from the store, or ``default`` while it cannot be read yet."""
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)) as c:
            return c.execute(sql).fetchone()[0]
    except sqlite3.Error:
        return default


def wait_until(pred, proc: subprocess.Popen, timeout: float = 180, step: float = 0.01) -> bool:
    """Poll ``pred`` until true; False if the process ended first."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if pred():
            return True
        if proc.poll() is not None:
            return False
        time.sleep(step)
    raise AssertionError("timed out waiting for the ingest")


def kill9(proc: subprocess.Popen) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()


def ids(db: Path) -> list[str]:
    with closing(sqlite3.connect(db)) as c:
        return [r[0] for r in c.execute("SELECT id FROM articles ORDER BY id")]


def sightings(db: Path) -> set[tuple[str, str]]:
    with closing(sqlite3.connect(db)) as c:
        return set(c.execute("SELECT article_id, source FROM sightings"))


def rejected_sources(db: Path) -> set[str]:
    with closing(sqlite3.connect(db)) as c:
        return {r[0] for r in c.execute("SELECT source FROM rejections")}


def assert_whole(db: Path) -> None:
    """No half-written article: each has its sentences and one search row,
    nothing dangles, SQLite's own check passes."""
    from khabar.store import open_store

    with open_store(str(db), readonly=True) as store:
        assert store.check() == []
        assert store.search_index_gaps() == {"missing": 0, "extra": 0}
    with closing(sqlite3.connect(db)) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert c.execute("SELECT count(*) FROM articles a WHERE NOT EXISTS "
                         "(SELECT 1 FROM sentences s WHERE s.article_id = a.id)").fetchone()[0] == 0
        assert c.execute("SELECT count(*) - count(DISTINCT id) FROM articles").fetchone()[0] == 0


def assert_same_as(db: Path, ref: dict) -> None:
    """Every article exactly once, every sighting and rejection kept."""
    assert ids(db) == ref["ids"]
    assert sightings(db) == ref["sightings"]
    assert rejected_sources(db) == ref["rejected"]
    assert_whole(db)


def reference(data: Path, db: Path, *args: str, forked: bool = False) -> dict:
    started = time.time()
    if forked:
        forked_run("ingest", str(data), "--db", str(db), *args)
    else:
        khabar("ingest", str(data), "--db", str(db), *args)
    return {"ids": ids(db), "sightings": sightings(db), "rejected": rejected_sources(db),
            "seconds": time.time() - started, "db": db}


@pytest.fixture(scope="module")
def saudi300(tmp_path_factory, warm):
    d = tmp_path_factory.mktemp("s300")
    data = saudi_sample(d / "saudi300.jsonl", 300)
    return data, reference(data, d / "ref.db", *FAST, forked=True)


# ---------------------------------------------------------------- kill -9

@pytest.fixture(scope="module")
def saudi3000(tmp_path_factory, warm):
    d = tmp_path_factory.mktemp("s3000")
    data = saudi_sample(d / "saudi3000.jsonl", 3000)
    ref = reference(data, d / "ref.db", *FAST, forked=True)
    assert len(ref["ids"]) > 2800
    return data, ref


@pytest.mark.parametrize("kill_at", [300, 1400, 2500])
def test_kill_3000_record_ingest_then_rerun(saudi3000, tmp_path, kill_at):
    """3,000 SaudiNewsNet records (2,833 articles, 83 exact duplicates, 84
    rejections), killed once ~300, ~1,400 and ~2,500 articles in."""
    data, ref = saudi3000
    db = tmp_path / "k.db"
    pid = fork_khabar("ingest", str(data), "--db", str(db), "--batch-size", "50", *FAST)
    assert wait_until_pid(lambda: q(db, "SELECT count(*) FROM articles") >= kill_at, pid), \
        "ingest finished before it could be killed"
    kill9_pid(pid)
    before = q(db, "SELECT count(*) FROM articles")
    assert kill_at <= before < len(ref["ids"])
    assert_whole(db)  # what was committed is whole, before any re-run
    forked_run("ingest", str(data), "--db", str(db), *FAST)
    assert_same_as(db, ref)


@pytest.mark.parametrize("trial", range(14))
def test_kill_at_a_random_point_then_rerun(saudi300, tmp_path, trial):
    """A random number of committed articles (0 … before the last batch) and
    a random batch size; the kill lands 0-30 ms after that count is seen."""
    data, ref = saudi300
    rnd = random.Random(1000 + trial)
    batch = rnd.choice([1, 3, 10, 25, 60])
    target = rnd.randrange(0, len(ref["ids"]) - batch)
    db = tmp_path / "k.db"
    pid = fork_khabar("ingest", str(data), "--db", str(db), "--batch-size", str(batch), *FAST)
    if target == 0:
        time.sleep(rnd.uniform(0.0, 0.3))  # while opening the store or in the first batch
    else:
        assert wait_until_pid(lambda: q(db, "SELECT count(*) FROM articles") >= target, pid)
    time.sleep(rnd.uniform(0, 0.03))
    assert alive(pid), "the ingest ended before the kill"
    kill9_pid(pid)
    assert q(db, "SELECT count(*) FROM articles") < len(ref["ids"])
    if db.exists():
        assert_whole(db)
    forked_run("ingest", str(data), "--db", str(db), *FAST)
    assert_same_as(db, ref)


# Derived data: kill inside the actors, stories and events steps.
DERIVED_N = 20
DERIVED_TABLES = {
    "stories": "SELECT s.id, s.title, m.article_id, m.method FROM story_articles m "
               "JOIN stories s ON s.id = m.story_id",
    "actors": "SELECT id, name, type FROM actors",
    "mentions": "SELECT article_id, actor_id, field, sentence, start, end, surface, type, method "
                "FROM mentions",
    "events": "SELECT id, story_id, type, source, target, date, n_sources FROM events",
    "event_mentions": "SELECT article_id, type, sentence, start, end, event_id FROM event_mentions",
    "quotes": "SELECT article_id, speaker, start, end, kind FROM quotes",
}


def derived(db: Path) -> dict[str, list]:
    with closing(sqlite3.connect(db)) as c:
        return {k: sorted(map(tuple, c.execute(sql)), key=repr) for k, sql in DERIVED_TABLES.items()}


@pytest.fixture(scope="module")
def saudi_derived(tmp_path_factory):
    d = tmp_path_factory.mktemp("derived")
    data = saudi_sample(d / "saudi20.jsonl", DERIVED_N)
    ref = reference(data, d / "ref.db", "--batch-size", "5")
    ref["derived"] = derived(d / "ref.db")
    assert len(ref["ids"]) == DERIVED_N
    return data, ref


N = DERIVED_N
PHASES = {
    # kill once the condition holds, after a random delay up to the given seconds
    "actors": (f"SELECT count(*) = {N} FROM articles", "SELECT count(*) FROM entity_runs", 1.5),
    "stories": (f"SELECT count(*) = {N} FROM entity_runs", "SELECT count(*) FROM story_articles", 1.5),
    "events": (f"SELECT count(*) = {N} FROM story_articles", "SELECT count(*) FROM fact_runs", 0.0),
}


@pytest.mark.parametrize("phase", list(PHASES))
def test_kill_inside_a_derived_step_then_rerun(saudi_derived, tmp_path, phase):
    """After kill + re-run: every article in exactly one story, with entities
    and facts at the current versions, nothing dangling, and the stories,
    actors, mentions, events and quotes identical to an uninterrupted run."""
    from khabar.actors import EXTRACTOR_VERSION
    from khabar.events import VERSION

    data, ref = saudi_derived
    ready, done_sql, max_delay = PHASES[phase]
    db = tmp_path / "k.db"
    proc = spawn("ingest", str(data), "--db", str(db), "--batch-size", "5")
    assert wait_until(lambda: q(db, ready) == 1, proc, step=0.005), "finished before the kill"
    time.sleep(random.Random(phase).uniform(0, max_delay))
    assert proc.poll() is None, f"the ingest ended before the kill in the {phase} step"
    kill9(proc)
    assert q(db, done_sql) < N or phase == "events"  # events: killed in extraction or fusion
    khabar("ingest", str(data), "--db", str(db), "--batch-size", "5")
    assert_same_as(db, ref)
    with closing(sqlite3.connect(db)) as c:
        one = lambda sql: c.execute(sql).fetchone()[0]  # noqa: E731
        assert one("SELECT count(*) FROM story_articles") == N
        assert one("SELECT count(DISTINCT article_id) FROM story_articles") == N
        assert one("SELECT count(*) FROM story_articles m WHERE NOT EXISTS "
                   "(SELECT 1 FROM stories s WHERE s.id = m.story_id)") == 0
        assert one(f"SELECT count(*) FROM entity_runs WHERE version = {EXTRACTOR_VERSION}") == N
        assert one(f"SELECT count(*) FROM fact_runs WHERE version = {VERSION}") == N
    from khabar.store import open_store

    with open_store(str(db), readonly=True) as store:
        assert store.dangling_references() == []
    assert derived(db) == ref["derived"]
    assert khabar("doctor", "--db", str(db)).stdout.strip() == "store ok"


# ---------------------------------------------------------------- full disk

def _mount_tmpfs(where: Path, size_mb: int):
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(where)],
                       capture_output=True, text=True)
    if r.returncode:
        raise OSError(f"tmpfs: {r.stderr.strip() or r.returncode}")

    def grow():
        subprocess.run(["mount", "-o", "remount,size=256m", str(where)], check=True)
    return grow


def _mount_loop(where: Path, size_mb: int):
    img = where.with_suffix(".img")
    with open(img, "wb") as f:
        f.truncate(size_mb << 20)
    for cmd in (["mkfs.ext4", "-q", "-F", str(img)], ["mount", "-o", "loop", str(img), str(where)]):
        try:
            r = subprocess.run(cmd, capture_output=True, text=True)
        except FileNotFoundError as exc:
            raise OSError(f"loop: {exc}") from exc
        if r.returncode:
            raise OSError(f"loop: {' '.join(cmd[:1])}: {r.stderr.strip() or r.returncode}")

    def grow():
        subprocess.run(["umount", str(where)], check=True)
        with open(img, "r+b") as f:
            f.truncate(256 << 20)
        subprocess.run(["resize2fs", "-f", str(img)], capture_output=True, check=True)
        subprocess.run(["mount", "-o", "loop", str(img), str(where)], check=True)
    return grow


@pytest.fixture
def small_fs(tmp_path):
    """(kind, directory, grow) of an 8 MB file system: a tmpfs, else an ext4
    image mounted through a loop device (KHABAR_TEST_SMALL_FS=tmpfs|loop
    forces one); skipped, saying why, when neither can be mounted."""
    where = tmp_path / "small"
    where.mkdir()
    wanted = os.environ.get("KHABAR_TEST_SMALL_FS", "tmpfs,loop").split(",")
    errors = []
    for kind, mount in (("tmpfs", _mount_tmpfs), ("loop", _mount_loop)):
        if kind not in wanted:
            continue
        try:
            grow = mount(where, 8)
        except OSError as exc:
            errors.append(str(exc))
            continue
        try:
            yield kind, where, grow
        finally:
            subprocess.run(["umount", "-l", str(where)], capture_output=True)
        return
    pytest.skip("no size-limited file system could be mounted (needs root or CAP_SYS_ADMIN): "
                + "; ".join(errors))


def test_full_disk_is_a_clean_error_and_nothing_is_corrupted(saudi300, small_fs, tmp_path):
    data, ref = saudi300
    kind, where, grow = small_fs
    early = saudi_sample(tmp_path / "first40.jsonl", 40)
    db, log = where / "k.db", tmp_path / "out.txt"
    forked_run("ingest", str(early), "--db", str(db), *FAST)
    with closing(sqlite3.connect(db)) as c:
        first = dict(c.execute("SELECT id, text FROM articles"))
    pid = fork_khabar("ingest", str(data), "--db", str(db), "--batch-size", "20", *FAST,
                      output=log)
    code, err = finish(pid), log.read_text()
    assert code == 1, (kind, err[-2000:])
    assert err.strip().splitlines()[-1].startswith("Error: ") and "Traceback" not in err, err[-2000:]
    assert "database or disk is full" in err, err[-500:]
    n = q(db, "SELECT count(*) FROM articles")
    assert len(first) <= n < len(ref["ids"])
    assert_whole(db)
    with closing(sqlite3.connect(db)) as c:
        for aid, text in first.items():
            assert c.execute("SELECT text FROM articles WHERE id = ?", (aid,)).fetchone()[0] == text
    # With room again, the same command finishes the rest: every article once.
    grow()
    forked_run("ingest", str(data), "--db", str(db), *FAST)
    assert ids(db) == ref["ids"]  # the first 40 records are the same articles
    assert {s for s in sightings(db) if s[1].startswith(f"{data}#")} == ref["sightings"]
    assert_whole(db)
    print(f"full disk simulated with: {kind}")


# ---------------------------------------------------------------- a second writer

def _hold_lock(db: Path) -> sqlite3.Connection:
    c = sqlite3.connect(db, isolation_level=None, timeout=30)
    c.execute("BEGIN IMMEDIATE")
    return c


def test_second_writer_holding_the_lock_mid_ingest_is_waited_for(saudi300, tmp_path):
    data, ref = saudi300
    db = tmp_path / "k.db"
    pid = fork_khabar("ingest", str(data), "--db", str(db), "--batch-size", "20", *FAST)
    assert wait_until_pid(lambda: q(db, "SELECT count(*) FROM articles") >= 40, pid)
    holder = _hold_lock(db)
    held_at = q(db, "SELECT count(*) FROM articles")
    time.sleep(2.0)  # within the 30 s busy timeout
    assert alive(pid) and q(db, "SELECT count(*) FROM articles") == held_at
    holder.execute("COMMIT")
    holder.close()
    assert finish(pid) == 0
    assert_same_as(db, ref)


def test_second_writer_holding_the_lock_too_long_fails_clearly(saudi300, tmp_path):
    data, ref = saudi300
    db, log = tmp_path / "k.db", tmp_path / "out.txt"

    def short_timeout():
        import khabar.store.sqlite

        khabar.store.sqlite.BUSY_TIMEOUT_S = 1.0

    pid = fork_khabar("ingest", str(data), "--db", str(db), "--batch-size", "20", *FAST,
                      output=log, setup=short_timeout)
    assert wait_until_pid(lambda: q(db, "SELECT count(*) FROM articles") >= 40, pid)
    holder = _hold_lock(db)
    try:
        code = finish(pid)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = log.read_text()
    assert code == 1
    assert err.strip().splitlines()[-1].startswith("Error: database is busy")
    assert "Traceback" not in err
    assert_whole(db)
    forked_run("ingest", str(data), "--db", str(db), *FAST)
    assert_same_as(db, ref)


# ---------------------------------------------------------------- PostgreSQL restart

_PG_SCRIPT = ROOT / "scripts" / "pg_test_cluster.sh"


def _pg_bindir() -> Path | None:
    for d in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (d / "pg_ctl").exists():
            return d
    found = shutil.which("pg_ctl")
    return Path(os.path.realpath(found)).parent if found else None


@pytest.fixture(scope="module")
def own_pg_cluster():
    """A PostgreSQL cluster of this module's own (it gets restarted, so the
    session's shared server is not used): (url, restart)."""
    if os.environ.get("KHABAR_TEST_PG", "1").strip() == "0":
        pytest.skip("PostgreSQL tests skipped: KHABAR_TEST_PG=0")
    pytest.importorskip("psycopg")
    bindir = _pg_bindir()
    if bindir is None:
        pytest.skip("no PostgreSQL server binaries to start (and restart) a cluster with")
    cluster = Path(tempfile.mkdtemp(prefix="kpg-", dir="/tmp"))
    proc = subprocess.run(["bash", str(_PG_SCRIPT), "start", str(cluster)], capture_output=True,
                          text=True, timeout=300)
    if proc.returncode != 0:
        shutil.rmtree(cluster, ignore_errors=True)
        pytest.fail(f"could not start a PostgreSQL cluster: {proc.stderr.strip()}", pytrace=False)
    url = proc.stdout.strip().splitlines()[-1]
    owner = cluster.stat().st_uid
    run_as = ([] if os.getuid() != 0 else
              ["runuser", "-u", __import__("pwd").getpwuid(owner).pw_name, "--"])

    # The test cluster runs without fsync and with asynchronous commit (fast,
    # nothing in it is meant to survive); a server crash would then lose
    # commits it had acknowledged.  This cluster acknowledges a commit only
    # once its WAL is written, as a real server does.
    import psycopg

    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("ALTER SYSTEM SET synchronous_commit = on")
        admin.execute("SELECT pg_reload_conf()")

    def restart(mode: str):
        # Output to the server log: a pipe would be held open by the new postmaster.
        subprocess.run([*run_as, str(bindir / "pg_ctl"), "-D", str(cluster / "data"), "-l",
                        str(cluster / "server.log"), "restart", "-m", mode, "-w", "-t", "60"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, cwd="/")

    try:
        yield url, restart
    finally:
        subprocess.run(["bash", str(_PG_SCRIPT), "stop", str(cluster)], capture_output=True,
                       timeout=120)
        shutil.rmtree(cluster, ignore_errors=True)


@pytest.mark.postgres
@pytest.mark.parametrize("mode", ["fast", "immediate"])
def test_postgres_restart_mid_ingest_then_rerun(saudi300, own_pg_cluster, mode):
    """``fast``: an administrator's restart (sessions ended, clean shutdown);
    ``immediate``: a server crash, recovered from the WAL on start."""
    import psycopg

    from khabar.store import open_store

    data, ref = saudi300
    server, restart = own_pg_cluster
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "restart_{mode}" TEMPLATE template0')
    url = server.rsplit("/", 1)[0] + f"/restart_{mode}"

    def count() -> int:
        try:
            with psycopg.connect(url, connect_timeout=2) as c:
                return c.execute("SELECT count(*) FROM articles").fetchone()[0]
        except psycopg.Error:
            return 0

    log = Path(tempfile.mkdtemp()) / "out.txt"
    pid = fork_khabar("ingest", str(data), "--db", url, "--batch-size", "10", *FAST, output=log)
    assert wait_until_pid(lambda: count() >= 60, pid, step=0.05)
    committed = count()
    restart(mode)
    code, err = finish(pid), log.read_text()
    password = url.split(":")[2].split("@")[0]
    # The connection is gone: one clear line (no password), nothing half-written.
    assert code == 1, err[-1000:]
    assert err.strip().splitlines()[-1].startswith("Error: ") and "Traceback" not in err
    assert password not in err
    with open_store(url, readonly=True) as store:
        n = store.stats()["articles"]
        assert committed <= n < len(ref["ids"])  # nothing committed was lost
        assert store.check() == [] and store.search_index_gaps() == {"missing": 0, "extra": 0}
    forked_run("ingest", str(data), "--db", url, *FAST)
    with open_store(url, readonly=True) as store:
        got = sorted(r["id"] for r in store.list_articles())
        assert got == ref["ids"]
        assert store.check() == []
        seen = {(s.article_id, s.source) for a in got for s in store.sightings(a)}
        assert seen == ref["sightings"]
        assert {r["source"] for r in store.rejections()} == ref["rejected"]
