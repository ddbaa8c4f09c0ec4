"""`khabar watch` and alerts, against real feed and webhook servers on 127.0.0.1.

Most tests drive :class:`khabar.watch.Watcher` in-process (fast, with a clock
they can move forward); the CLI runs in subprocesses where the point is the
command itself: restarts, the private-address refusal, alerts on stdout,
SIGTERM, and one run through the whole pipeline (actors and events).
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

import pytest

from khabar.alerts import Webhook, find_alerts, load_watchlist, parse_watchlist
from khabar.config import Settings
from khabar.errors import ConfigError
from khabar.store import open_store
from khabar.watch import (Watcher, WatchOptions, backoff_delay, read_feed_list)

from util import ROOT, khabar, khabar_json, seed

pytestmark = pytest.mark.network

EN = ["The city council approved a new budget for schools and hospitals on Monday after a long debate.",
      "Heavy rain flooded several villages in the north, and rescue teams evacuated hundreds of families.",
      "The central bank kept interest rates unchanged, citing slowing inflation and a stable currency.",
      "A new railway line linking the port to the capital opened to passengers this week."]
AR = ("أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المدينة، وقال الوزير إن "
      "المستشفى سيخدم أكثر من مئة ألف نسمة ويضم أقساماً للطوارئ والأطفال.")


def rss(items, title="Test Wire", encoding=None) -> bytes:
    """An RSS 2.0 feed; items are dicts (guid, title, text, link?) — text is
    escaped into <description>, so HTML in it reaches the reader as markup."""
    decl = f'<?xml version="1.0" encoding="{encoding}"?>\n' if encoding else ""
    body = "".join(
        f"<item><title>{escape(i['title'])}</title>"
        + (f"<guid>{escape(i['guid'])}</guid>" if i.get("guid") else "")
        + (f"<link>{escape(i['link'])}</link>" if i.get("link") else "")
        + f"<description>{escape(i['text'])}</description></item>" for i in items)
    return (f'{decl}<rss version="2.0"><channel><title>{title}</title>{body}</channel></rss>'
            ).encode(encoding or "utf-8")


def items(n, start=0):
    return [{"guid": f"urn:test:{k}", "title": f"Story number {k}", "text": EN[k % len(EN)] + f" (item {k})",
             "link": f"http://example.org/{k}"} for k in range(start, start + n)]


class FeedRoute:
    """A feed that honours conditional GET (when it has validators) and counts
    what it answered."""

    def __init__(self, body: bytes, *, etag: str | None = '"v1"', last_modified: bool = True,
                 status: int = 200, content_type: str = "application/rss+xml; charset=utf-8"):
        self.body, self.etag, self.status, self.content_type = body, etag, status, content_type
        self.last_modified = formatdate(1_700_000_000, usegmt=True) if last_modified else None
        self.hits = self.not_modified = 0
        self.conditional: list[dict[str, str | None]] = []
        self.times: list[float] = []

    def __call__(self, h: BaseHTTPRequestHandler) -> None:
        self.hits += 1
        self.times.append(time.monotonic())
        inm, ims = h.headers.get("If-None-Match"), h.headers.get("If-Modified-Since")
        self.conditional.append({"If-None-Match": inm, "If-Modified-Since": ims})
        fresh = (inm is not None and inm == self.etag) or (
            inm is None and ims is not None and ims == self.last_modified)
        if self.status == 200 and fresh:
            self.not_modified += 1
            h.send_response(304)
            h.end_headers()
            return
        h.send_response(self.status)
        h.send_header("Content-Type", self.content_type)
        if self.etag:
            h.send_header("ETag", self.etag)
        if self.last_modified:
            h.send_header("Last-Modified", self.last_modified)
        h.send_header("Content-Length", str(len(self.body)))
        h.end_headers()
        h.wfile.write(self.body)

    def update(self, body: bytes, etag: str | None = None) -> None:
        self.body = body
        if self.etag:
            self.etag = etag or f'"v{self.hits + 100}"'
        if self.last_modified:
            self.last_modified = formatdate(time.time(), usegmt=True)


def serve(server, path, route: FeedRoute) -> str:
    server.add(path, handler=route)
    return server.url(path)


class WebhookServer:
    """Records POSTed JSON; answers 500 to the first ``fail_first`` requests."""

    def __init__(self):
        self.received: list[dict] = []
        self.attempts = 0
        self.fail_first = 0
        state = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                state.attempts += 1
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if state.attempts <= state.fail_first:
                    self.send_response(500)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                state.received.append({"content_type": self.headers.get("Content-Type"),
                                       "json": json.loads(body)})
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"


@pytest.fixture
def webhook_server():
    """A webhook receiver on 127.0.0.1 for one test."""
    hook = WebhookServer()
    thread = threading.Thread(target=hook.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield hook
    finally:
        hook.httpd.shutdown()
        hook.httpd.server_close()


class Clock:
    def __init__(self, t=1_800_000_000.0):
        self.t = t

    def __call__(self):
        return self.t


SETTINGS = Settings(allow_private_urls=True, timeout=5.0)
FAST = dict(steps=(), host_delay=0.0, interval=600.0)


def watcher(db, feeds, settings=SETTINGS, **kw):
    opts = {**FAST, **{k: v for k, v in kw.items() if k in WatchOptions.__dataclass_fields__}}
    rest = {k: v for k, v in kw.items() if k not in WatchOptions.__dataclass_fields__}
    store = db if not isinstance(db, str) else open_store(db)
    return Watcher(store, settings, feeds, WatchOptions(**opts), **rest)


def feeds_file(tmp_path, *urls, name="feeds.txt"):
    p = tmp_path / name
    p.write_text("# feeds to watch\n\n" + "\n".join(urls) + "\n", encoding="utf-8")
    return p


# ------------------------------------------------------------------ parsing

def test_feed_list_skips_comments_and_repeats_and_names_a_bad_line(tmp_path):
    p = tmp_path / "f.txt"
    p.write_text("# wires\nhttp://a.example/rss  # the A wire\n\nhttps://b.example/atom#x\n"
                 "http://a.example/rss\n", encoding="utf-8")
    assert read_feed_list(p) == ["http://a.example/rss", "https://b.example/atom#x"]
    p.write_text("http://a.example/rss\nftp://b.example/feed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="line 2: 'ftp://b.example/feed' is not an http"):
        read_feed_list(p)
    p.write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="no feed URLs"):
        read_feed_list(p)


def test_watchlist_text_and_json(tmp_path):
    text = parse_watchlist("# watch\nTokayev\nactor=per:antony-blinken; event_type=consult; name=calls\n"
                           "keyword=وزير الخارجية; language=ar\n")
    assert [(e.name, e.keyword, e.actor, e.event_type, e.language) for e in text] == [
        ("keyword=Tokayev", "Tokayev", None, None, None),
        ("calls", None, "per:antony-blinken", "CONSULT", None),
        ("keyword=وزير الخارجية; language=ar", "وزير الخارجية", None, None, "ar")]
    p = tmp_path / "w.json"
    p.write_text(json.dumps({"watchlist": [{"name": "kz", "actor": "loc:KZ"}, {"keyword": "budget"}]}),
                 encoding="utf-8")
    assert [(e.name, e.steps) for e in load_watchlist(p)] == [("kz", {"actors"}), ("keyword=budget", set())]
    for bad, message in [('[{"colour": "red"}]', "unknown field 'colour'; valid: name, keyword"),
                         ("event_type=RIOT", "unknown event_type 'RIOT'; valid: .*CONSULT"),
                         ('[{"name": "x"}]', "at least one of"),
                         ("a\na\n", "two watchlist entries are named"),
                         ("keyword=ok; nonsense", "is not field=value")]:
        with pytest.raises(ConfigError, match=message):
            parse_watchlist(bad)


def test_backoff_doubles_up_to_the_cap():
    assert [backoff_delay(n, 600, 6 * 3600) for n in (1, 2, 3, 5, 50)] == [1200, 2400, 4800, 19200, 21600]
    assert backoff_delay(3, 600, 60) == 600  # never sooner than the normal interval


# ------------------------------------------------------------------ polling

def test_conditional_get_is_honoured(local_http_server, tmp_path):
    route = FeedRoute(rss(items(2)))
    url = serve(local_http_server, "/rss", route)
    w = watcher(str(tmp_path / "k.db"), [url])
    first = w.poll_round(once=True).feeds[0]
    assert (first.status, first.new_items, first.ingested) == ("ok", 2, 2)
    second = w.poll_round(once=True).feeds[0]
    assert second.status == "not-modified" and route.not_modified == 1
    assert route.conditional == [{"If-None-Match": None, "If-Modified-Since": None},
                                 {"If-None-Match": '"v1"', "If-Modified-Since": route.last_modified}]
    route.update(rss(items(3)))  # a new item: new validators, a full answer
    third = w.poll_round(once=True).feeds[0]
    assert (third.status, third.new_items, third.ingested) == ("ok", 1, 1)
    assert route.conditional[-1]["If-None-Match"] == '"v1"'
    w.poll_round(once=True)
    assert route.not_modified == 2 and route.conditional[-1]["If-None-Match"] == route.etag
    state = w.store.watch_feed(url)
    assert (state["etag"], state["failures"], state["items"], state["ingested"]) == (route.etag, 0, 3, 3)
    assert w.store.stats()["articles"] == 3


def test_last_modified_alone_is_used(local_http_server, tmp_path):
    route = FeedRoute(rss(items(1)), etag=None)
    url = serve(local_http_server, "/rss", route)
    w = watcher(str(tmp_path / "k.db"), [url])
    w.poll_round(once=True)
    assert w.poll_round(once=True).feeds[0].status == "not-modified"
    assert route.conditional[-1] == {"If-None-Match": None, "If-Modified-Since": route.last_modified}


def test_restart_does_not_reingest(local_http_server, tmp_path):
    # No validators: the server sends the whole feed every time, so only the
    # items remembered in the store keep the second run from ingesting them.
    route = FeedRoute(rss(items(3)), etag=None, last_modified=False)
    url = serve(local_http_server, "/rss", route)
    feeds = feeds_file(tmp_path, url)
    db = str(tmp_path / "k.db")
    args = ("watch", str(feeds), "--db", db, "--once", "--allow-private-urls", "--no-entities",
            "--no-stories")
    first = khabar(*args)
    assert "3 new items, 3 ingested" in first.stderr and first.stdout == ""
    second = khabar(*args)
    assert "0 new items, 0 ingested" in second.stderr
    route.update(rss(items(4)))
    third = khabar(*args)
    assert "1 new items, 1 ingested" in third.stderr
    assert route.hits == 3 and route.not_modified == 0
    assert len(khabar_json("articles", "--db", db, "--json")) == 4


def test_backoff_after_a_server_error(local_http_server, tmp_path):
    route = FeedRoute(rss(items(1)), status=500)
    url = serve(local_http_server, "/rss", route)
    clock = Clock()
    w = watcher(str(tmp_path / "k.db"), [url], clock=clock, max_backoff=3000.0)
    rep = w.poll_round(once=True).feeds[0]
    assert (rep.status, rep.reason, rep.failures) == ("error", "fetch-failed", 1)
    assert "HTTP 500" in rep.error and rep.next_poll == clock.t + 1200
    # Not due yet: neither a round nor --once asks the server again.
    assert w.poll_round(once=True).feeds[0].status == "backing-off"
    assert w.poll_round().feeds == [] and route.hits == 1
    clock.t += 1200
    rep = w.poll_round().feeds[0]
    assert (rep.failures, rep.next_poll) == (2, clock.t + 2400) and route.hits == 2
    clock.t += 2400
    rep = w.poll_round().feeds[0]
    assert (rep.failures, rep.next_poll) == (3, clock.t + 3000)  # capped at max_backoff
    state = w.store.watch_feed(url)
    assert (state["failures"], state["last_status"]) == (3, "fetch-failed") and "500" in state["last_error"]
    route.status = 200
    clock.t += 3000
    rep = w.poll_round().feeds[0]
    assert (rep.status, rep.ingested, rep.failures, rep.next_poll) == ("ok", 1, 0, clock.t + 600)
    assert w.store.watch_feed(url)["failures"] == 0


def test_unreachable_or_slow_feed_backs_off_and_others_go_on(local_http_server, closed_port, tmp_path):
    good = serve(local_http_server, "/rss", FeedRoute(rss(items(1))))
    slow = local_http_server.add("/slow", rss(items(1, start=1)), delay=3.0)
    dead = f"http://127.0.0.1:{closed_port}/rss"
    w = watcher(str(tmp_path / "k.db"), [dead, slow, good], Settings(allow_private_urls=True, timeout=0.5))
    reps = w.poll_round(once=True).feeds
    assert [(r.status, r.reason, r.failures) for r in reps] == [
        ("error", "fetch-failed", 1), ("error", "fetch-failed", 1), ("ok", None, 0)]
    assert "connection refused" in reps[0].error and reps[2].ingested == 1
    assert reps[1].error == "timeout: no complete response within 0.5 s"


def test_per_host_minimum_delay(local_http_server, tmp_path):
    a, b = FeedRoute(rss(items(1))), FeedRoute(rss(items(1, start=5)))
    c = FeedRoute(rss(items(1, start=9)))
    urls = [serve(local_http_server, "/a", a), serve(local_http_server, "/b", b),
            serve(local_http_server, "/c", c).replace("127.0.0.1", "localhost")]
    done = {}
    w = watcher(str(tmp_path / "k.db"), urls, host_delay=1.0,
                on_feed=lambda rep: done.setdefault(rep.url, time.monotonic()))
    w.poll_round(once=True)
    assert b.times[0] - a.times[0] >= 1.0     # same host: waited
    assert c.times[0] - done[urls[1]] < 0.5  # another host name: no wait
    started = time.monotonic()
    w.poll_round(once=True)  # the delay holds across rounds too
    assert a.times[1] - b.times[0] >= 1.0 and time.monotonic() - started >= 1.0


def test_stop_between_feeds_finishes_later(local_http_server, tmp_path):
    """A stop after the first feed: the second is not polled, the first one's
    new article has no alert yet; the next run polls the rest and raises it."""
    routes = [FeedRoute(rss(items(1))), FeedRoute(rss(items(1, start=1)))]
    urls = [serve(local_http_server, f"/{n}", r) for n, r in enumerate(routes)]
    stop = threading.Event()
    wl = parse_watchlist("keyword=budget\nkeyword=flooded\n")
    db = str(tmp_path / "k.db")
    w = watcher(db, urls, stop=stop, on_feed=lambda rep: stop.set(), watchlist=wl)
    report = w.run()
    assert report.stopped and [r.url for r in report.feeds] == [urls[0]] and routes[1].hits == 0
    assert w.store.list_alerts() == [] and len(w.store.unchecked_watch_items()) == 1
    report = watcher(db, urls, watchlist=wl).poll_round(once=True)
    assert sorted(a["watch"] for a in report.alerts) == ["keyword=budget", "keyword=flooded"]
    assert routes[0].not_modified == 1 and routes[1].hits == 1


def test_a_failing_step_keeps_the_alerts_for_the_next_round(local_http_server, tmp_path):
    url = serve(local_http_server, "/rss", FeedRoute(rss(items(1))))
    db = str(tmp_path / "k.db")
    wl = parse_watchlist("keyword=budget")

    def broken(step, store, settings):
        raise RuntimeError("model file missing")

    report = watcher(db, [url], steps=("stories",), run_step=broken, watchlist=wl).poll_round(once=True)
    assert report.errors == ["stories step failed: RuntimeError: model file missing"] and report.alerts == []
    ran = []
    report = watcher(db, [url], steps=("stories",), run_step=lambda *a: ran.append(a[0]),
                     watchlist=wl).poll_round(once=True)
    assert ran == ["stories"] and [a["watch"] for a in report.alerts] == ["keyword=budget"]


# ------------------------------------------------------------------ hostile feeds

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>x</title><item><title>&lol3;</title>
<description>&lol3; The city council approved a new budget.</description></item></channel></rss>"""


def test_hostile_feeds(local_http_server, tmp_path):
    script = {"guid": "s1", "title": "Budget <b>passed</b>",
              "text": "<p>" + EN[0] + "</p><script>alert('pwned')</script>"
                      "<img src=x onerror=alert(2)><p>" + EN[1] + "</p>"}
    routes = {
        "/laughs": FeedRoute(BILLION_LAUGHS),
        "/script": FeedRoute(rss([script])),
        # windows-1256 bytes, no declaration anywhere
        "/cp1256": FeedRoute(rss([{"guid": "a1", "title": "مستشفى جديد", "text": AR}], encoding="cp1256")
                             .split(b"\n", 1)[1], content_type="application/rss+xml"),
        "/huge": FeedRoute(rss(items(1)) + b"<!--" + b"x" * 60_000 + b"-->"),
        "/html": FeedRoute(b"<!DOCTYPE html><html><body><p>not a feed</p></body></html>",
                           content_type="text/html"),
        "/garbage": FeedRoute(bytes(range(256)) * 40, content_type="application/rss+xml"),
    }
    urls = [serve(local_http_server, p, r) for p, r in routes.items()]
    w = watcher(str(tmp_path / "k.db"), urls, Settings(allow_private_urls=True, timeout=5.0,
                                                       max_bytes=50_000),
                watchlist=parse_watchlist("keyword=budget"))
    report = w.poll_round(once=True)
    got = {r.url.rsplit("/", 1)[1]: (r.status, r.reason) for r in report.feeds}
    assert got == {"laughs": ("error", "unsafe-xml"), "script": ("ok", None), "cp1256": ("ok", None),
                   "huge": ("error", "too-large"), "html": ("error", "unsupported"),
                   "garbage": ("error", got["garbage"][1])}
    assert got["garbage"][1] in ("binary", "undecodable", "malformed-feed", "unsupported")
    arts = {a.source.split("#")[0].rsplit("/", 1)[1]: a for a in w.store.iter_articles()}
    assert sorted(arts) == ["cp1256", "script"]
    s = arts["script"]
    assert s.title == "Budget passed" and EN[0] in s.text and EN[1] in s.text
    assert "<" not in s.text and "alert" not in s.text and "pwned" not in s.text
    assert AR in arts["cp1256"].text and arts["cp1256"].title == "مستشفى جديد"
    # The alert carries text, valid JSON, no markup.
    [alert] = report.alerts
    assert alert["article"]["title"] == "Budget passed"
    assert "<script" not in json.dumps(alert)


def test_redirect_to_a_private_address_is_refused(local_http_server, tmp_path, monkeypatch):
    """With private addresses refused, a public-looking feed that redirects
    to the cloud metadata address or the local network is refused at that hop."""
    from khabar.readers import web

    real = web._non_public_kind
    # The test server counts as public; every other address is judged for real.
    monkeypatch.setattr(web, "_non_public_kind", lambda ip: None if str(ip) == "127.0.0.1" else real(ip))
    meta = local_http_server.add("/to-metadata", status=302,
                                 headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    lan = local_http_server.add("/to-lan", status=301, headers={"Location": "http://10.1.2.3:8080/admin"})
    hop = local_http_server.add("/hop", status=307, headers={"Location": "/to-lan"})
    good = serve(local_http_server, "/rss", FeedRoute(rss(items(1))))
    w = watcher(str(tmp_path / "k.db"), [meta, hop, good], Settings(allow_private_urls=False, timeout=3.0))
    reps = w.poll_round(once=True).feeds
    assert [(r.status, r.reason) for r in reps] == [("error", "private-address")] * 2 + [("ok", None)]
    assert "169.254.169.254 is 169.254.169.254, a private address" in reps[0].error
    assert "10.1.2.3, a private address" in reps[1].error
    assert local_http_server.requests.count("/to-lan") == 1 and lan


def test_private_feed_refused_without_the_flag(local_http_server, tmp_path):
    route = FeedRoute(rss(items(2)))
    url = serve(local_http_server, "/rss", route)
    feeds = feeds_file(tmp_path, url)
    db = str(tmp_path / "k.db")
    khabar("ingest", str(seed(0)), "--db", db, "--no-entities", "--no-stories")
    base = ("watch", str(feeds), "--db", db, "--once", "--no-entities", "--no-stories")
    refused = khabar(*base, check=False)
    assert refused.returncode == 1 and refused.stdout == ""
    assert "private-address: 127.0.0.1 is 127.0.0.1, a loopback address" in refused.stderr
    assert "Error: 1 of 1 feeds failed (feeds on this machine or local network need " \
           "--allow-private-urls)" in refused.stderr
    assert route.hits == 0 and local_http_server.requests == []  # never connected
    assert len(khabar_json("articles", "--db", db, "--json")) == 1  # what was there is kept
    # Nothing is lost: with the flag, the next run reads the feed at once.
    allowed = khabar(*base, "--allow-private-urls")
    assert "2 new items, 2 ingested" in allowed.stderr
    assert len(khabar_json("articles", "--db", db, "--json")) == 3


# ------------------------------------------------------------------ alerts

def test_alert_is_printed_stored_and_posted(local_http_server, webhook_server, tmp_path):
    url = serve(local_http_server, "/rss", FeedRoute(rss(items(4))))
    feeds = feeds_file(tmp_path, url)
    wl = tmp_path / "watch.txt"
    wl.write_text("keyword=interest rates; name=rates\nkeyword=no such phrase anywhere\n", encoding="utf-8")
    db = str(tmp_path / "k.db")
    args = ("watch", str(feeds), "--db", db, "--once", "--allow-private-urls", "--no-entities",
            "--no-stories", "--watchlist", str(wl), "--webhook", webhook_server.url)
    out = khabar(*args)
    [printed] = [json.loads(line) for line in out.stdout.splitlines()]
    assert printed["watch"] == "rates" and printed["type"] == "khabar.alert"
    assert printed["article"]["title"] == "Story number 2" and printed["feed"] == url
    assert printed["matched"]["keyword"] == "interest rates"
    assert printed["matched"]["where"]["text"].startswith("The central bank kept interest rates")
    [posted] = webhook_server.received
    assert posted["json"] == printed and posted["content_type"].startswith("application/json")
    [stored] = khabar_json("alerts", "--db", db, "--json")
    assert stored["id"] == printed["id"] and stored["delivery"] == "delivered" and stored["attempts"] == 1
    assert "rates" in khabar("alerts", "--db", db).stdout
    # A second run raises nothing new.
    assert khabar(*args).stdout == "" and len(webhook_server.received) == 1


def test_webhook_retries_then_delivers(local_http_server, webhook_server, tmp_path):
    webhook_server.fail_first = 2
    url = serve(local_http_server, "/rss", FeedRoute(rss(items(1))))
    w = watcher(str(tmp_path / "k.db"), [url], watchlist=parse_watchlist("keyword=budget"),
                webhook=webhook_server.url)
    w.webhook.delays = (0.05,)
    w.poll_round(once=True)
    [alert] = w.store.list_alerts()
    assert (alert["delivery"], alert["attempts"], alert["delivery_error"]) == ("delivered", 3, None)
    assert webhook_server.attempts == 3 and len(webhook_server.received) == 1


def test_webhook_down_does_not_stop_the_watcher(local_http_server, closed_port, tmp_path):
    url = serve(local_http_server, "/rss", FeedRoute(rss(items(2))))
    printed = []
    w = watcher(str(tmp_path / "k.db"), [url], watchlist=parse_watchlist("keyword=budget\nkeyword=flooded"),
                webhook=f"http://127.0.0.1:{closed_port}/hook", on_alert=printed.append)
    w.webhook.delays = (0.01,)
    report = w.poll_round(once=True)
    assert report.failed == [] and len(report.alerts) == 2 == len(printed)
    for a in w.store.list_alerts():
        assert (a["delivery"], a["attempts"]) == ("failed", 3)
        assert "connection refused" in a["delivery_error"]


def test_webhook_on_a_private_address_is_refused(local_http_server, webhook_server, tmp_path, monkeypatch):
    from khabar.readers import web

    real = web._non_public_kind
    monkeypatch.setattr(web, "_non_public_kind", lambda ip: None if str(ip) == "127.0.0.1" else real(ip))
    url = serve(local_http_server, "/rss", FeedRoute(rss(items(1))))
    w = watcher(str(tmp_path / "k.db"), [url], Settings(allow_private_urls=False, timeout=3.0),
                watchlist=parse_watchlist("keyword=budget"), webhook="http://10.9.8.7/hook")
    w.poll_round(once=True)
    [alert] = w.store.list_alerts()
    assert (alert["delivery"], alert["attempts"]) == ("failed", 1)  # not retried: it cannot succeed
    assert alert["delivery_error"].startswith("private-address: 10.9.8.7 is 10.9.8.7, a private address")
    # And the real webhook server, on loopback, is refused without the flag.
    monkeypatch.setattr(web, "_non_public_kind", real)
    ok, tries, error = Webhook(webhook_server.url, Settings()).deliver({"x": 1})
    assert (ok, tries) == (False, 1) and "loopback" in error and webhook_server.attempts == 0


def test_language_and_keyword_match_on_normalized_keys(local_http_server, tmp_path):
    # The keyword is written with hamza and teh marbuta variants the article does not use.
    url = serve(local_http_server, "/rss", FeedRoute(rss(
        [{"guid": "a1", "title": "مستشفى جديد", "text": AR}] + items(1))))
    wl = parse_watchlist("keyword=وزاره الصحه; language=ar; name=health\nlanguage=en\nkeyword=مستشفي; language=en\n")
    w = watcher(str(tmp_path / "k.db"), [url], watchlist=wl)
    alerts = {a["watch"]: a for a in w.poll_round(once=True).alerts}
    assert sorted(alerts) == ["health", "language=en"]
    assert alerts["health"]["matched"]["where"]["sentence"] == 0
    assert alerts["language=en"]["article"]["language"] == "en"


# ------------------------------------------------------------------ the whole pipeline

def test_actor_and_event_watchlist_on_a_real_pipeline_run(local_http_server, webhook_server, tmp_path):
    """Seed 004 (Blinken's call with his Kazakh counterpart) served as a feed item,
    through actors and events: an actor + event-type entry and an actor entry fire."""
    text = seed(4).read_text(encoding="utf-8")
    title, body = text.split("\n", 1)
    url = serve(local_http_server, "/rss", FeedRoute(rss([{"guid": "seed-4", "title": title, "text": body}])))
    feeds = feeds_file(tmp_path, url)
    wl = tmp_path / "watch.json"
    wl.write_text(json.dumps([
        {"name": "blinken-calls", "actor": "per:antony-blinken", "event_type": "CONSULT"},
        {"name": "kazakhstan", "actor": "loc:KZ"},
        {"name": "blinken-attacks", "actor": "per:antony-blinken", "event_type": "ASSAULT"}]),
        encoding="utf-8")
    db = str(tmp_path / "k.db")
    out = khabar("watch", str(feeds), "--db", db, "--once", "--allow-private-urls", "--no-stories",
                 "--watchlist", str(wl), "--webhook", webhook_server.url)
    alerts = {a["watch"]: a for a in map(json.loads, out.stdout.splitlines())}
    assert sorted(alerts) == ["blinken-calls", "kazakhstan"]
    [ev] = alerts["blinken-calls"]["matched"]["events"][:1]
    assert ev["type"] == "CONSULT" and "per:antony-blinken" in (ev["source"], ev["target"])
    assert ev["text"].strip() and ev["trigger"]
    assert alerts["kazakhstan"]["matched"] == {"actor": "loc:KZ"}
    assert "actors: " in out.stderr and "events: " in out.stderr
    assert sorted(r["json"]["watch"] for r in webhook_server.received) == ["blinken-calls", "kazakhstan"]


def test_sigterm_stops_cleanly(local_http_server, tmp_path):
    route = FeedRoute(rss(items(1)))
    urls = [serve(local_http_server, f"/{n}", route) for n in range(2)]
    feeds = feeds_file(tmp_path, *urls)
    db = str(tmp_path / "k.db")
    proc = subprocess.Popen([sys.executable, "-m", "khabar", "watch", str(feeds), "--db", db,
                             "--interval", "3600", "--host-delay", "60", "--allow-private-urls",
                             "--no-entities", "--no-stories"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = ""
        deadline = time.monotonic() + 60
        while "ok " not in line and time.monotonic() < deadline:
            line = proc.stderr.readline()
        assert "1 new items, 1 ingested" in line
        # Now waiting 60 s before asking the same host for the second feed.
        proc.send_signal(signal.SIGTERM)
        rest = proc.communicate(timeout=20)[1]
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, rest
    assert "SIGTERM: stopping" in rest and rest.rstrip().endswith("stopped")
    assert route.hits == 1
    with open_store(db, readonly=True) as store:
        assert store.stats()["articles"] == 1 and store.watch_feed(urls[0])["items"] == 1


# ------------------------------------------------------------------ the store, on both backends

@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_store(request, tmp_path):
    if request.param == "sqlite":
        store = open_store(str(tmp_path / "s.db"))
    else:
        store = open_store(request.getfixturevalue("pg_url"))
    yield store
    store.close()


def test_store_watch_tables(any_store):
    from khabar.ingest import ingest

    s = any_store
    summary = ingest([str(seed(0)), str(seed(2))], s, Settings())
    assert summary.ingested == 2
    a0, a1 = [r["id"] for r in s.list_articles()]
    state = {"url": "http://x.example/rss", "etag": '"e1"', "last_modified": None, "failures": 0,
             "next_poll": 1_800_000_600.5, "last_polled": "2027-01-15T08:00:00+00:00",
             "last_status": "ok", "last_error": None, "items": 3, "ingested": 2}
    s.record_watch_poll(state, [("guid:1", a0, 0), ("guid:2", a1, 0), ("rejected:x", None, 1)])
    s.record_watch_poll({**state, "etag": '"e2"'}, [("guid:1", None, 1)])  # a known item stays as it was
    assert s.watch_feed(state["url"]) == {**state, "etag": '"e2"'}
    assert s.watch_feed("http://nope/") is None and [f["url"] for f in s.watch_feeds()] == [state["url"]]
    assert s.seen_watch_items(state["url"], ["guid:1", "guid:9", "rejected:x"]) == {"guid:1", "rejected:x"}
    assert s.seen_watch_items("http://other/", ["guid:1"]) == set()
    assert [(i["item_key"], i["article_id"]) for i in s.unchecked_watch_items()] == [("guid:1", a0),
                                                                                     ("guid:2", a1)]
    alert = {"created_at": "2027-01-15T08:00:01+00:00", "watch": "w", "article_id": a0,
             "feed_url": state["url"], "matched": {"keyword": "كازاخستان"}, "payload": {"t": "ü"},
             "delivery": "pending"}
    [new] = s.write_alerts([alert], checked=[(state["url"], "guid:1")])
    again = s.write_alerts([alert, {**alert, "article_id": a1}], checked=[(state["url"], "guid:2")])
    assert [a["article_id"] for a in again] == [a1] and again[0]["id"] > new["id"]
    assert s.unchecked_watch_items() == []
    s.set_alert_delivery(new["id"], "delivered", 2, None, "2027-01-15T08:00:02+00:00")
    rows = s.list_alerts()
    assert [r["id"] for r in rows] == [again[0]["id"], new["id"]]
    assert rows[1]["matched"] == {"keyword": "كازاخستان"} and rows[1]["payload"] == {"t": "ü"}
    assert (rows[1]["delivery"], rows[1]["attempts"], rows[1]["delivered_at"]) == (
        "delivered", 2, "2027-01-15T08:00:02+00:00")
    assert [r["id"] for r in s.list_alerts(delivery="pending")] == [again[0]["id"]]
    assert len(s.list_alerts(limit=1)) == 1
    assert s.forget_watch_items(state["url"], ["guid:1"], "2027-02-01") == 2
    assert s.seen_watch_items(state["url"], ["guid:1", "guid:2", "rejected:x"]) == {"guid:1"}
    assert s.event_mentions_of([a0]) == {a0: []}


def test_alerts_match_stored_actors_and_events(any_store):
    """find_alerts on what the stores hold after the real actor and event steps."""
    from khabar.actors import update_actors
    from khabar.events import update_events
    from khabar.ingest import ingest

    s = any_store
    ingest([str(seed(4))], s, Settings())
    update_actors(s, Settings())
    update_events(s, Settings())
    [aid] = [r["id"] for r in s.list_articles()]
    wl = parse_watchlist("actor=per:antony-blinken; event_type=CONSULT; name=calls\n"
                         "actor=per:nobody\nevent_type=CONSULT; language=fa\n")
    alerts = find_alerts(s, [{"article_id": aid, "feed_url": "http://x/"}], wl)
    assert [a["watch"] for a in alerts] == ["calls"]
    assert any(e["type"] == "CONSULT" for e in s.event_mentions_of([aid])[aid])
