"""Web archives (WARC, and ARC converted on the fly by warcio).

``response`` records with a 2xx status and ``resource`` records become
documents through the same media-type dispatch as fetched URLs (HTML page,
feed, plain text); request, metadata, warcinfo and revisit records, and
responses with other statuses (redirects, errors), are not documents and are
skipped.  Items are named ``{source}#record={n}``, counting every record from
1.  A truncated or corrupt archive keeps the records read before the damage
and ends with one ``malformed-warc`` rejection.
"""

from __future__ import annotations

import logging
from typing import Any, Iterator

from ..article import RawDocument, Rejection
from ..config import Settings
from ._formats import read_payload
from ._io import GZIP_MAGIC, Cursor, SafeGzipReader, open_raw, parse_content_type, read_head

log = logging.getLogger(__name__)

Item = RawDocument | Rejection
_DRAIN_CHUNK = 1 << 16


def read_warc(source: str, path: str, settings: Settings,
              cursor: Cursor | None = None) -> Iterator[Item]:
    """Documents in a WARC/ARC file, gzip-compressed (per record or whole) or not.

    ``max_bytes`` applies to each record's payload (``too-large``), not to
    the archive, which is streamed."""
    cursor = cursor or Cursor()
    head = read_head(path, 16)
    if not head.startswith((b"WARC/", b"filedesc://")):
        # warcio would guess an ARC header out of any first line.
        yield Rejection(source, "malformed-warc", "does not start with a WARC or ARC header")
        return
    with open_raw(path) as raw:
        gz = raw.read(2) == GZIP_MAGIC
        raw.seek(0)
        # Decompress with the standard library, which reports truncation;
        # warcio's own gzip handling silently drops a cut-off last record.
        stream = SafeGzipReader(raw) if gz else raw
        yield from _records(source, stream, raw, settings, cursor)


def _records(source: str, stream: Any, raw: Any, settings: Settings,
             cursor: Cursor) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator

    n = produced = 0
    records = iter(ArchiveIterator(stream, arc2warc=True))
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except Exception as exc:  # noqa: BLE001 - warcio raises many types on bad input
            yield Rejection(f"{source}#record={n + 1}", "malformed-warc",
                            f"unreadable record: {type(exc).__name__}: {exc}")
            return
        n += 1
        where = f"{source}#record={n}"
        try:
            items = _record_items(where, record, settings)
            truncated = _drain(record)
        except Exception as exc:  # noqa: BLE001 - payload decoding inside warcio
            yield Rejection(where, "malformed-warc", f"unreadable payload: {type(exc).__name__}: {exc}")
            return
        cursor.pos = raw.tell()
        damage = getattr(stream, "error", None)
        if truncated or damage:
            yield Rejection(where, "malformed-warc", damage or "record shorter than its Content-Length")
            return
        produced += len(items)
        yield from items
    damage = getattr(stream, "error", None)
    if damage:
        yield Rejection(f"{source}#record={n + 1}", "malformed-warc", damage)
    elif n == 0:
        yield Rejection(source, "empty", "no WARC records")
    elif not produced:
        yield Rejection(source, "no-text",
                        f"none of its {n} records is a page, feed or text (2xx response or resource)")


def _record_items(where: str, record: Any, settings: Settings) -> list[Item]:
    """Documents in one record (a feed gives several), [] for non-documents."""
    if record.rec_type not in ("response", "resource"):
        return []
    url = record.rec_headers.get_header("WARC-Target-URI")
    if record.rec_type == "response":
        if record.http_headers is None:  # dns: and other non-HTTP responses
            return []
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            log.debug("%s: HTTP %s response skipped", where, status)
            return []
        content_type = record.http_headers.get_header("Content-Type")
    else:
        content_type = record.rec_headers.get_header("Content-Type")
    data = record.content_stream().read(settings.max_bytes + 1)
    if len(data) > settings.max_bytes:
        return [Rejection(where, "too-large", f"payload over max_bytes={settings.max_bytes:,}")]
    mime, charset = parse_content_type(content_type)
    items = list(read_payload(where, data, mime, charset, settings, url=url, fmt="warc"))
    warc_date = record.rec_headers.get_header("WARC-Date")
    for item in items:
        if isinstance(item, RawDocument) and warc_date:
            item.meta["warc_date"] = warc_date  # crawl time, not publication
    return items


def _drain(record: Any) -> bool:
    """Read the rest of the record; True when it ended before its declared length."""
    stream = record.raw_stream
    while stream.read(_DRAIN_CHUNK):
        pass
    return getattr(stream, "limit", 0) > 0
