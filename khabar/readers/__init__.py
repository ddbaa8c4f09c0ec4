"""Readers: files, directories and URLs in, :class:`RawDocument` out.

::

    inputs ──expand_inputs──> files and URLs, in order
       file ──format (extension, else sniffed)──> text | html | json | jsonl
                                                   | csv | tsv | feed | warc | urls
       URL  ──web.fetch (checked, size/time bounded)──> html | feed | text

Nothing here raises for a bad input: every problem is a
:class:`~khabar.article.Rejection` with a stable ``reason``: ``binary``,
``empty``, ``too-large``, ``undecodable``, ``malformed-json``,
``malformed-csv``, ``malformed-html``, ``no-text``, ``unsafe-xml``,
``malformed-feed``, ``malformed-warc``, ``truncated-gzip``, ``not-found``,
``fetch-failed``, ``private-address``, ``unsupported`` (and ``unreadable``
for a file the operating system will not let us read).  Items inside a
container are named ``file.jsonl#L12``, ``file.csv#row=5``,
``file.json#item=2``, ``feed.xml#item=3``, ``x.warc.gz#record=7``.

Size limit: ``Settings.max_bytes`` bounds what is held in memory at once —
the whole (decompressed) file for documents read whole (text, HTML, JSON,
feeds, URL lists) and each line or record for streamed containers (JSONL,
CSV/TSV, WARC), so that multi-gigabyte dumps stream through.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..article import RawDocument, Rejection
from ..config import Settings
from ..errors import InputError
from ._formats import decode_page, format_by_name, sniff_format
from ._io import (Cursor, binary_kind, bom_encoding, decode_bytes, file_size, head_text,
                  read_all, read_head, utf16_without_bom)
from .feeds import read_feed
from .html import html_document
from .records import (read_csv_stream, read_csv_text, read_json, read_jsonl_stream,
                      read_jsonl_text)
from .text import is_http_url, is_url_list, text_document, url_lines
from .warc import read_warc
from .web import read_url

__all__ = ["Progress", "iter_documents", "expand_inputs", "read_source"]

log = logging.getLogger(__name__)

Item = RawDocument | Rejection
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")


@dataclass
class Progress:
    """How far :func:`iter_documents` has got, for a progress bar.

    ``bytes_total`` is the sum of the input files' sizes (URLs count 0);
    ``bytes_done`` advances as files are consumed — for gzip files by the
    compressed position, so both are on the same scale.
    """

    bytes_done: int = 0
    bytes_total: int = 0
    sources_done: int = 0
    sources_total: int = 0


def is_url(source: str) -> bool:
    """True when ``source`` is written as a URL (``scheme://…``)."""
    return bool(_URL.match(source))


# ---------------------------------------------------------------- inputs

def expand_inputs(inputs: Iterable[str]) -> list[str]:
    """Files and URLs to read, in order.

    Directories are walked recursively in sorted order, skipping hidden files
    and directories (names starting with ``.``) and anything that is not a
    regular file; symlinked directories are not followed (no cycles).  URLs
    and paths that do not exist are kept as given (the latter are reported
    ``not-found`` when read).
    """
    out: list[str] = []
    for item in inputs:
        item = str(item)
        if not is_url(item) and os.path.isdir(item):
            out.extend(_walk(item))
        else:
            out.append(item)
    return out


def _walk(top: str) -> list[str]:
    found = []
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            path = os.path.join(dirpath, name)
            if not name.startswith(".") and os.path.isfile(path):
                found.append(path)
    return sorted(found, key=lambda p: Path(p).relative_to(top).parts)


# ---------------------------------------------------------------- reading

def iter_documents(inputs: Iterable[str], settings: Settings,
                   progress: Progress | None = None) -> Iterator[Item]:
    """Every document (or rejection) in ``inputs``: files, directories, URLs.

    Args:
        inputs: paths and URLs, expanded with :func:`expand_inputs`.
        settings: limits (``max_bytes``, ``timeout``, ``allow_private_urls``)
            and ``field_map`` for records.
        progress: optional :class:`Progress`, updated in place before each
            item is yielded.

    Never raises for a bad input; see the module docstring for reasons.
    """
    sources = expand_inputs(inputs)
    sizes = [_size_or_zero(s) for s in sources]
    if progress is not None:
        progress.bytes_total = sum(sizes)
        progress.sources_total = len(sources)
    for source, size in zip(sources, sizes):
        base = progress.bytes_done if progress is not None else 0
        cursor = Cursor()
        for item in _read_guarded(source, settings, cursor):
            if progress is not None:
                progress.bytes_done = base + min(cursor.pos, size)
            yield item
        if progress is not None:
            progress.bytes_done = base + size
            progress.sources_done += 1


def read_source(source: str, settings: Settings) -> Iterator[Item]:
    """Documents (or rejections) in one file, directory or URL."""
    if not is_url(source) and os.path.isdir(source):
        for path in _walk(source):
            yield from _read_guarded(path, settings, Cursor())
        return
    yield from _read_guarded(source, settings, Cursor())


def _size_or_zero(source: str) -> int:
    if is_url(source):
        return 0
    try:
        return os.path.getsize(source)
    except OSError:
        return 0


def _read_guarded(source: str, settings: Settings, cursor: Cursor) -> Iterator[Item]:
    """:func:`_read_file` or :func:`read_url`, turning any error into a
    Rejection so that one input can never stop a batch."""
    try:
        if is_url(source):
            yield from read_url(source, settings)
        else:
            yield from _read_file(source, settings, cursor)
    except InputError as exc:
        yield Rejection(source, exc.reason, exc.message)
    except Exception as exc:  # noqa: BLE001 - last line of defence, logged with traceback
        log.exception("%s: unexpected error while reading", source)
        yield Rejection(source, "unreadable", f"internal error: {type(exc).__name__}: {exc}")


def _read_file(path: str, settings: Settings, cursor: Cursor) -> Iterator[Item]:
    if file_size(path) == 0:
        yield Rejection(path, "empty", "file is empty")
        return
    head = read_head(path)
    if not head.strip():
        yield Rejection(path, "empty", "no content")
        return
    fmt = format_by_name(path) or sniff_format(head)
    log.debug("%s: reading as %s", path, fmt)
    yield from _READERS[fmt](path, head, settings, cursor)


# One reader per format: (path, first bytes, settings, cursor) -> items.
Reader = Callable[[str, bytes, Settings, Cursor], Iterator[Item]]


def _read_text(path: str, head: bytes, settings: Settings, cursor: Cursor) -> Iterator[Item]:
    text = decode_bytes(read_all(path, settings.max_bytes), source=path)
    if is_url_list(text):
        yield from _url_list(path, text, settings, cursor)
    else:
        yield text_document(path, text)


def _read_html(path: str, head: bytes, settings: Settings, cursor: Cursor) -> Iterator[Item]:
    yield html_document(path, decode_page(path, read_all(path, settings.max_bytes), None))


def _read_json(path: str, head: bytes, settings: Settings, cursor: Cursor) -> Iterator[Item]:
    text = decode_bytes(read_all(path, settings.max_bytes), source=path)
    yield from read_json(path, text, settings)


def _read_feed(path: str, head: bytes, settings: Settings, cursor: Cursor) -> Iterator[Item]:
    yield from read_feed(path, read_all(path, settings.max_bytes), settings)


def _read_warc(path: str, head: bytes, settings: Settings, cursor: Cursor) -> Iterator[Item]:
    yield from read_warc(path, path, settings, cursor)


def _read_urls(path: str, head: bytes, settings: Settings, cursor: Cursor) -> Iterator[Item]:
    text = decode_bytes(read_all(path, settings.max_bytes), source=path)
    yield from _url_list(path, text, settings, cursor)


def _url_list(path: str, text: str, settings: Settings, cursor: Cursor) -> Iterator[Item]:
    """Each URL of a URL list in turn; other lines are refused as unsupported."""
    size, total = _size_or_zero(path), max(text.count("\n") + 1, 1)
    entries = url_lines(text)
    if not entries:
        yield Rejection(path, "empty", "URL list has no URLs")
    for lineno, line in entries:
        cursor.pos = size * lineno // total
        if is_http_url(line):
            yield from read_url(line, settings)
        else:
            yield Rejection(f"{path}#L{lineno}", "unsupported", "not an http(s) URL")


def _wide(head: bytes) -> bool:
    """UTF-16/32 text cannot be split into lines as bytes."""
    bom = bom_encoding(head)
    return (bool(bom) and bom[0] != "utf-8") or (b"\x00" in head and bool(utf16_without_bom(head)))


def _stream_reader(kind: str) -> Reader:
    def read(path: str, head: bytes, settings: Settings, cursor: Cursor) -> Iterator[Item]:
        delimiter = "\t" if kind == "tsv" else None
        if _wide(head):
            text = decode_bytes(read_all(path, settings.max_bytes), source=path)
            if kind == "jsonl":
                yield from read_jsonl_text(path, text, settings)
            else:
                yield from read_csv_text(path, text, settings, delimiter)
            return
        kind_of_binary = binary_kind(head)
        if kind_of_binary:
            yield Rejection(path, "binary", f"binary data: {kind_of_binary}")
        elif kind == "jsonl":
            yield from read_jsonl_stream(path, path, settings, cursor)
        else:
            first_line = head_text(head).split("\n", 1)[0]
            yield from read_csv_stream(path, path, settings, first_line, delimiter, cursor)
    return read


_READERS: dict[str, Reader] = {
    "text": _read_text, "html": _read_html, "json": _read_json,
    "jsonl": _stream_reader("jsonl"), "csv": _stream_reader("csv"),
    "tsv": _stream_reader("tsv"), "feed": _read_feed, "warc": _read_warc,
    "urls": _read_urls,
}
