"""Readers on bad input: every problem is a Rejection with a stable reason,
never an exception, and good records next to a bad one survive.

All bad inputs are generated here, in tmp_path.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
import random
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from khabar.article import RawDocument, Rejection
from khabar.config import Settings
from khabar.readers import iter_documents

AR = ("أعلنت الحكومة اليوم عن خطة جديدة لدعم المزارعين في المناطق الريفية، "
      "وقالت إن التمويل سيبدأ الشهر المقبل.")
EN = "The council approved the new budget on Tuesday after a long debate about schools and roads."


def read(*paths, **settings) -> list[RawDocument | Rejection]:
    return list(iter_documents([str(p) for p in paths], Settings(**settings)))


def reasons(items) -> list[str | None]:
    return [getattr(i, "reason", None) for i in items]


def only_rejection(path, **settings) -> Rejection:
    items = read(path, **settings)
    assert len(items) == 1 and isinstance(items[0], Rejection), items
    return items[0]


def gzip_of(chunks, *, level: int = 9) -> bytes:
    """Gzip a stream of chunks without holding the uncompressed data."""
    c = zlib.compressobj(level, zlib.DEFLATED, 31)
    return b"".join([c.compress(ch) for ch in chunks] + [c.flush()])


# ---------------------------------------------------------------- binary, empty, size

@pytest.mark.parametrize("name,data", [
    ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4),
    ("doc.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
    ("archive.json", b"PK\x03\x04\x14\x00\x00\x00" + b"x" * 100),
    ("program", b"\x7fELF\x02\x01\x01" + b"\x00" * 64),
    ("nuls.html", b"<html>" + bytes([0, 1, 2, 3, 0, 0, 7, 0, 9, 0, 0, 5]) * 50),
    ("controls.txt", bytes(random.Random(3).choice(range(1, 9)) for _ in range(500))),
    ("nested.txt.gz", gzip.compress(gzip.compress(EN.encode()))),
    ("rows.jsonl", b"\x00\x01\x02\x03" * 100),
])
def test_binary(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data)
    r = only_rejection(p)
    assert (r.reason, r.source) == ("binary", str(p))


@pytest.mark.parametrize("name,data", [
    ("zero.txt", b""), ("spaces.txt", b"  \n\t\r\n  "), ("bom.txt", b"\xef\xbb\xbf"),
    ("empty.jsonl.gz", gzip.compress(b"")), ("blank.html", b"\n\n"), ("blank.csv", b"\n"),
    ("nothing.jsonl", b"\n\n\n"),
])
def test_empty(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data)
    assert only_rejection(p).reason == "empty"


def test_too_large_file_is_not_read(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes(EN.encode() * 100)
    r = only_rejection(p, max_bytes=1000)
    assert r.reason == "too-large" and "max_bytes" in r.detail


@pytest.fixture(scope="module")
def zero_bomb() -> bytes:
    """200 MB of zeros, gzip-compressed to about 200 KB."""
    return gzip_of(b"\0" * (1 << 20) for _ in range(200))


@pytest.mark.parametrize("name", ["bomb.txt.gz", "bomb.html.gz", "bomb.json.gz", "bomb.gz"])
def test_gzip_bomb_read_whole_is_too_large(tmp_path, zero_bomb, name):
    p = tmp_path / name
    p.write_bytes(zero_bomb)
    r = only_rejection(p, max_bytes=1_000_000)
    assert r.reason == "too-large"


@pytest.mark.parametrize("line", [b" " * (1 << 20), b"   \n" * (1 << 18)])
def test_gzip_bomb_streamed_is_too_large(tmp_path, line):
    # One endless line, or endless blank lines: both stop at BOMB_RATIO.
    p = tmp_path / "bomb.jsonl.gz"
    p.write_bytes(gzip.compress(b'{"text": "ok ok"}\n') + gzip_of(line for _ in range(200)))
    items = read(p, max_bytes=100_000)
    assert reasons(items)[0] is None and items[0].text == "ok ok"
    assert reasons(items)[-1] == "too-large" and items[-1].source == str(p)
    assert len(items) <= 3


def test_long_line_in_jsonl_is_rejected_alone(tmp_path):
    p = tmp_path / "rows.jsonl"
    p.write_text("\n".join([json.dumps({"text": EN}), json.dumps({"text": "x" * 5000}),
                            json.dumps({"text": AR})]))
    items = read(p, max_bytes=1000)
    assert reasons(items) == [None, "too-large", None]
    assert items[1].source == f"{p}#L2"


# ---------------------------------------------------------------- decoding

def test_undecodable(tmp_path):
    rnd = random.Random(7)
    p = tmp_path / "noise.txt"
    p.write_bytes(bytes(rnd.choice(range(0x80, 0x100)) for _ in range(3000)))
    assert only_rejection(p).reason == "undecodable"


def test_invalid_utf16_after_bom(tmp_path):
    p = tmp_path / "bad16.txt"
    p.write_bytes(b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xd8\x41\x00")  # lone surrogate
    assert only_rejection(p).reason == "undecodable"


def test_undecodable_line_among_good_jsonl_lines(tmp_path):
    rnd = random.Random(11)
    noise = bytes(rnd.choice(range(0x80, 0x100)) for _ in range(300))
    p = tmp_path / "rows.jsonl"
    p.write_bytes(json.dumps({"text": EN}).encode() + b"\n" + b'{"text": "' + noise + b'"}\n'
                  + json.dumps({"text": AR}, ensure_ascii=False).encode() + b"\n")
    items = read(p)
    assert reasons(items) == [None, "undecodable", None]
    assert items[1].source == f"{p}#L2" and items[2].text == AR


# ---------------------------------------------------------------- gzip damage

def test_truncated_gzip_text(tmp_path):
    p = tmp_path / "cut.txt.gz"
    p.write_bytes(gzip.compress((EN * 200).encode())[:-40])
    assert only_rejection(p).reason == "truncated-gzip"


def test_truncated_gzip_jsonl_keeps_records_read(tmp_path):
    rnd = random.Random(5)
    rows = [json.dumps({"title": f"n{i}", "text": " ".join(rnd.choice(EN.split()) for _ in range(300))})
            for i in range(200)]
    whole = gzip.compress("\n".join(rows).encode())
    p = tmp_path / "cut.jsonl.gz"
    p.write_bytes(whole[: len(whole) * 2 // 3])
    items = read(p)
    good = [i for i in items if isinstance(i, RawDocument)]
    assert 50 < len(good) < 200
    assert [d.title for d in good] == [f"n{i}" for i in range(len(good))]
    assert reasons(items)[len(good):] == ["truncated-gzip"]


def test_garbage_after_gzip_magic(tmp_path):
    p = tmp_path / "fake.txt.gz"
    p.write_bytes(b"\x1f\x8b" + b"not really deflate data at all" * 10)
    assert only_rejection(p).reason == "truncated-gzip"


# ---------------------------------------------------------------- JSON, CSV

def test_malformed_json_document(tmp_path):
    p = tmp_path / "bad.json"
    p.write_text('[{"text": "a"}, {"text": ')
    r = only_rejection(p)
    assert r.reason == "malformed-json" and "line 1" in r.detail


def test_deeply_nested_json(tmp_path):
    p = tmp_path / "deep.json"
    p.write_text("[" * 100_000 + "]" * 100_000)
    assert only_rejection(p).reason == "malformed-json"


def test_malformed_jsonl_row_among_good_rows(tmp_path):
    p = tmp_path / "rows.jsonl"
    p.write_text("\n".join([json.dumps({"text": EN}), '{"text": "broken', "[1, 2]",
                            json.dumps({"title": "no body"}), "", json.dumps({"text": AR})]))
    items = read(p)
    assert reasons(items) == [None, "malformed-json", "malformed-json", "no-text", None]
    assert [i.source.rsplit("#", 1)[1] for i in items] == ["L1", "L2", "L3", "L4", "L6"]


def test_csv_with_broken_rows(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("title,content,url\n"
                 f"One,{EN},https://a.example/1\n"
                 "Two,too,many,fields,here\n"
                 "Three\n"
                 f'Four,"{AR}",https://a.example/4\n'
                 "Five,,https://a.example/5\n", encoding="utf-8")
    items = read(p)
    assert reasons(items) == [None, "malformed-csv", "malformed-csv", None, "no-text"]
    assert [i.source.rsplit("#", 1)[1] for i in items] == [f"row={n}" for n in range(1, 6)]
    assert items[3].text == AR and items[3].url == "https://a.example/4"


def test_csv_field_over_the_limit(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text(f'title,text\nA,"{EN}"\nB,"{"y" * 3000}"\nC,"{AR}"\n', encoding="utf-8")
    items = read(p, max_bytes=2000)
    assert reasons(items) == [None, "too-large", None]
    assert items[2].text == AR


# ---------------------------------------------------------------- HTML

@pytest.mark.parametrize("markup,reason", [
    ("<html><head><title>Only a title</title></head></html>", "no-text"),
    ("<html><head><script>var a = 'x'.repeat(1000);</script></head><body>"
     "<script>document.write('SCRIPT-ONLY')</script><style>body{}</style></body></html>", "no-text"),
    ("<!-- nothing but a comment -->", "malformed-html"),
    ("<html><body><div>   </div><img src='x.png'></body></html>", "no-text"),
])
def test_html_without_article_text(tmp_path, markup, reason):
    p = tmp_path / "page.html"
    p.write_text(markup)
    r = only_rejection(p)
    assert r.reason == reason and "SCRIPT-ONLY" not in r.detail


def test_deeply_nested_html_does_not_crash(tmp_path):
    p = tmp_path / "deep.html"
    p.write_text("<html><body>" + "<div>" * 10_000 + (EN + " ") * 5 + "</div>" * 10_000
                 + "</body></html>")
    [item] = read(p)
    assert isinstance(item, (RawDocument, Rejection))


# ---------------------------------------------------------------- feeds (XML attacks)

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>x</title><description>&lol9;</description></item></channel></rss>"""


def test_billion_laughs_feed(tmp_path):
    p = tmp_path / "laughs.rss"
    p.write_text(BILLION_LAUGHS)
    r = only_rejection(p)
    assert r.reason == "unsafe-xml" and "lollol" not in repr(r)


@pytest.mark.parametrize("template", [
    # internal subset with an external entity
    '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{path}">]>'
    '<rss version="2.0"><channel><title>&xxe;</title><item><title>&xxe;</title>'
    "<description>&xxe;</description></item></channel></rss>",
    # parameter entity
    '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % p SYSTEM "file://{path}"> %p;]>'
    '<rss version="2.0"><channel><item><description>x</description></item></channel></rss>',
    # external DTD
    '<?xml version="1.0"?><!DOCTYPE rss SYSTEM "file://{path}">'
    '<rss version="2.0"><channel><item><description>x</description></item></channel></rss>',
    # not well-formed *and* an external entity (lenient parsers must not see it)
    '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{path}">]><rss version="2.0"><channel>'
    "<item><title>&xxe;</title><description>&xxe; & more</description></item>",
    # Atom, UTF-16
    '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE feed [<!ENTITY xxe SYSTEM "file://{path}">]>'
    '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&xxe;</title>'
    "<summary>&xxe;</summary></entry></feed>",
])
def test_external_entity_never_leaks_a_local_file(tmp_path, caplog, template):
    secret = "TOP-SECRET-" + os.urandom(6).hex()
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text(secret)
    xml = template.format(path=secret_file)
    p = tmp_path / "evil.xml"
    p.write_bytes(xml.encode("utf-16") if 'encoding="utf-16"' in xml else xml.encode())
    with caplog.at_level(logging.DEBUG):
        items = read(p)
    assert reasons(items) == ["unsafe-xml"]
    assert secret not in repr(items) and secret not in caplog.text


def test_malformed_feed_keeps_entries_before_the_damage(tmp_path):
    p = tmp_path / "cut.rss"
    p.write_text('<rss version="2.0"><channel><title>Wire</title>'
                 f"<item><title>A</title><description>{EN}</description></item>"
                 "<item><title>B</title><descrip")
    items = read(p)
    assert isinstance(items[0], RawDocument) and items[0].text == EN
    assert reasons(items)[-1] == "malformed-feed" and items[-1].source == str(p)


def test_garbage_xml_and_non_feed_xml(tmp_path):
    (tmp_path / "a.xml").write_text("<<<this is not xml>>> & <")
    (tmp_path / "b.xml").write_text("<root><a>1</a></root>")
    (tmp_path / "c.rss").write_text('<rss version="2.0"><channel><title>Empty</title></channel></rss>')
    (tmp_path / "d.rss").write_text('<rss version="2.0"><channel><item><title>No body</title>'
                                    "</item></channel></rss>")
    (tmp_path / "e").write_text('<?xml version="1.0"?><urlset><url>https://x.example/</url></urlset>')
    items = read(tmp_path)
    assert reasons(items) == ["malformed-feed", "unsupported", "empty", "no-text", "unsupported"]


# ---------------------------------------------------------------- WARC

def write_warc(path: Path, *, gz: bool, pages: int = 4) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    for i in range(pages):
        body = (f"<html><head><title>Page {i}</title></head><body><article>"
                + f"<p>{EN} Number {i}.</p>" * 4 + "</article></body></html>").encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(f"https://site.example/{i}", "response",
                                            payload=io.BytesIO(body), http_headers=headers))
    data = buf.getvalue()
    path.write_bytes(data)
    return data


@pytest.mark.parametrize("name,gz", [("cut.warc", False), ("cut.warc.gz", True)])
def test_truncated_warc_keeps_records_read(tmp_path, name, gz):
    p = tmp_path / name
    data = write_warc(p, gz=gz)
    p.write_bytes(data[: len(data) - 200])
    items = read(p)
    assert [d.title for d in items[:-1]] == ["Page 0", "Page 1", "Page 2"]
    assert reasons(items)[-1] == "malformed-warc"


def test_not_a_warc(tmp_path):
    (tmp_path / "a.warc").write_text("this is just text\nwith lines\n")
    (tmp_path / "b.warc.gz").write_bytes(gzip.compress(b"WARC/1.0\r\nbroken header line\r\n\r\n"))
    items = read(tmp_path / "a.warc", tmp_path / "b.warc.gz")
    assert reasons(items)[0] == "malformed-warc"
    assert all(isinstance(i, Rejection) for i in items)


def test_warc_record_over_the_limit(tmp_path):
    p = tmp_path / "a.warc"
    write_warc(p, gz=False, pages=2)
    items = read(p, max_bytes=500)
    assert reasons(items) == ["too-large", "too-large"]
    assert items[1].source == f"{p}#record=2"


# ---------------------------------------------------------------- paths

def test_missing_path(tmp_path):
    r = only_rejection(tmp_path / "nope.txt")
    assert r.reason == "not-found" and r.source == str(tmp_path / "nope.txt")


def test_fifo_is_not_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert only_rejection(fifo).reason == "unsupported"


def test_url_list_with_bad_lines(tmp_path):
    p = tmp_path / "list.urls"
    p.write_text("# comment\nftp://example.org/file\nnot a url\n")
    items = read(p)
    assert reasons(items) == ["unsupported", "unsupported"]
    assert [i.source for i in items] == [f"{p}#L2", f"{p}#L3"]


def test_unsupported_url_scheme():
    [r] = read("file:///etc/passwd")
    assert r.reason == "unsupported" and "root:" not in repr(r)


# ---------------------------------------------------------------- fuzzing

@hsettings(max_examples=150, deadline=None,
           suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600),
       ext=st.sampled_from([".txt", ".html", ".json", ".jsonl", ".csv", ".tsv", ".xml",
                            ".warc", ".urls", "", ".gz", ".jsonl.gz"]),
       prefix=st.sampled_from([b"", b"\x1f\x8b", b"WARC/1.0\r\n", b"<rss>", b"{", b"[",
                               b"<html>", b"\xff\xfe", b"title,text\n"]))
def test_arbitrary_bytes_never_raise(tmp_path, data, ext, prefix):
    p = tmp_path / f"fuzz{ext}"
    p.write_bytes(prefix + data)
    items = read(p, max_bytes=10_000)
    assert items and all(isinstance(i, (RawDocument, Rejection)) for i in items)
    for i in items:
        if isinstance(i, Rejection):
            assert i.reason != "unreadable", i  # an unexpected exception was caught
