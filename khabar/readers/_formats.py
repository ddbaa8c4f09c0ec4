"""Which reader an input needs: by file extension, by content sniffing, or by
the media type of an HTTP response or WARC record."""

from __future__ import annotations

import json
import re
from pathlib import PurePath
from typing import Iterator

from ..article import RawDocument, Rejection
from ..config import Settings
from ..errors import InputError
from ._io import SNIFF_BYTES, decode_bytes, head_text
from .feeds import read_feed
from .html import host_of, html_document, meta_charset
from .text import text_document

Item = RawDocument | Rejection

EXTENSIONS = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".csv": "csv", ".tsv": "tsv",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
    ".warc": "warc", ".arc": "warc",
    ".urls": "urls",
}
HTML_TYPES = {"text/html", "application/xhtml+xml"}
FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml"}
XML_TYPES = {"application/xml", "text/xml"}
# Media types that say nothing about the content: sniff it.
VAGUE_TYPES = {"", "application/octet-stream", "binary/octet-stream", "application/unknown"}

# Things that may precede the root element of an XML or HTML document.
_PROLOG = re.compile(r"^(?:\s+|<\?xml[^>]*\?>|<!--.*?-->)+", re.DOTALL | re.IGNORECASE)
_HTML_START = ("<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<div",
               "<p>", "<article", "<!-- saved from")


def format_by_name(path: str) -> str | None:
    """Format implied by the file name (a ``.gz`` suffix is looked through)."""
    name = PurePath(path).name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return EXTENSIONS.get(PurePath(name).suffix)


def sniff_format(head: bytes) -> str:
    """Format guessed from the first bytes of the content (decompressed).

    Returns one of ``warc feed html json jsonl text``.
    """
    if head.startswith((b"WARC/1.", b"WARC/0.")) or head.startswith(b"filedesc://"):
        return "warc"
    start = head_text(head)
    text = _PROLOG.sub("", start, count=1)
    low = text[:300].lower()
    if low.startswith(("<rss", "<feed", "<rdf:rdf")):
        return "feed"
    if low.startswith(_HTML_START):
        return "html"
    if low.startswith("<!doctype") or (start[:5].lower() == "<?xml" and low.startswith("<")):
        # Other XML: the feed reader refuses a DTD as unsafe and any other
        # document as "not a feed".
        return "feed"
    if low.startswith("["):
        return "json"
    if low.startswith("{"):
        return _json_or_lines(text)
    return "text"


def _json_or_lines(text: str) -> str:
    """``jsonl`` when the first line is a complete JSON object on its own,
    else ``json`` (pretty-printed, or a first line longer than the sniffed head;
    the JSON reader falls back to lines when it finds several values)."""
    first, newline, _ = text.partition("\n")
    if not newline:
        return "json"
    try:
        return "jsonl" if isinstance(json.loads(first), dict) else "json"
    except (json.JSONDecodeError, RecursionError):
        return "json"


def format_by_media_type(mime: str, head: bytes) -> str:
    """Reader for an HTTP/WARC payload of media type ``mime``: ``html``,
    ``feed``, ``text`` or ``unsupported``."""
    if mime in HTML_TYPES:
        return "html"
    if mime in FEED_TYPES:
        return "feed"
    if mime in XML_TYPES:
        return "html" if sniff_format(head) == "html" else "feed"
    if mime == "text/plain":
        return "text"
    if mime in VAGUE_TYPES:
        kind = sniff_format(head)
        return kind if kind in ("html", "feed", "text") else "unsupported"
    return "unsupported"


def decode_page(source: str, data: bytes, charset: str | None) -> str:
    """Decode an HTML page: header charset, else ``<meta charset>``, then the
    usual BOM / UTF-8 / detection order of :func:`decode_bytes`."""
    return decode_bytes(data, charset or meta_charset(data), source=source)


def read_payload(source: str, data: bytes, mime: str, charset: str | None,
                 settings: Settings, *, url: str | None = None,
                 fmt: str = "html") -> Iterator[Item]:
    """Documents in a fetched or archived payload (HTML page, feed or text).

    ``fmt`` is the RawDocument format recorded for HTML and text (``html``
    for fetched pages, ``warc`` for archived ones)."""
    kind = format_by_media_type(mime, data[:SNIFF_BYTES])
    try:
        if kind == "html":
            yield html_document(source, decode_page(source, data, charset), url=url,
                                outlet=host_of(url), fmt=fmt)
        elif kind == "feed":
            yield from read_feed(source, data, settings, url=url, declared=charset)
        elif kind == "text":
            text = decode_bytes(data, charset, source=source)
            doc = text_document(source, text, url=url, outlet=host_of(url))
            if fmt != "html":
                doc.format = fmt
            yield doc
        else:
            yield Rejection(source, "unsupported",
                            f"media type {mime or 'unknown'} is not HTML, a feed or plain text")
    except InputError as exc:
        yield Rejection(source, exc.reason, exc.message)
