"""Readers on good input: seeds, SaudiNewsNet, every format and encoding.

Real data is read from ../shared at run time; everything else is generated
here (texts written for these tests).
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
from pathlib import Path

import pytest

from khabar.article import RawDocument, Rejection
from khabar.config import Settings
from khabar.readers import Progress, expand_inputs, iter_documents, read_source

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
SAUDI = SHARED / "news" / "saudinewsnet.jsonl.gz"

AR_TEXT = ("أعلنت وزارة الخارجية اليوم عن اتفاق جديد للتعاون الاقتصادي بين البلدين، "
           "وقال المتحدث باسم الوزارة إن المحادثات تناولت قضايا الطاقة والتجارة والنقل.\n"
           "وأضاف أن الجانبين اتفقا على عقد اجتماع ثانٍ الشهر المقبل في العاصمة.")
FA_TEXT = ("وزیر امور خارجه امروز در گفت‌وگوی تلفنی با همتای خود درباره همکاری‌های "
           "اقتصادی و امنیتی منطقه گفت‌وگو کرد.")
RU_TEXT = ("Министр иностранных дел провёл телефонный разговор с коллегой и обсудил "
           "вопросы региональной безопасности и торговли.")
# Persian as windows-1256 writes it: that code page has only the Arabic
# forms of yeh and kaf.
FA_TEXT_1256 = FA_TEXT.replace("ی", "ي").replace("ک", "ك")
EN_TEXT = ("The foreign minister held a phone call with his counterpart on Monday and "
           "discussed regional security, trade and energy cooperation.")


def read_all(*inputs, settings: Settings | None = None, progress: Progress | None = None):
    return list(iter_documents([str(i) for i in inputs], settings or Settings(), progress))


def docs(items) -> list[RawDocument]:
    return [i for i in items if isinstance(i, RawDocument)]


def rejections(items) -> list[Rejection]:
    return [i for i in items if isinstance(i, Rejection)]


def article_page(title: str, body: str, *, charset: str = "utf-8", site: str = "Test Daily",
                 date: str = "2022-01-10") -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in body.split("\n"))
    return (f"<!DOCTYPE html><html><head><meta charset=\"{charset}\"><title>{title}</title>"
            f"<meta property=\"og:site_name\" content=\"{site}\">"
            f"<meta property=\"article:published_time\" content=\"{date}\">"
            f"<script>var leaked = 'SCRIPT-SECRET-1';</script><style>p {{color: red}}</style>"
            f"</head><body><nav><a href=\"/\">Home</a></nav><article><h1>{title}</h1>"
            f"{paragraphs}{paragraphs}<script>document.write('SCRIPT-SECRET-2')</script>"
            f"</article><footer>Copyright</footer></body></html>")


# ---------------------------------------------------------------- real data

@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/corpus/seeds is missing")
def test_seeds_are_five_text_documents_kept_as_is():
    items = read_all(SEEDS)
    assert len(items) == 5 and all(isinstance(i, RawDocument) for i in items)
    for item in items:
        original = Path(item.source).read_text(encoding="utf-8").replace("\r\n", "\n")
        assert item.format == "text" and item.title is None
        assert item.text == original.removeprefix("\ufeff")
    assert [Path(i.source).name[:3] for i in items] == ["000", "001", "002", "003", "004"]


def _saudi_lines(n: int) -> list[str]:
    with gzip.open(SAUDI, "rt", encoding="utf-8") as f:
        return [next(f) for _ in range(n)]


@pytest.mark.skipif(not SAUDI.exists(), reason="../shared/news/saudinewsnet.jsonl.gz is missing")
@pytest.mark.parametrize("name", ["sample.jsonl", "sample.jsonl.gz", "sample_no_extension"])
def test_saudinewsnet_fields_map_out_of_the_box(tmp_path, name):
    lines = _saudi_lines(50)
    data = "".join(lines).encode("utf-8")
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    items = read_all(path)
    assert len(items) == 50
    for n, (item, line) in enumerate(zip(items, lines), 1):
        record = json.loads(line)
        assert item.source == f"{path}#L{n}"
        if not record["content"].strip():
            assert item.reason == "no-text"
            continue
        assert isinstance(item, RawDocument), item
        assert item.text == record["content"]
        assert item.title == record["title"]
        assert item.url == record["url"]
        assert item.outlet == record["source"]
        assert item.published == record["date_extracted"]
        assert item.published_field == "date_extracted"
        assert item.author == (record["author"].strip() or None)
        assert item.format == "record" and item.meta == {}


@pytest.mark.skipif(not SAUDI.exists(), reason="../shared/news/saudinewsnet.jsonl.gz is missing")
def test_progress_follows_compressed_position(tmp_path):
    lines = _saudi_lines(400)
    path = tmp_path / "big.jsonl.gz"
    path.write_bytes(gzip.compress("".join(lines).encode("utf-8")))
    text = tmp_path / "a.txt"
    text.write_text(AR_TEXT, encoding="utf-8")
    progress = Progress()
    seen = []
    for _ in iter_documents([str(text), str(path)], Settings(), progress):
        seen.append(progress.bytes_done)
    total = path.stat().st_size + text.stat().st_size
    assert progress.bytes_total == total and progress.bytes_done == total
    assert progress.sources_total == 2 and progress.sources_done == 2
    assert seen == sorted(seen) and 0 < seen[1] < seen[-1] <= total


# ---------------------------------------------------------------- inputs

def test_expand_inputs_walks_sorted_and_skips_hidden(tmp_path):
    for rel in ["b/2.txt", "b/1.txt", "a.txt", "c/d/e.txt", ".hidden/x.txt", "b/.secret.txt"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(EN_TEXT)
    url = "https://example.org/news/1"
    got = expand_inputs([str(tmp_path), url, str(tmp_path / "missing.txt")])
    rel = [Path(g).relative_to(tmp_path).as_posix() for g in got[:4]]
    assert rel == ["a.txt", "b/1.txt", "b/2.txt", "c/d/e.txt"]
    assert got[4:] == [url, str(tmp_path / "missing.txt")]


def test_read_source_reads_one_file_or_directory(tmp_path):
    (tmp_path / "x.txt").write_text(EN_TEXT)
    (tmp_path / "y.txt").write_text(RU_TEXT)
    assert [d.text for d in read_source(str(tmp_path / "x.txt"), Settings())] == [EN_TEXT]
    assert len(list(read_source(str(tmp_path), Settings()))) == 2


# ---------------------------------------------------------------- text and decoding

def test_plain_text_line_endings_and_bom(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(codecs.BOM_UTF8 + "Title\r\nLine one\rLine two\r\n".encode("utf-8"))
    [doc] = read_all(p)
    assert doc.text == "Title\nLine one\nLine two\n"
    assert doc.format == "text" and doc.title is None


@pytest.mark.parametrize("encoding,text", [
    ("cp1256", AR_TEXT), ("cp1256", FA_TEXT_1256), ("iso8859_6", AR_TEXT.replace("ٍ", "")),
    ("cp1251", RU_TEXT), ("koi8_r", RU_TEXT), ("utf-16", AR_TEXT), ("utf-16-le", AR_TEXT),
    ("utf-16-be", AR_TEXT), ("utf-16-le", EN_TEXT), ("utf-32", RU_TEXT), ("utf-8-sig", FA_TEXT),
])
def test_encodings_are_detected(tmp_path, encoding, text):
    p = tmp_path / "article.txt"
    p.write_bytes(text.encode(encoding))
    [doc] = read_all(p)
    assert isinstance(doc, RawDocument), doc
    assert doc.text == text


def test_gzip_is_recognised_by_magic_not_name(tmp_path):
    p = tmp_path / "article.txt"  # gzip data under a plain name
    p.write_bytes(gzip.compress(AR_TEXT.encode("cp1256")))
    [doc] = read_all(p)
    assert doc.text == AR_TEXT


def test_txt_of_urls_is_a_url_list(tmp_path, closed_port):
    p = tmp_path / "links.txt"
    p.write_text(f"# my list\nhttp://127.0.0.1:{closed_port}/a\n\nhttp://127.0.0.1:{closed_port}/b\n")
    items = read_all(p, settings=Settings(allow_private_urls=True, timeout=2))
    assert [i.source for i in items] == [f"http://127.0.0.1:{closed_port}/a",
                                         f"http://127.0.0.1:{closed_port}/b"]
    assert {i.reason for i in items} == {"fetch-failed"}


# ---------------------------------------------------------------- HTML

@pytest.mark.parametrize("name,encoding", [("page.html", "utf-8"), ("page.htm", "windows-1256"),
                                           ("page", "utf-8"), ("page.html.gz", "utf-8")])
def test_html_article_text_and_metadata(tmp_path, name, encoding):
    page = article_page("اتفاق جديد للتعاون", AR_TEXT, charset=encoding)
    data = page.encode(encoding)
    p = tmp_path / name
    p.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    [doc] = read_all(p)
    assert isinstance(doc, RawDocument), doc
    assert doc.format == "html"
    assert doc.title == "اتفاق جديد للتعاون"
    assert "وأضاف أن الجانبين اتفقا" in doc.text
    assert doc.published == "2022-01-10" and doc.published_field == "html:date"
    assert doc.outlet == "Test Daily"
    assert "SCRIPT-SECRET" not in doc.text and "<" not in doc.text and "color" not in doc.text


def test_xhtml_with_xml_declaration(tmp_path):
    body = "".join(f"<p>{EN_TEXT}</p>" for _ in range(3))
    p = tmp_path / "page.xhtml"
    p.write_text('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
                 f"<head><title>Call</title></head><body><article>{body}</article></body></html>")
    [doc] = read_all(p)
    assert isinstance(doc, RawDocument) and EN_TEXT in doc.text


# ---------------------------------------------------------------- records

def test_json_array_and_wrapped_list(tmp_path):
    records = [{"headline": "One", "body": EN_TEXT, "link": "https://a.example/1",
                "publisher": "A News", "pubDate": "2022-01-10", "section": "world",
                "views": 12, "tags": ["x", "y"]},
               {"title": "Two", "text": RU_TEXT, "byline": ["Ivan", "Olga"]}]
    (tmp_path / "a.json").write_text(json.dumps(records))
    (tmp_path / "b.json").write_text(json.dumps({"status": "ok", "articles": records}))
    items = read_all(tmp_path / "a.json", tmp_path / "b.json")
    assert [i.source.rsplit("/", 1)[1] for i in items] == [
        "a.json#item=1", "a.json#item=2", "b.json#item=1", "b.json#item=2"]
    one, two = items[:2]
    assert (one.title, one.text, one.url, one.outlet) == ("One", EN_TEXT, "https://a.example/1", "A News")
    assert (one.published, one.published_field) == ("2022-01-10", "pubDate")
    assert one.meta == {"record": {"section": "world", "views": 12}}  # small scalars only
    assert two.author == "Ivan, Olga" and two.published is None


def test_field_map_overrides_defaults(tmp_path):
    rec = {"title": "Decoy", "content": "not this", "story": AR_TEXT, "hed": "العنوان",
           "when": "2022-01-11", "paper": "Al Example"}
    (tmp_path / "r.jsonl").write_text(json.dumps(rec, ensure_ascii=False) + "\n")
    fm = {"text": "story", "title": "hed", "published": "when", "outlet": "paper"}
    [doc] = read_all(tmp_path / "r.jsonl", settings=Settings(field_map=fm))
    assert (doc.text, doc.title, doc.published, doc.published_field, doc.outlet) == (
        AR_TEXT, "العنوان", "2022-01-11", "when", "Al Example")


def test_html_in_record_text_becomes_plain_text(tmp_path):
    rec = {"title": "<b>Bold</b> &amp; title", "source": "https://www.site.example/feed",
           "content": "<p>First &amp; paragraph.</p><script>alert('x')</script><p>Second<br>line</p>"}
    escaped = {"text": "Tom &amp; Jerry &#1605;"}
    (tmp_path / "r.jsonl").write_text(json.dumps(rec) + "\n" + json.dumps(escaped))
    doc, doc2 = read_all(tmp_path / "r.jsonl")
    assert doc2.text == "Tom & Jerry م"
    assert doc.text == "First & paragraph.\nSecond\nline"
    assert doc.title == "Bold & title"
    assert doc.outlet == "site.example"


def test_csv_and_tsv(tmp_path):
    long_text = (EN_TEXT + " ") * 5000  # longer than the csv module's default field limit
    buf = io.StringIO()
    import csv
    w = csv.writer(buf)
    w.writerow(["title", "content", "url", "date"])
    w.writerow(["One", long_text, "https://a.example/1", "2022-01-10"])
    w.writerow(["Two", AR_TEXT, "https://a.example/2", "2022-01-11"])  # has a newline inside
    (tmp_path / "a.csv").write_text(buf.getvalue(), encoding="utf-8")
    (tmp_path / "b.tsv").write_text("headline\ttext\nTSV one\t" + RU_TEXT + "\n", encoding="utf-8")
    (tmp_path / "c.csv").write_bytes(("title;body\nSemi;" + AR_TEXT.replace("\n", " ")).encode("cp1256"))
    items = read_all(tmp_path / "a.csv", tmp_path / "b.tsv", tmp_path / "c.csv")
    assert all(isinstance(i, RawDocument) for i in items), items
    assert [i.source.rsplit("/", 1)[1] for i in items] == ["a.csv#row=1", "a.csv#row=2",
                                                           "b.tsv#row=1", "c.csv#row=1"]
    assert items[0].text == long_text and items[1].text == AR_TEXT
    assert items[1].published == "2022-01-11"
    assert items[2].title == "TSV one" and items[3].text == AR_TEXT.replace("\n", " ")


def test_utf16_jsonl_and_pretty_json_without_extension(tmp_path):
    lines = "\n".join(json.dumps({"title": f"T{i}", "text": AR_TEXT}, ensure_ascii=False)
                      for i in range(3))
    (tmp_path / "w.jsonl").write_bytes(lines.encode("utf-16"))
    (tmp_path / "pretty").write_text(json.dumps({"items": [{"text": EN_TEXT}]}, indent=2))
    (tmp_path / "lines").write_text(lines, encoding="utf-8")
    items = read_all(tmp_path / "w.jsonl", tmp_path / "pretty", tmp_path / "lines")
    assert [d.title for d in items] == ["T0", "T1", "T2", None, "T0", "T1", "T2"]
    assert all(d.text in (AR_TEXT, EN_TEXT) for d in items)


# ---------------------------------------------------------------- feeds

RSS = """<?xml version="1.0" encoding="{enc}"?>
<rss version="2.0"><channel><title>Example Wire</title><link>https://wire.example/</link>
<item><title>First story</title><link>https://wire.example/1</link>
<pubDate>Mon, 10 Jan 2022 10:00:00 GMT</pubDate><author>desk@wire.example (Desk)</author>
<description>&lt;p&gt;{text}&lt;/p&gt;&lt;script&gt;SCRIPT-SECRET-3&lt;/script&gt;</description></item>
<item><title>Second story</title><link>https://wire.example/2</link><description>Short plain summary.</description></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title>
<entry><title>Atom one</title><link href="https://atom.example/1"/><updated>2022-01-11T08:00:00Z</updated>
<id>tag:atom.example,2022:1</id><content type="html">&lt;div&gt;{RU_TEXT}&lt;/div&gt;</content></entry>
</feed>"""


@pytest.mark.parametrize("name,encoding", [("feed.xml", "utf-8"), ("feed.rss", "windows-1256"),
                                           ("feed_no_ext", "utf-8")])
def test_rss_entries(tmp_path, name, encoding):
    p = tmp_path / name
    p.write_bytes(RSS.format(enc=encoding, text=AR_TEXT).encode(encoding))
    items = read_all(p)
    assert [i.source for i in items] == [f"{p}#item=1", f"{p}#item=2"]
    first, second = items
    assert first.format == "feed" and first.title == "First story"
    assert first.url == "https://wire.example/1" and first.outlet == "Example Wire"
    assert first.published == "Mon, 10 Jan 2022 10:00:00 GMT"
    assert first.published_field == "feed:published"
    assert first.text == AR_TEXT and "SCRIPT-SECRET" not in first.text
    assert second.text == "Short plain summary." and second.published is None


def test_atom_entries(tmp_path):
    p = tmp_path / "x.atom"
    p.write_text(ATOM, encoding="utf-8")
    [doc] = read_all(p)
    assert (doc.title, doc.url, doc.outlet, doc.text) == ("Atom one", "https://atom.example/1",
                                                         "Atom Desk", RU_TEXT)
    assert doc.published_field == "feed:updated" and doc.meta == {"guid": "tag:atom.example,2022:1"}


# ---------------------------------------------------------------- WARC

def make_warc(path: Path, *, gz: bool) -> list[str]:
    """A small crawl: warcinfo, request, HTML response, redirect, image,
    text resource.  Returns the expected document sources' fragments."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=gz)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "khabar-tests"}))
        req = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "news.example")], is_http_request=True)
        w.write_record(w.create_warc_record("https://news.example/a", "request", http_headers=req))

        def response(url, status, ctype, body):
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                http_headers=headers))

        response("https://news.example/a", "200 OK", "text/html; charset=windows-1256",
                 article_page("خبر من الأرشيف", AR_TEXT, charset="windows-1256",
                              site="").encode("cp1256"))
        response("https://news.example/old", "301 Moved Permanently", "text/html", b"moved")
        response("https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n....")
        w.write_record(w.create_warc_record(
            "urn:text:1", "resource", payload=io.BytesIO(EN_TEXT.encode("utf-8")),
            warc_content_type="text/plain; charset=utf-8"))
    return ["#record=3", "#record=5", "#record=6"]


@pytest.mark.parametrize("name,gz", [("crawl.warc", False), ("crawl.warc.gz", True),
                                     ("crawl_no_ext", False)])
def test_warc_records(tmp_path, name, gz):
    p = tmp_path / name
    expected = make_warc(p, gz=gz)
    items = read_all(p)
    assert [i.source for i in items] == [f"{p}{e}" for e in expected]
    page, image, text = items
    assert isinstance(page, RawDocument) and page.format == "warc"
    assert page.url == "https://news.example/a" and page.outlet == "news.example"
    assert page.title == "خبر من الأرشيف" and "وأضاف أن الجانبين" in page.text
    assert "SCRIPT-SECRET" not in page.text and page.meta.get("warc_date")
    assert image.reason == "unsupported"
    assert text.text == EN_TEXT and text.format == "warc"
