"""Fetching URLs from real HTTP servers on 127.0.0.1 (no other network)."""

from __future__ import annotations

import gzip
import time

import pytest

from khabar.article import RawDocument, Rejection
from khabar.config import Settings
from khabar.readers import iter_documents

pytestmark = pytest.mark.network

AR = ("أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المدينة، وقال الوزير إن "
      "المستشفى سيخدم أكثر من مئة ألف نسمة ويضم أقساماً للطوارئ والأطفال.")
RU = "Правительство утвердило новый план строительства дорог и школ в регионе на ближайшие годы."
EN = "The city opened a new library on Saturday, with reading rooms, a café and a children's wing."


def page(title: str, text: str, *, meta: str = "") -> str:
    body = "".join(f"<p>{text}</p>" for _ in range(3))
    return (f"<html><head>{meta}<title>{title}</title>"
            "<script>var x = 'FETCH-SCRIPT-SECRET';</script></head>"
            f"<body><article><h1>{title}</h1>{body}</article></body></html>")


def fetch(*urls, **settings) -> list[RawDocument | Rejection]:
    base = {"allow_private_urls": True, "timeout": 5.0}
    return list(iter_documents(list(urls), Settings(**{**base, **settings})))


def one(url, **settings):
    items = fetch(url, **settings)
    assert len(items) == 1, items
    return items[0]


# ---------------------------------------------------------------- good pages

def test_html_page(local_http_server):
    url = local_http_server.add("/news/1", page("Library opens", EN),
                                headers={"Content-Type": "text/html; charset=utf-8"})
    doc = one(url)
    assert isinstance(doc, RawDocument), doc
    assert (doc.source, doc.url, doc.format) == (url, url, "html")
    assert doc.title == "Library opens" and EN in doc.text
    assert doc.outlet == "127.0.0.1" and "FETCH-SCRIPT-SECRET" not in doc.text


@pytest.mark.parametrize("content_type,meta", [
    ("text/html; charset=windows-1256", ""),  # charset in the header only
    ("text/html", '<meta charset="windows-1256">'),  # in a meta tag only
    ("text/html", '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'),
])
def test_windows_1256_page(local_http_server, content_type, meta):
    body = page("مستشفى جديد", AR, meta=meta).encode("cp1256")
    url = local_http_server.add("/ar", body, headers={"Content-Type": content_type})
    doc = one(url)
    assert doc.title == "مستشفى جديد" and AR in doc.text


@pytest.mark.parametrize("encoding,content_type", [
    ("utf-16", "text/html"),  # with a BOM
    ("utf-16-le", "text/html; charset=utf-16"),  # no BOM, header says UTF-16
    ("utf-16-le", "text/html"),  # no BOM, nothing declared
])
def test_utf16_page(local_http_server, encoding, content_type):
    body = page("Новые дороги", RU).encode(encoding)
    url = local_http_server.add("/ru", body, headers={"Content-Type": content_type})
    doc = one(url)
    assert doc.title == "Новые дороги" and RU in doc.text


def test_gzip_content_encoding(local_http_server):
    body = gzip.compress(page("Library opens", EN).encode())
    url = local_http_server.add("/gz", body, headers={"Content-Type": "text/html",
                                                      "Content-Encoding": "gzip"})
    assert EN in one(url).text


def test_feed_and_text_and_unsupported_types(local_http_server):
    rss = ('<?xml version="1.0"?><rss version="2.0"><channel><title>City Wire</title>'
           f"<item><title>One</title><link>https://city.example/1</link><description>{EN}"
           "</description></item></channel></rss>")
    feed = local_http_server.add("/feed", rss, headers={"Content-Type": "application/rss+xml"})
    sniffed = local_http_server.add("/feed2", rss, headers={"Content-Type": "application/octet-stream"})
    text = local_http_server.add("/t", RU, headers={"Content-Type": "text/plain; charset=utf-8"})
    png = local_http_server.add("/p.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100,
                                headers={"Content-Type": "image/png"})
    items = fetch(feed, sniffed, text, png)
    assert [i.source for i in items] == [f"{feed}#item=1", f"{sniffed}#item=1", text, png]
    assert items[0].outlet == "City Wire" and items[0].url == "https://city.example/1"
    assert items[1].text == EN and items[2].text == RU and items[2].format == "text"
    assert items[3].reason == "unsupported"


def test_redirects_are_followed(local_http_server):
    final = local_http_server.add("/final", page("Library opens", EN),
                                  headers={"Content-Type": "text/html"})
    local_http_server.add("/r2", status=302, headers={"Location": "/final"})
    start = local_http_server.add("/r1", status=301, headers={"Location": local_http_server.url("/r2")})
    doc = one(start)
    assert doc.source == start and doc.url == final and EN in doc.text


def test_url_list_file(local_http_server, tmp_path):
    a = local_http_server.add("/a", page("A", EN), headers={"Content-Type": "text/html"})
    b = local_http_server.add("/b", page("B", RU), headers={"Content-Type": "text/html"})
    lst = tmp_path / "today.urls"
    lst.write_text(f"# morning\n{a}\n\n{b}\n{local_http_server.url('/missing')}\n")
    items = fetch(str(lst))
    assert [i.source for i in items] == [a, b, local_http_server.url("/missing")]
    assert [i.title for i in items[:2]] == ["A", "B"]
    assert items[2].reason == "fetch-failed" and "404" in items[2].detail


# ---------------------------------------------------------------- failures

def test_server_error(local_http_server):
    url = local_http_server.add("/boom", "oops", status=500)
    r = one(url)
    assert r.reason == "fetch-failed" and "HTTP 500" in r.detail


def test_redirect_loop(local_http_server):
    local_http_server.add("/a", status=302, headers={"Location": "/b"})
    url = local_http_server.add("/b", status=302, headers={"Location": "/a"})
    r = one(url)
    assert r.reason == "fetch-failed" and "redirect loop" in r.detail


def test_too_many_redirects(local_http_server):
    for i in range(8):
        local_http_server.add(f"/hop{i}", status=307, headers={"Location": f"/hop{i + 1}"})
    r = one(local_http_server.url("/hop0"))
    assert r.reason == "fetch-failed" and "more than 5 redirects" in r.detail
    assert local_http_server.requests == [f"/hop{i}" for i in range(6)]


def test_connection_refused(closed_port):
    r = one(f"http://127.0.0.1:{closed_port}/")
    assert r.reason == "fetch-failed" and "connection refused" in r.detail


def test_slow_server_times_out(local_http_server):
    url = local_http_server.add("/slow", page("Late", EN), delay=4.0,
                                headers={"Content-Type": "text/html"})
    start = time.monotonic()
    r = one(url, timeout=1.0)
    assert r.reason == "fetch-failed" and "timeout" in r.detail
    assert time.monotonic() - start < 3.5


def test_dripping_server_hits_the_deadline(local_http_server):
    def drip(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        try:
            for _ in range(40):
                handler.wfile.write(b"<p>still coming</p>")
                handler.wfile.flush()
                time.sleep(0.1)
        except (BrokenPipeError, ConnectionResetError):
            pass

    url = local_http_server.add("/drip", handler=drip)
    r = one(url, timeout=1.0)
    assert r.reason == "fetch-failed" and "timeout" in r.detail


@pytest.mark.parametrize("with_length", [True, False])
def test_oversized_body(local_http_server, with_length):
    url = local_http_server.add("/big", page("Big", EN * 2000), content_length=with_length,
                                headers={"Content-Type": "text/html"})
    r = one(url, max_bytes=50_000)
    assert r.reason == "too-large" and "max_bytes" in r.detail


def test_private_addresses_are_refused_by_default(local_http_server):
    url = local_http_server.add("/secret", page("Internal", EN), headers={"Content-Type": "text/html"})
    port = local_http_server.port
    urls = [url, f"http://localhost:{port}/secret", f"http://[::ffff:127.0.0.1]:{port}/secret",
            "http://10.1.2.3/", "http://169.254.169.254/latest/meta-data/", "http://0.0.0.0/"]
    items = fetch(*urls, allow_private_urls=False)
    assert [i.reason for i in items] == ["private-address"] * len(urls)
    assert "allow_private_urls" in items[0].detail
    assert local_http_server.requests == []  # nothing was even sent


def test_redirect_to_another_scheme_is_refused(local_http_server):
    url = local_http_server.add("/go", status=302, headers={"Location": "file:///etc/passwd"})
    r = one(url)
    assert r.reason == "unsupported" and "root:" not in repr(r)
    assert local_http_server.requests == ["/go"]
