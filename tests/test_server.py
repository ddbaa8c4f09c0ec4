"""`khabar serve`: the HTTP API and the dashboard, on a real uvicorn server.

The store is built once per session by ingesting the seed articles with the
real CLI (~1–2 minutes).  Two servers run on it: a read-only one (no token)
on the seeds store, and a writable one (with a token) on a copy, so that the
tests that ingest and edit do not change what the read tests see.

``KHABAR_TEST_SEEDS_DB=path`` reuses a store already built from the seeds
(a copy is taken; quick local runs only).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from util import ROOT, SEEDS, khabar

pytestmark = [pytest.mark.network, pytest.mark.slow]

TOKEN = "test-token-1234"
ERROR_KEYS = {"ok", "error", "status"}
LIST_KEYS = {"items", "total", "limit", "offset"}
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"

# Session-wide state shared with test_browser.py (which imports these fixtures):
# the seeds store and the servers are made once, whichever module asks first.
_SESSION: dict = {}


# ------------------------------------------------------------------ servers

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A `khabar serve` subprocess on 127.0.0.1."""

    def __init__(self, db: Path, token: str | None = None, log: Path | None = None):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ)
        env.pop("KHABAR_TOKEN", None)
        env.pop("KHABAR_ALLOW_PRIVATE_URLS", None)
        args = [sys.executable, "-m", "khabar", "serve", "--db", str(db), "--port", str(self.port)]
        if token:
            args += ["--token", token]
        self.log = log or db.with_suffix(".server.log")
        self._log_file = open(self.log, "w")
        self.proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=self._log_file,
                                     stderr=subprocess.STDOUT)
        self._wait()

    def _wait(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"khabar serve exited {self.proc.returncode}:\n"
                                     + self.log.read_text()[-3000:])
            try:
                if httpx.get(self.url + "/openapi.json", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        self.stop()
        raise AssertionError("khabar serve did not start:\n" + self.log.read_text()[-3000:])

    def get(self, path: str, **kw) -> httpx.Response:
        return httpx.get(self.url + path, timeout=120, **kw)

    def post(self, path: str, token: str | None = None, **kw) -> httpx.Response:
        headers = kw.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return httpx.post(self.url + path, headers=headers, timeout=300, **kw)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log_file.close()


def _copy_store(src: Path, dst: Path) -> Path:
    with sqlite3.connect(src) as c:  # fold the WAL into the file before copying
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(src, dst)
    return dst


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory) -> Path:
    """A store built by `khabar ingest` from the seed articles (once per session)."""
    if "db" not in _SESSION:
        assert SEEDS.exists(), f"seed articles missing: {SEEDS}"
        d = tmp_path_factory.mktemp("server")
        reuse = os.environ.get("KHABAR_TEST_SEEDS_DB")
        if reuse:
            _SESSION["db"] = _copy_store(Path(reuse), d / "seeds.db")
        else:
            db = d / "seeds.db"
            khabar("ingest", str(SEEDS), "--db", str(db))
            _SESSION["db"] = db
    return _SESSION["db"]


@pytest.fixture(scope="session")
def ro_server(seeds_db):
    """Read-only server (no token) on the seeds store."""
    if "ro" not in _SESSION:
        _SESSION["ro"] = Server(seeds_db)
        yield _SESSION["ro"]
        _SESSION.pop("ro").stop()
    else:
        yield _SESSION["ro"]


@pytest.fixture(scope="session")
def rw_server(seeds_db):
    """Writable server (token) on a copy of the seeds store."""
    server = Server(_copy_store(seeds_db, seeds_db.with_name("rw.db")), token=TOKEN)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def story_id(ro_server) -> str:
    """The story of the Wang Yi–Lavrov phone call (seed 001)."""
    return wang_lavrov_story(ro_server)


def wang_lavrov_story(server) -> str:
    hits = server.get("/api/search", params={"q": "لافروف اتصالا هاتفيا"}).json()["items"]
    assert hits, "the Wang Yi–Lavrov article is not found by search"
    assert hits[0]["story"], hits[0]
    return hits[0]["story"]


def assert_error(resp: httpx.Response, status: int) -> dict:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == ERROR_KEYS, body
    assert body["ok"] is False and body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    assert resp.headers["content-type"].startswith("application/json")
    return body


# ------------------------------------------------------------------ shapes

def test_openapi_lists_the_endpoints(ro_server):
    spec = ro_server.get("/openapi.json").json()
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/stories",
                 "/api/stories/{story_id}", "/api/entities", "/api/entities/{actor_id}",
                 "/api/events", "/api/quotes", "/api/search", "/api/ingest",
                 "/api/stories/{story_id}/merge", "/api/stories/{story_id}/split",
                 "/api/stories/{story_id}/rename"):
        assert path in spec["paths"], path
    # The dashboard pages are not API endpoints; no CDN-loaded docs page.
    assert "/stories/{story_id}" not in spec["paths"]
    assert ro_server.get("/docs").status_code == 404


@pytest.mark.parametrize("path", ["/api/articles", "/api/stories", "/api/entities", "/api/events",
                                  "/api/quotes", "/api/search?q=%D8%A7%D9%84%D8%B5%D9%8A%D9%86"])
def test_list_shape(ro_server, path):
    body = ro_server.get(path).json()
    assert LIST_KEYS <= set(body), body
    assert isinstance(body["items"], list) and isinstance(body["total"], int)
    assert body["offset"] == 0 and body["limit"] > 0


def test_articles_filters_and_pagination(ro_server):
    all_ = ro_server.get("/api/articles").json()
    assert all_["total"] == 5 and len(all_["items"]) == 5
    assert "text" not in all_["items"][0]
    fa = ro_server.get("/api/articles", params={"language": "fa"}).json()
    assert fa["total"] == 1 and fa["items"][0]["language"] == "fa"
    ar = ro_server.get("/api/articles", params={"language": "ar"}).json()
    assert ar["total"] == 4 and {a["language"] for a in ar["items"]} == {"ar"}
    dated = ro_server.get("/api/articles", params={"since": "2022-01-01", "until": "2022-01-31"}).json()
    assert dated["total"] >= 1
    assert all("2022-01-01" <= a["published"][:10] <= "2022-01-31" for a in dated["items"])
    assert ro_server.get("/api/articles", params={"outlet": "no-such-outlet"}).json()["total"] == 0
    p1 = ro_server.get("/api/articles", params={"limit": 2}).json()
    p2 = ro_server.get("/api/articles", params={"limit": 2, "offset": 2}).json()
    p3 = ro_server.get("/api/articles", params={"limit": 2, "offset": 4}).json()
    ids = [a["id"] for p in (p1, p2, p3) for a in p["items"]]
    assert ids == [a["id"] for a in all_["items"]]
    assert (p1["limit"], p2["offset"], len(p3["items"]), p3["total"]) == (2, 2, 1, 5)
    beyond = ro_server.get("/api/articles", params={"offset": 50}).json()
    assert beyond["items"] == [] and beyond["total"] == 5


def test_article_detail(ro_server, story_id):
    art_id = ro_server.get(f"/api/stories/{story_id}").json()["story"]["members"][0]["id"]
    a = ro_server.get(f"/api/articles/{art_id}").json()
    assert a["article"]["id"] == art_id
    sents = [s for p in a["paragraphs"] for s in p]
    assert [s["index"] for s in sents] == list(range(len(sents)))
    assert all(s["dir"] == "rtl" for s in sents)
    assert a["story"] == story_id
    marked = ro_server.get(f"/api/articles/{art_id}", params={"s": 1}).json()
    assert [s["index"] for p in marked["paragraphs"] for s in p if s["highlight"]] == [1]


def test_stories_sort_and_filters(ro_server, story_id):
    newest = ro_server.get("/api/stories").json()
    biggest = ro_server.get("/api/stories", params={"sort": "biggest"}).json()
    assert newest["total"] == biggest["total"] >= 2
    sizes = [s["independent_sources"] for s in biggest["items"]]
    assert sizes == sorted(sizes, reverse=True)
    seen = [s["last_seen"] for s in newest["items"]]
    assert seen == sorted(seen, reverse=True)
    assert {"id", "title", "article_count", "independent_sources", "languages", "outlets",
            "first_seen", "last_seen"} <= set(newest["items"][0])
    fa = ro_server.get("/api/stories", params={"language": "fa"}).json()
    assert fa["total"] >= 1 and all("fa" in s["languages"] for s in fa["items"])
    by_actor = ro_server.get("/api/stories", params={"actor": "per:sergey-lavrov"}).json()
    assert story_id in [s["id"] for s in by_actor["items"]]
    assert ro_server.get("/api/stories", params={"until": "1990-01-01"}).json()["total"] == 0
    one = ro_server.get("/api/stories", params={"limit": 1, "offset": 1}).json()
    assert len(one["items"]) == 1 and one["items"][0]["id"] == newest["items"][1]["id"]


def test_story_detail_and_its_json_twin(ro_server, story_id):
    st = ro_server.get(f"/api/stories/{story_id}").json()
    assert st["story"]["id"] == story_id and st["story"]["article_count"] >= 2
    cited = st["summary"]["sentences"]
    assert cited and all({"article", "sentence", "start", "end", "text"} <= set(c) for c in cited)
    types = {e["type"] for e in st["events"]}
    assert "CONSULT" in types
    call = [e for e in st["events"] if e["type"] == "CONSULT" and "phone" in (e["mode"] or "")
            and {e["source"], e["target"]} == {"per:wang-yi", "per:sergey-lavrov"}]
    assert call, "the Wang Yi–Lavrov call is not on the timeline"
    assert {"date", "n_sources", "disagreements", "sources"} <= set(call[0])
    assert "per:wang-yi" in {a["id"] for a in st["actors"]}
    comp = st["comparison"]
    assert len(comp["columns"]) == st["story"]["independent_sources"]
    assert all(len(r["cells"]) == len(comp["columns"]) for r in comp["rows"])
    # The page's JSON twin is the same view.
    assert ro_server.get(f"/stories/{story_id}.json").json() == st


def test_entities(ro_server):
    per = ro_server.get("/api/entities", params={"type": "per"}).json()
    assert per["total"] > 0 and {a["type"] for a in per["items"]} == {"PER"}
    found = ro_server.get("/api/entities", params={"q": "لافروف"}).json()
    assert [a["id"] for a in found["items"]] == ["per:sergey-lavrov"]
    a = ro_server.get("/api/entities/per:wang-yi").json()
    assert a["actor"]["name"] == "Wang Yi"
    assert "arabic" in {s.lower() for s in a["spellings_by_script"]}
    assert a["actor"]["timeline"] and a["actor"]["co_actors"]
    assert ro_server.get("/entities/per:wang-yi.json").json() == a


def test_events_filters(ro_server, story_id):
    all_ = ro_server.get("/api/events", params={"limit": 1000}).json()
    assert all_["total"] > 0
    consult = ro_server.get("/api/events", params={"type": "CONSULT", "limit": 1000}).json()
    assert 0 < consult["total"] < all_["total"]
    assert {e["type"] for e in consult["items"]} == {"CONSULT"}
    lavrov = ro_server.get("/api/events", params={"actor": "per:sergey-lavrov"}).json()
    assert lavrov["total"] and all("per:sergey-lavrov" in (e["source"], e["target"])
                                   for e in lavrov["items"])
    in_story = ro_server.get("/api/events", params={"story": story_id, "limit": 1000}).json()
    assert in_story["total"] and {e["story"] for e in in_story["items"]} == {story_id}
    jan = ro_server.get("/api/events", params={"since": "2022-01-10", "until": "2022-01-11",
                                               "limit": 1000}).json()
    assert all("2022-01-10" <= e["date"][:10] <= "2022-01-11" for e in jan["items"])
    fa = ro_server.get("/api/events", params={"language": "fa", "limit": 1000}).json()
    assert all("fa" in e["languages"] for e in fa["items"])
    page2 = ro_server.get("/api/events", params={"limit": 3, "offset": 3}).json()
    assert [e["id"] for e in page2["items"]] == [e["id"] for e in all_["items"][3:6]]


def test_quotes_shape_and_filters(ro_server, story_id):
    qs = ro_server.get("/api/quotes", params={"story": story_id, "limit": 1000}).json()
    for q in qs["items"]:
        assert {"speaker", "speaker_name", "cue", "text", "article", "sentence", "start", "end",
                "date", "outlet", "language"} <= set(q)
    if qs["items"]:
        speaker = next((q["speaker"] for q in qs["items"] if q["speaker"]), None)
        if speaker:
            by = ro_server.get("/api/quotes", params={"speaker": speaker}).json()
            assert {q["speaker"] for q in by["items"]} == {speaker}


def test_search(ro_server):
    r = ro_server.get("/api/search", params={"q": "لافروف"}).json()
    assert r["items"] and r["items"][0]["match"]["text"]
    assert "لافروف" in r["items"][0]["match"]["text"]
    assert {"sentence", "start", "end"} <= set(r["items"][0]["match"])
    assert ro_server.get("/api/search", params={"q": "لافروف", "language": "fa"}).json()["items"] == []
    first = ro_server.get("/api/search", params={"q": "الصين", "limit": 1}).json()
    second = ro_server.get("/api/search", params={"q": "الصين", "limit": 1, "offset": 1}).json()
    assert first["items"][0]["id"] != second["items"][0]["id"]
    assert ro_server.get("/search.json", params={"q": "لافروف"}).json()["results"]["items"][0]["id"] \
        == r["items"][0]["id"]


# ------------------------------------------------------------------ errors

@pytest.mark.parametrize("path", ["/api/articles/ffffffffffffffff", "/api/stories/snope",
                                  "/api/entities/per:nobody-at-all", "/api/nothing-here",
                                  "/stories/snope.json", "/articles/ffffffffffffffff.json"])
def test_404_error_shape(ro_server, path):
    assert_error(ro_server.get(path), 404)


@pytest.mark.parametrize("path", ["/api/articles?limit=-1", "/api/articles?limit=abc",
                                  "/api/articles?since=yesterday", "/api/stories?sort=loudest",
                                  "/api/search", "/api/entities?type=PLANET",
                                  "/api/events?offset=-5", "/api/quotes?until=2022-13"])
def test_422_error_shape(ro_server, path):
    body = assert_error(ro_server.get(path), 422)
    assert body["error"].startswith("invalid request")


def test_405_error_shape(ro_server):
    assert_error(httpx.delete(ro_server.url + "/api/stories"), 405)


def test_html_pages_answer_errors_as_html(ro_server):
    r = ro_server.get("/stories/snope")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "no story" in r.text and "content-security-policy" in r.headers


def test_500_error_shape(seeds_db, tmp_path):
    broken = _copy_store(seeds_db, tmp_path / "broken.db")
    with sqlite3.connect(broken) as c:
        c.execute("DROP TABLE events")
    server = Server(broken)
    try:
        body = assert_error(server.get("/api/events"), 500)
        assert "events" not in body["error"]  # no internals in the answer
        r = server.get(f"/api/stories/{wang_lavrov_story(server)}")
        assert_error(r, 500)
        assert "content-security-policy" in r.headers
    finally:
        server.stop()
    assert "Traceback" in server.log.read_text()  # …they are in the server log


def test_read_only_server_refuses_writes_403(ro_server, story_id):
    for path, body in (("/api/ingest", {"text": "x" * 200}),
                       (f"/api/stories/{story_id}/rename", {"title": "x"}),
                       (f"/api/stories/{story_id}/merge", {"sources": [story_id]}),
                       (f"/api/stories/{story_id}/split", {"articles": ["x"]})):
        assert_error(ro_server.post(path, json=body), 403)
        assert_error(ro_server.post(path, json=body, token=TOKEN), 403)


def test_writes_need_the_token_401(rw_server):
    sid = wang_lavrov_story(rw_server)
    for path, body in (("/api/ingest", {"text": "x" * 200}),
                       (f"/api/stories/{sid}/rename", {"title": "x"})):
        r = rw_server.post(path, json=body)
        assert_error(r, 401)
        assert r.headers.get("www-authenticate") == "Bearer"
        assert_error(rw_server.post(path, json=body, token="wrong-token"), 401)
        assert_error(rw_server.post(path, json=body, headers={"Authorization": TOKEN}), 401)
    assert_error(rw_server.post(f"/api/stories/{sid}/rename", json={}, token=TOKEN), 422)
    assert_error(rw_server.post("/api/stories/snope/rename", json={"title": "t"}, token=TOKEN), 404)


# ------------------------------------------------------------------ writes

ARTICLE = ("Tehran, 3 March 2022 — The foreign ministers of Iran and Oman met in Muscat on "
           "Thursday to discuss shipping in the Strait of Hormuz, officials said. The ministers "
           "agreed to hold further talks next month.")


def test_ingest_json_text_then_duplicate(rw_server):
    doc = {"title": "Iran and Oman ministers meet in Muscat", "text": ARTICLE,
           "outlet": "example.org", "published": "2022-03-03"}
    out = rw_server.post("/api/ingest", json=doc, token=TOKEN).json()
    assert out["ok"] and out["ingested"] == 1, out
    art = out["articles"][0]
    assert art["new"] and art["story"]
    got = rw_server.get(f"/api/articles/{art['id']}").json()
    assert got["article"]["outlet"] == "example.org" and got["story"] == art["story"]
    again = rw_server.post("/api/ingest", json=doc, token=TOKEN).json()
    assert again["duplicates"] == 1 and again["articles"] == [dict(art, new=False)]


def test_ingest_file_upload(rw_server):
    text = "Ministers of Qatar and Kuwait met in Doha on Sunday.\n\n" + ARTICLE.replace("Iran", "Qatar")
    out = rw_server.post("/api/ingest", token=TOKEN,
                         files={"file": ("note.txt", text.encode("utf-8"), "text/plain")}).json()
    assert out["ingested"] == 1 and out["articles"][0]["story"], out
    got = rw_server.get(f"/api/articles/{out['articles'][0]['id']}").json()
    assert [s["source"] for s in got["sightings"]] == ["upload:note.txt"]  # not a temp path
    assert_error(rw_server.post("/api/ingest", token=TOKEN, data={"x": "1"},
                                files={"other": ("a.txt", b"x")}), 422)
    assert_error(rw_server.post("/api/ingest", token=TOKEN, json={"title": "no text"}), 422)
    assert_error(rw_server.post("/api/ingest", token=TOKEN, content=b"x",
                                headers={"content-type": "text/plain"}), 415)
    chunked = rw_server.post("/api/ingest", token=TOKEN, content=iter([b'{"text": "x"}']),
                             headers={"content-type": "application/json"})
    assert_error(chunked, 411)  # no declared length: refused before reading


@pytest.mark.parametrize("host", ["127.0.0.1", "10.0.0.1", "169.254.169.254", "[::1]", "localhost"])
def test_ingest_url_refuses_private_addresses(rw_server, local_http_server, host):
    url = local_http_server.add("/news.html", "<html><title>t</title><body><p>"
                                + ARTICLE + "</p></body></html>",
                                headers={"Content-Type": "text/html"})
    url = url.replace("127.0.0.1", host)
    started = time.monotonic()
    body = assert_error(rw_server.post("/api/ingest", token=TOKEN, json={"url": url}), 400)
    assert "private-address" in body["error"]
    assert local_http_server.requests == []  # never connected
    assert time.monotonic() - started < 10


def test_ingest_url_scheme_checked(rw_server):
    assert_error(rw_server.post("/api/ingest", token=TOKEN, json={"url": "file:///etc/passwd"}), 422)


def test_story_edits(rw_server):
    sid = wang_lavrov_story(rw_server)
    out = rw_server.post(f"/api/stories/{sid}/rename", token=TOKEN,
                         json={"title": "Wang Yi and Lavrov: phone call"}).json()
    assert out == {"ok": True, "story": sid, "title": "Wang Yi and Lavrov: phone call"}
    assert rw_server.get(f"/api/stories/{sid}").json()["story"]["title"] == out["title"]
    assert "Wang Yi and Lavrov: phone call" in rw_server.get(f"/stories/{sid}").text
    members = [m["id"] for m in rw_server.get(f"/api/stories/{sid}").json()["story"]["members"]]
    split = rw_server.post(f"/api/stories/{sid}/split", token=TOKEN,
                           json={"articles": [members[-1]]}).json()
    new = split["new_story"]
    assert rw_server.get(f"/api/stories/{new}").json()["story"]["article_count"] == 1
    merged = rw_server.post(f"/api/stories/{sid}/merge", token=TOKEN, json={"sources": [new]}).json()
    assert merged["story"] == sid
    assert rw_server.get(f"/api/stories/{sid}").json()["story"]["article_count"] == len(members)
    assert_error(rw_server.post(f"/api/stories/{sid}/merge", token=TOKEN,
                                json={"sources": ["snope"]}), 404)


# ------------------------------------------------------------------ security

def test_xss_payload_never_survives_unescaped(rw_server):
    # A plain-text file keeps its text exactly as written (JSON and HTML inputs
    # are reduced to text by the readers), so the payload reaches the store.
    text = (f"Breaking {XSS_SCRIPT} news {XSS_IMG} from the capital\n\n"
            f"Officials said {XSS_SCRIPT} that the talks {XSS_IMG} went well on Monday. "
            f"The delegation <b onmouseover=alert(1)>returned</b> home after two days of meetings "
            f"about trade, energy and security in the region.\n")
    out = rw_server.post("/api/ingest", token=TOKEN,
                         files={"file": ("xss.txt", text.encode("utf-8"), "text/plain")}).json()
    art = out["articles"][0]
    assert art["new"] and art["story"], out
    stored = rw_server.get(f"/api/articles/{art['id']}").json()
    assert XSS_SCRIPT in stored["article"]["title"]  # kept as data, verbatim
    pages = {"/": rw_server.get("/", params={"limit": 1000}),
             "story": rw_server.get(f"/stories/{art['story']}"),
             "article": rw_server.get(f"/articles/{art['id']}", params={"s": 0}),
             "search": rw_server.get("/search", params={"q": "delegation returned"})}
    for name, r in pages.items():
        assert r.status_code == 200, name
        html = r.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, f"payload not shown on {name}"
        assert XSS_SCRIPT not in html and "<img src=x" not in html, name
        assert "<b onmouseover" not in html, name
        assert 'href="javascript:' not in html.lower(), name
        _assert_no_inline_code(html, name)


def _assert_no_inline_code(html: str, where: str) -> None:
    """No inline script, no event-handler attributes, no inline style in our markup."""
    for tag in re.findall(r"<script\b[^>]*>", html, re.I):
        assert 'src="/static/' in tag, f"{where}: inline script {tag}"
    assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", html, re.I), f"{where}: event handler attribute"
    assert not re.search(r"<[a-z][^>]*\sstyle\s*=", html, re.I), f"{where}: inline style"


@pytest.mark.parametrize("path", ["/", "/stories/{sid}", "/entities/per:wang-yi", "/entities",
                                  "/search?q=%D9%84%D8%A7%D9%81%D8%B1%D9%88%D9%81",
                                  "/api/stories", "/static/khabar.css", "/api/stories/snope"])
def test_security_headers(ro_server, story_id, path):
    r = ro_server.get(path.replace("{sid}", story_id))
    csp = r.headers.get("content-security-policy", "")
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert r.headers.get("x-content-type-options") == "nosniff"
    if r.headers["content-type"].startswith("text/html"):
        _assert_no_inline_code(r.text, path)


def test_pages_mark_direction_and_language(ro_server, story_id):
    html = ro_server.get(f"/stories/{story_id}").text
    assert '<html lang="en" dir="ltr">' in html
    assert re.search(r'lang="ar" dir="rtl"', html)
    art = ro_server.get(f"/api/stories/{story_id}").json()["summary"]["sentences"][0]
    page = ro_server.get(f"/articles/{art['article']}", params={"s": art["sentence"]}).text
    assert re.search(r'<div class="text" lang="ar" dir="rtl">', page)
    assert f'class="sent hl" id="s{art["sentence"]}"' in page
    fa = ro_server.get("/api/stories", params={"language": "fa"}).json()["items"][0]
    assert 'lang="fa" dir="rtl"' in ro_server.get(f"/stories/{fa['id']}").text


def test_every_page_has_a_json_twin(ro_server, story_id):
    for page in ("/", f"/stories/{story_id}", "/entities/per:wang-yi", "/entities",
                 "/search?q=%D9%84%D8%A7%D9%81%D8%B1%D9%88%D9%81"):
        html = ro_server.get(page)
        twin = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)"', html.text)
        assert twin, page
        r = ro_server.get(twin.group(1).replace("&amp;", "&"))
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/json"), page


@pytest.mark.postgres
def test_server_on_postgres_sees_another_process_write(seeds_db, pg_url, tmp_path):
    # The seeds store moved to PostgreSQL, served; then another process ingests.
    khabar("copy", str(seeds_db), pg_url)
    server = Server(pg_url, log=tmp_path / "pg-server.log")
    try:
        before = server.get("/api/articles?limit=1").json()["total"]
        assert before > 0
        stories = server.get("/api/stories").json()["total"]
        assert stories > 0
        new = tmp_path / "quake.txt"
        new.write_text("Earthquake shakes the coast\n\nAn earthquake of magnitude 5.1 shook the "
                       "coast on Tuesday, the seismic centre said; no damage was reported.\n",
                       encoding="utf-8")
        khabar("ingest", str(new), "--db", pg_url)
        # The server notices the write (its WAL position moved): within a few
        # seconds the lists count the new article and its story.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if server.get("/api/articles?limit=1").json()["total"] == before + 1 \
                    and server.get("/api/stories").json()["total"] == stories + 1:
                break
            time.sleep(0.3)
        else:
            raise AssertionError("the server kept answering the old lists")
    finally:
        server.stop()


def test_pages_show_story_dates_or_undated(ro_server, story_id):
    # The phone call's story has 002's dateline date; seeds 003 and 004 form
    # stories of their own with no date at all.
    home = ro_server.get("/").text
    assert home.count("undated (read ") == 2
    assert "2022-01-11" in home
    page = ro_server.get(f"/stories/{story_id}").text
    assert "2022-01-11" in page and "undated" not in page
