"""Bad inputs end to end: one `khabar ingest` over a batch of 40 kinds of bad
(and awkward but valid) input beside good articles.

Each item ends as a stored article or a rejection with a stable reason; the
rest of the batch is ingested; nothing crashes; exit code 0.  The reader-level
cases (each kind alone, many variants) are in tests/test_readers_bad_input.py
and tests/test_fetch.py; this file proves they hold together, through the CLI
and the store, with HTTP inputs served on 127.0.0.1 (--allow-private-urls).

Every input is generated here, in tmp_path.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import sqlite3
import zlib
from pathlib import Path

import pytest

from util import khabar

pytestmark = pytest.mark.network

AR = ("أعلنت الحكومة اليوم عن خطة جديدة لدعم المزارعين في المناطق الريفية.\n"
      "وقالت الوزارة إن التمويل سيبدأ الشهر المقبل ويشمل بناء مدارس وطرق جديدة.\n")
FA = ("وزیر امور خارجه امروز در گفت‌وگوی تلفنی با همتای خود درباره همکاری‌های "
      "اقتصادی و امنیتی منطقه گفت‌وگو کرد.\n")
EN = ("The council approved the new budget on Tuesday after a long debate about "
      "schools and roads.\nThe mayor said work on the first projects would start in spring.\n")
RU = "Правительство утвердило новый план строительства дорог и школ в регионе.\n"
MAX_BYTES = 1_000_000


def gzip_of(chunks) -> bytes:
    """Gzip a stream of chunks without holding the uncompressed data."""
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    return b"".join([c.compress(ch) for ch in chunks] + [c.flush()])


def warc_bytes(pages: int, *, gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    for i in range(pages):
        body = (f"<html><head><title>Archived {i}</title></head><body><article>"
                + f"<p>{EN.splitlines()[0]} Item {i}.</p>" * 3 + "</article></body></html>").encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(f"https://archive.example/{i}", "response",
                                            payload=io.BytesIO(body), http_headers=headers))
    return buf.getvalue()


def page(title: str, text: str) -> str:
    paras = "".join(f"<p>{line}</p>" for line in text.splitlines())
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"{paras}</article></body></html>")


def db_text(db: Path) -> str:
    """Every text value in every table of the store, joined (to look for leaks)."""
    out = []
    with sqlite3.connect(db) as c:
        tables = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for t in tables:
            try:
                rows = c.execute(f'SELECT * FROM "{t}"').fetchall()
            except sqlite3.DatabaseError:  # FTS5 shadow tables hold binary segments
                continue
            out += [v for row in rows for v in row if isinstance(v, str)]
    return "\n".join(out)


def outcomes(db: Path) -> dict[str, tuple[str, str | None]]:
    """source -> ("article", text) or ("rejected", reason), from the store."""
    res: dict[str, tuple[str, str | None]] = {}
    with sqlite3.connect(db) as c:
        for source, text in c.execute(
                "SELECT s.source, a.text FROM sightings s JOIN articles a ON a.id = s.article_id"):
            res[source] = ("article", text)
        for source, reason in c.execute("SELECT source, reason FROM rejections"):
            assert source not in res, f"{source} has two outcomes"
            res[source] = ("rejected", reason)
    return res


# ---------------------------------------------------------------- the batch

def build_batch(d: Path, server, secret_file: Path) -> tuple[dict, list[str]]:
    """Write the bad and awkward files into ``d``, serve the HTTP cases;
    returns (expected outcome per source, URL inputs).  An expectation is a
    rejection reason, or ("article", text that must be stored as is)."""
    rnd = random.Random(20240601)
    exp: dict[str, object] = {}

    def put(name: str, data: bytes | str, expect) -> Path:
        p = d / name
        p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        exp[str(p)] = expect
        return p

    # -- good articles between the bad ones
    put("good-en.txt", EN, ("article", EN))
    put("good-ar.txt", AR, ("article", AR))
    # -- binary, empty, size
    put("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "binary")
    put("program.html", b"\x7fELF\x02\x01\x01" + bytes(200), "binary")
    put("nuls.json", b'{"text": "' + b"\x00\x01\x02" * 300 + b'"}', "binary")
    put("zero.txt", b"", "empty")
    put("blank.txt", b" \n\t\r\n  \n", "empty")
    put("bom-only.txt", b"\xef\xbb\xbf", "empty")
    put("huge.txt", (EN * (MAX_BYTES // len(EN) + 50)).encode(), "too-large")
    long_line = "The committee met again. " * 16_000  # one 400 KB line, under the limit
    put("long-line.txt", long_line, ("article", long_line))
    jl = d / "rows.jsonl"
    jl.write_text("\n".join([json.dumps({"title": "Row one", "text": EN}),
                             json.dumps({"title": "Huge", "text": "word " * 250_000}),
                             "{not json at all",
                             json.dumps({"title": "Row four", "text": AR}, ensure_ascii=False)]),
                  encoding="utf-8")
    exp.update({f"{jl}#L1": ("article", EN), f"{jl}#L2": "too-large",
                f"{jl}#L3": "malformed-json", f"{jl}#L4": ("article", AR)})
    # -- encodings
    put("noise.txt", bytes(rnd.choice(range(0x80, 0x100)) for _ in range(3000)), "undecodable")
    put("bad-utf16.txt", b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xd8\x41\x00",
        "undecodable")
    put("ar-1256.txt", AR.encode("cp1256"), ("article", AR))
    fa_1256 = FA.replace("ی", "ي").replace("ک", "ك")  # windows-1256 has only the Arabic forms
    put("fa-1256.txt", fa_1256.encode("cp1256"), ("article", fa_1256))
    put("ar-iso8859-6.txt", AR.encode("iso8859_6"), ("article", AR))
    put("ar-utf16le-bom.txt", b"\xff\xfe" + AR.encode("utf-16-le"), ("article", AR))
    put("ar-utf16be-bom.txt", b"\xfe\xff" + AR.encode("utf-16-be"), ("article", AR))
    put("ar-utf16le.txt", AR.encode("utf-16-le"), ("article", AR))
    put("en-utf16be.txt", EN.encode("utf-16-be"), ("article", EN))
    put("ru-koi8.txt", RU.encode("koi8_r"), ("article", RU))
    mixed = AR + FA + EN + RU
    put("mixed-scripts.txt", mixed, ("article", mixed))
    bidi = ("\u202bالمزا\u200bرعين في \u2067المناطق\u2069 الريفية\u202c \u200fوقالت\u200e "
            "الوزارة إن \ufeffالتمويل سيبدأ \u202eالشهر\u202c المقبل.\n"
            "می\u200cخواهند گفت\u200cوگو کنند \u200dو\u200d Budget\u200b 2024 approved.\n")
    put("bidi-zero-width.txt", bidi, ("article", bidi))
    # -- HTML
    put("no-body.html", "<html><head><title>Only a title</title></head></html>", "no-text")
    put("script-only.html", "<html><head><script>var s = 'SCRIPT-ONLY-SECRET';</script></head>"
        "<body><script>document.write('SCRIPT-ONLY-SECRET')</script><style>p{}</style></body></html>",
        "no-text")
    put("comment-only.html", "<!-- nothing but a comment -->", "malformed-html")
    nested = lambda n: "<html><body>" + "<div>" * n + EN + "</div>" * n + "</body></html>"  # noqa: E731
    put("nested-250.html", nested(250), ("article", None))
    # Past libxml2's 256 levels the parser drops the text: rejected, not a crash.
    put("nested-5000.html", nested(5000), "no-text")
    # -- JSON, CSV
    put("broken.json", '[{"title": "x", "text": ', "malformed-json")
    put("deep.json", "[" * 50_000 + "]" * 50_000, "malformed-json")
    put("no-text.json", json.dumps({"title": "A title and nothing else"}), "no-text")
    csv = d / "table.csv"
    csv.write_text("title,content\n" f'Good row,"{EN.strip()}"\n' "Two,too,many,fields\n"
                   "Empty,\n", encoding="utf-8")
    exp.update({f"{csv}#row=1": ("article", EN.strip()), f"{csv}#row=2": "malformed-csv",
                f"{csv}#row=3": "no-text"})
    # -- XML attacks
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">'
                        for i in range(1, 10))
              + ']><rss version="2.0"><channel><title>&lol9;</title><item><title>x</title>'
              "<description>&lol9;</description></item></channel></rss>")
    put("laughs.rss", laughs, "unsafe-xml")
    put("xxe.rss", f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret_file}">]>'
        '<rss version="2.0"><channel><title>t</title><item><title>&x;</title>'
        "<description>&x;</description></item></channel></rss>", "unsafe-xml")
    put("xxe-param.xml", f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % p SYSTEM '
        f'"file://{secret_file}"> %p;]><rss version="2.0"><channel><item><description>x'
        "</description></item></channel></rss>", "unsafe-xml")
    dtd_url = server.add("/evil.dtd", '<!ENTITY x "DTD-WAS-FETCHED">')
    put("dtd-fetch.rss", f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "{dtd_url}">'
        '<rss version="2.0"><channel><item><title>&x;</title><description>y</description>'
        "</item></channel></rss>", "unsafe-xml")
    put("xxe-utf16.atom", ('<?xml version="1.0" encoding="utf-16"?><!DOCTYPE feed [<!ENTITY x '
                           f'SYSTEM "file://{secret_file}">]><feed xmlns="http://www.w3.org/2005/'
                           'Atom"><entry><title>&x;</title><summary>&x;</summary></entry></feed>'
                           ).encode("utf-16"), "unsafe-xml")
    cut = d / "cut.rss"
    cut.write_text('<rss version="2.0"><channel><item><title>Before the damage</title>'
                   f"<description>{EN.strip()}</description></item><item><title>B</title><descr",
                   encoding="utf-8")
    exp.update({f"{cut}#item=1": ("article", EN.strip()), f"{cut}#item=2": "no-text",
                str(cut): "malformed-feed"})
    # -- compression and archives
    put("bomb.txt.gz", gzip_of(b"\0" * (1 << 20) for _ in range(40)), "too-large")
    put("cut.txt.gz", gzip.compress((EN * 300).encode())[:-40], "truncated-gzip")
    put("fake.txt.gz", b"\x1f\x8b" + b"not deflate data " * 20, "truncated-gzip")
    whole = warc_bytes(4, gz=True)
    warc = d / "cut.warc.gz"
    warc.write_bytes(whole[: len(whole) - 150])
    exp.update({f"{warc}#record={i}": ("article", None) for i in (1, 2, 3)})
    exp[f"{warc}#record=4"] = "malformed-warc"
    put("not-a.warc", "just text\nwith lines\n", "malformed-warc")
    # -- URLs on 127.0.0.1
    urls = {
        server.add("/ok", page("Served page", EN), headers={"Content-Type": "text/html"}):
            ("article", None),
        server.add("/boom", "oops", status=500): "fetch-failed",
        server.add("/slow", page("Late", EN), delay=3.0): "fetch-failed",
        server.add("/big", gzip_of(b" " * (1 << 20) for _ in range(20)),
                   headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}): "too-large",
        f"http://127.0.0.1:{closed_port()}/nothing": "fetch-failed",
    }
    server.add("/loop-a", status=302, headers={"Location": "/loop-b"})
    urls[server.add("/loop-b", status=302, headers={"Location": "/loop-a"})] = "fetch-failed"
    exp.update(urls)
    return exp, list(urls)


def closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_forty_kinds_of_bad_input_in_one_batch(tmp_path, local_http_server):
    secret = "LOCAL-FILE-SECRET-" + os.urandom(6).hex()
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text(secret)
    d = tmp_path / "in"
    d.mkdir()
    expected, urls = build_batch(d, local_http_server, secret_file)
    db = tmp_path / "k.db"
    p = khabar("ingest", str(d), *urls, "--db", str(db), "--json", "--allow-private-urls",
               "--timeout", "1", "--max-bytes", str(MAX_BYTES), "--no-entities", "--no-stories",
               check=False)
    assert p.returncode == 0, p.stderr[-3000:]
    assert "Traceback" not in p.stderr
    summary = json.loads(p.stdout)
    assert summary["failed"] == 0
    got = outcomes(db)
    kinds = {str(e) if isinstance(e, str) else "article" for e in expected.values()}
    assert len(expected) >= 40 and len(kinds) >= 12
    wrong = {}
    for source, want in expected.items():
        have = got.get(source)
        if isinstance(want, str):
            ok = have == ("rejected", want)
        else:
            ok = have is not None and have[0] == "article" and (
                want[1] is None or have[1].strip() == want[1].strip())
        if not ok:
            wrong[source] = (want, have[:1] + (str(have[1])[:80],) if have else None)
    assert not wrong, wrong
    # Every stored item is one we expected (nothing half-read slipped in).
    assert set(got) <= set(expected), set(got) - set(expected)
    assert summary["ingested"] + summary["duplicates"] == sum(
        1 for e in expected.values() if not isinstance(e, str))
    # Nothing from the local file, the DTD server or the scripts reached the store,
    # and the external DTD was never even requested.
    stored = db_text(db)
    assert secret not in stored and "SCRIPT-ONLY-SECRET" not in stored
    assert "DTD-WAS-FETCHED" not in stored and "/evil.dtd" not in local_http_server.requests
    # The original text is kept as read (bidi and zero-width characters too),
    # and search finds a word split by a zero-width space.
    from khabar.store import open_store

    with open_store(str(db), readonly=True) as store:
        hits = store.search("المزارعين")
        assert str(d / "bidi-zero-width.txt") in {h["path"] for h in hits}
        for a in store.iter_articles():
            assert all(0 <= s.start <= s.end <= len(a.text) for s in a.sentences)
        assert store.check() == []
    assert khabar("doctor", "--db", str(db)).returncode == 0


def test_one_bad_byte_in_utf8_text_does_not_garble_the_article(tmp_path):
    from khabar.config import Settings
    from khabar.readers import iter_documents

    p = tmp_path / "mostly-utf8.txt"
    raw = AR.encode()
    p.write_bytes(raw[:60] + b"\xff" + raw[60:])
    [item] = iter_documents([str(p)], Settings())
    text = getattr(item, "text", None)
    assert text is None and item.reason == "undecodable" or (
        text is not None and text.replace("\ufffd", "") == AR.replace("\r", ""))


def test_bad_files_beside_one_good_article(tmp_path):
    """The exact check: binary, empty, windows-1256 text, broken JSON, an
    entity-expansion feed and an external-entity feed reading a local file,
    beside one good article, through the default pipeline (actors, stories,
    events): exit 0, the good article stored, no local file content in any
    stored text."""
    secret = "TOP-SECRET-" + os.urandom(8).hex()
    secret_file = tmp_path / "passwords.txt"
    secret_file.write_text(f"root:{secret}\n", encoding="utf-8")
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text("Ministers agree on water deal\n\n" + EN, encoding="utf-8")
    (d / "binary.dat").write_bytes(bytes(range(256)) * 20)
    (d / "empty.txt").write_bytes(b"")
    (d / "arabic-1256.txt").write_bytes(AR.encode("cp1256"))
    (d / "broken.json").write_text('{"title": "x", "content": ', encoding="utf-8")
    (d / "laughs.xml").write_text(
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        '<rss version="2.0"><channel><title>&lol3;</title><item><title>&lol3;</title>'
        "<description>&lol3;</description></item></channel></rss>", encoding="utf-8")
    (d / "xxe.xml").write_text(
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret_file}">]>'
        '<rss version="2.0"><channel><title>&x;</title><item><title>&x;</title>'
        "<description>&x; and more words</description></item></channel></rss>", encoding="utf-8")
    db = tmp_path / "k.db"
    p = khabar("ingest", str(d), "--db", str(db), "--json", check=False)
    assert p.returncode == 0, p.stderr[-2000:]
    s = json.loads(p.stdout)
    assert (s["ingested"], s["failed"]) == (2, 0)  # the good article and the windows-1256 one
    assert s["rejected"] == {"binary": 1, "empty": 1, "malformed-json": 1, "unsafe-xml": 2}
    got = outcomes(db)
    assert got[str(d / "good.txt")][0] == "article"
    assert got[str(d / "arabic-1256.txt")] == ("article", AR)
    stored = db_text(db)
    assert secret not in stored and "root:" not in stored and "lollol" not in stored
    assert secret not in p.stdout + p.stderr
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT count(*) FROM story_articles").fetchone()[0] == 2
