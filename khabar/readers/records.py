"""Article records: JSON, JSON lines, CSV and TSV.

Each record is mapped to a :class:`RawDocument` by field name: the user's
``Settings.field_map`` (khabar field -> source field) first, then the common
names in :data:`DEFAULT_FIELDS`.  One bad record is one rejection; the records
around it are still read.  Streamed formats (JSONL, CSV/TSV) apply
``max_bytes`` to each line, so a 100 MB SaudiNewsNet dump streams through with
the default 20 MB limit.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from typing import Any, Iterable, Iterator

from ..article import RawDocument, Rejection
from ..config import Settings
from ..errors import InputError
from ._io import Cursor, LineDecoder, LineStream, normalize_newlines
from .html import fragment_to_text, host_of

log = logging.getLogger(__name__)

Item = RawDocument | Rejection

# Source field names tried for each khabar field, first match wins (case is
# ignored).  Covers SaudiNewsNet, news-please (maintext, date_publish,
# source_domain, authors), NewsAPI (publishedAt, source.name) and common dumps.
# date_extracted (a crawl date) comes last so a real publication date wins.
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("content", "text", "body", "article", "article_text", "maintext"),
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url"),
    "published": ("published", "date", "pubDate", "date_published", "published_at",
                  "publishedAt", "date_publish", "datetime", "date_extracted"),
    "outlet": ("outlet", "source", "site", "publisher", "source_domain", "domain"),
    "author": ("author", "byline", "authors"),
}
# Keys of a top-level JSON object that hold the list of articles.
LIST_KEYS = ("articles", "items", "data", "results", "records", "entries", "documents")
# An outlet name is short; a longer "source" value is a sentence or a text.
_MAX_OUTLET_CHARS = 100
# Unmapped fields kept in meta["record"] only when small: meta travels with
# every article into the store.
_MAX_META_CHARS = 300


# ---------------------------------------------------------------- mapping

def check_field_map(field_map: dict[str, str]) -> None:
    """Warn about field_map keys that are not khabar fields (they are ignored)."""
    for key in field_map:
        if key not in DEFAULT_FIELDS:
            log.warning("field_map key %r ignored; valid keys: %s", key,
                        ", ".join(DEFAULT_FIELDS))


def _find(record: dict, lower_keys: dict[str, str], names: Iterable[str]) -> str | None:
    """The first of ``names`` present in ``record`` with a non-empty value."""
    for name in names:
        key = lower_keys.get(name.lower())
        if key is not None and record[key] not in (None, "", [], {}):
            return key
    return None


def _as_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return "\n".join(value)  # a list of paragraphs
    return None


def _as_name(value: Any) -> str | None:
    """A person or outlet name from a string, a ``{"name": …}`` object or a list."""
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, list):
        names = [n for n in (_as_name(v) for v in value) if n]
        return ", ".join(names) or None
    return value.strip() or None if isinstance(value, str) else None


def _as_outlet(value: Any) -> str | None:
    name = _as_name(value)
    if not name or len(name) > _MAX_OUTLET_CHARS or "\n" in name:
        return None
    if name.lower().startswith(("http://", "https://")):
        return host_of(name)
    return name


def _as_scalar_str(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    return value.strip() or None if isinstance(value, str) else None


def _small_meta(record: dict, used: set[str]) -> dict[str, Any]:
    meta = {}
    for key, value in record.items():
        if key in used or value is None or value == "":
            continue
        if isinstance(value, (bool, int, float)) or (
                isinstance(value, str) and len(value) <= _MAX_META_CHARS):
            meta[key] = value
    return meta


def map_record(source: str, record: dict, field_map: dict[str, str]) -> Item:
    """Map one record (a JSON object or CSV row) to a RawDocument.

    ``field_map`` names the source field for a khabar field and replaces the
    defaults for that field.  HTML in the text and title is flattened to
    plain text.  Unmapped small scalar fields go to ``meta["record"]``.
    Returns a ``no-text`` :class:`Rejection` when no text field has text.
    """
    lower_keys = {k.lower(): k for k in record if isinstance(k, str)}
    found: dict[str, str] = {}
    for fld, names in DEFAULT_FIELDS.items():
        key = _find(record, lower_keys, (field_map[fld],) if fld in field_map else names)
        if key is not None:
            found[fld] = key
    text = _as_text(record[found["text"]]) if "text" in found else None
    text = normalize_newlines(fragment_to_text(text)) if text else ""
    if not text.strip():
        names = (field_map["text"],) if "text" in field_map else DEFAULT_FIELDS["text"]
        return Rejection(source, "no-text", f"no text in field(s): {', '.join(names)}")
    get = lambda fld: record[found[fld]] if fld in found else None  # noqa: E731
    title = _as_text(get("title"))
    title = fragment_to_text(title).strip() or None if title else None
    published = _as_scalar_str(get("published"))
    meta = _small_meta(record, set(found.values()))
    return RawDocument(
        source=source, text=text, title=title, url=_as_scalar_str(get("url")),
        outlet=_as_outlet(get("outlet")), published=published,
        published_field=found["published"] if published else None,
        author=_as_name(get("author")), format="record",
        meta={"record": meta} if meta else {})


def _map_item(source: str, item: Any, field_map: dict[str, str]) -> Item:
    if not isinstance(item, dict):
        return Rejection(source, "malformed-json",
                         f"expected a JSON object, got {type(item).__name__}")
    return map_record(source, item, field_map)


# ---------------------------------------------------------------- JSON

def read_json(source: str, text: str, settings: Settings) -> Iterator[Item]:
    """Records of a JSON document: an array of objects, an object holding
    such an array under one of :data:`LIST_KEYS`, or a single article object.
    A ``.json`` file that is really JSON lines is read as JSON lines."""
    check_field_map(settings.field_map)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":
            log.debug("%s: several JSON values, reading as JSON lines", source)
            yield from read_jsonl_text(source, text, settings)
            return
        yield Rejection(source, "malformed-json", f"{exc.msg} at line {exc.lineno} column {exc.colno}")
        return
    except RecursionError:
        yield Rejection(source, "malformed-json", "JSON nested too deeply")
        return
    items = _json_items(data)
    if items is None:
        yield _map_item(source, data, settings.field_map)
        return
    if not items:
        yield Rejection(source, "empty", "JSON holds no records")
    for i, item in enumerate(items, 1):
        yield _map_item(f"{source}#item={i}", item, settings.field_map)


def _json_items(data: Any) -> list | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in LIST_KEYS:
            if isinstance(data.get(key), list):
                return data[key]
    return None


def _jsonl_records(source: str, lines: Iterable[tuple[int, str | None]],
                   settings: Settings) -> Iterator[Item]:
    """Records of numbered JSON lines; ``None`` stands for an over-long line."""
    check_field_map(settings.field_map)
    seen = False
    for lineno, line in lines:
        where = f"{source}#L{lineno}"
        if line is None:
            seen = True
            yield Rejection(where, "too-large", f"line longer than max_bytes={settings.max_bytes:,}")
            continue
        line = line.strip()
        if not line:
            continue
        seen = True
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejection(where, "malformed-json", f"{exc.msg} at column {exc.colno}")
            continue
        except RecursionError:
            yield Rejection(where, "malformed-json", "JSON nested too deeply")
            continue
        yield _map_item(where, item, settings.field_map)
    if not seen:
        yield Rejection(source, "empty", "no JSON lines")


def read_jsonl_text(source: str, text: str, settings: Settings) -> Iterator[Item]:
    """Records of JSON lines already decoded to text."""
    return _jsonl_records(source, enumerate(text.split("\n"), 1), settings)


def read_jsonl_stream(source: str, path: str, settings: Settings,
                      cursor: Cursor | None = None) -> Iterator[Item]:
    """Records of a JSON lines file (gzip or not), streamed line by line.

    A damaged gzip stream or a gzip bomb ends the file with one rejection
    after the records read before it."""
    decoder = LineDecoder(source)
    problems: list[Rejection] = []

    def lines() -> Iterator[tuple[int, str | None]]:
        with LineStream(path, settings.max_bytes, cursor) as stream:
            for lineno, raw in stream:
                if raw is None:
                    yield lineno, None
                    continue
                try:
                    yield lineno, decoder.decode(raw, lineno)
                except InputError as exc:
                    problems.append(Rejection(f"{source}#L{lineno}", exc.reason, exc.message))
                    yield lineno, ""

    try:
        for item in _jsonl_records(source, lines(), settings):
            yield from _drain(problems)
            yield item
    except InputError as exc:
        yield from _drain(problems)
        yield Rejection(source, exc.reason, exc.message)
    yield from _drain(problems)


def _drain(problems: list[Rejection]) -> Iterator[Rejection]:
    while problems:
        yield problems.pop(0)


# ---------------------------------------------------------------- CSV

def raise_field_limit(max_bytes: int) -> None:
    """Let one CSV field be as large as an input may be (the csv module's
    default of 128 KiB refuses long articles).  This is process-wide state;
    it is only ever raised."""
    wanted = min(max_bytes, 2**31 - 1)
    if csv.field_size_limit() < wanted:
        csv.field_size_limit(wanted)


def guess_delimiter(first_line: str) -> str:
    """The most frequent of ``, ; \\t |`` in the header line (comma on ties)."""
    counts = {d: first_line.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _csv_rows(source: str, lines: Iterable[str], delimiter: str, settings: Settings,
              problems: list[Rejection]) -> Iterator[Item]:
    """Records of CSV text given line by line; ``problems`` collects line-level
    rejections raised while producing the lines, reported in order."""
    check_field_map(settings.field_map)
    raise_field_limit(settings.max_bytes)
    reader = csv.reader(lines, delimiter=delimiter)
    header: list[str] | None = None
    row_no = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield from _drain(problems)
            row_no += header is not None
            yield Rejection(f"{source}#row={row_no}", "malformed-csv", str(exc))
            continue
        yield from _drain(problems)
        if not row or not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [h.strip().removeprefix("\ufeff") for h in row]
            continue
        row_no += 1
        where = f"{source}#row={row_no}"
        if len(row) != len(header):
            yield Rejection(where, "malformed-csv",
                            f"{len(row)} fields where the header has {len(header)}")
            continue
        yield map_record(where, dict(zip(header, row)), settings.field_map)
    yield from _drain(problems)
    if header is None:
        yield Rejection(source, "empty", "no CSV header row")
    elif row_no == 0:
        yield Rejection(source, "empty", "CSV has a header row but no records")


def read_csv_text(source: str, text: str, settings: Settings,
                  delimiter: str | None = None) -> Iterator[Item]:
    """Records of CSV/TSV text already decoded."""
    delimiter = delimiter or guess_delimiter(text.split("\n", 1)[0])
    return _csv_rows(source, io.StringIO(text, newline=""), delimiter, settings, [])


def read_csv_stream(source: str, path: str, settings: Settings, first_line: str,
                    delimiter: str | None = None, cursor: Cursor | None = None) -> Iterator[Item]:
    """Records of a CSV/TSV file (gzip or not), streamed line by line.

    A line that is too long or undecodable is rejected as ``{source}#L{n}``
    and replaced by an empty line, so the rows after it survive."""
    delimiter = delimiter or guess_delimiter(first_line)
    decoder = LineDecoder(source)
    problems: list[Rejection] = []

    def lines() -> Iterator[str]:
        with LineStream(path, settings.max_bytes, cursor) as stream:
            for lineno, raw in stream:
                if raw is None:
                    problems.append(Rejection(f"{source}#L{lineno}", "too-large",
                                              f"line longer than max_bytes={settings.max_bytes:,}"))
                    yield "\n"
                    continue
                try:
                    yield decoder.decode(raw, lineno)
                except InputError as exc:
                    problems.append(Rejection(f"{source}#L{lineno}", exc.reason, exc.message))
                    yield "\n"

    try:
        yield from _csv_rows(source, lines(), delimiter, settings, problems)
    except InputError as exc:
        yield from _drain(problems)
        yield Rejection(source, exc.reason, exc.message)
