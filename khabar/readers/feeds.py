"""RSS and Atom feeds: one RawDocument per entry.

Feeds come from untrusted servers, so the bytes are first parsed with
defusedxml, which refuses any DTD: entity declarations (billion laughs) and
external entities (``<!ENTITY x SYSTEM "file:///etc/passwd">``) are never
expanded — the whole feed is refused as ``unsafe-xml``.  Only then does
feedparser read the entries, from an in-memory stream (never a URL or path,
so it cannot fetch or open anything).
"""

from __future__ import annotations

import io
import logging
import re
from typing import Any, Iterator
from xml.etree.ElementTree import ParseError

from ..article import RawDocument, Rejection
from ..config import Settings
from ..errors import InputError
from ._io import decode_bytes
from .html import fragment_to_text, host_of, normalize_text

log = logging.getLogger(__name__)

Item = RawDocument | Rejection

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""")
# Markup that can declare entities or pull in external resources.
_DTD_MARKUP = re.compile(r"<!(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST)", re.IGNORECASE)


class _Unsafe(Exception):
    """The feed declares a DTD or entities."""


def _check_xml(data: bytes) -> None:
    """Parse with defusedxml; raises :class:`_Unsafe` or ``ParseError``."""
    import defusedxml
    from defusedxml.ElementTree import fromstring

    try:
        fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (defusedxml.DTDForbidden, defusedxml.EntitiesForbidden,
            defusedxml.ExternalReferenceForbidden) as exc:
        raise _Unsafe(type(exc).__name__) from None


def _as_utf8(data: bytes, declared: str | None, source: str) -> bytes:
    """The feed re-encoded as UTF-8 with a matching XML declaration (for feeds
    whose bytes do not match their declared or default encoding)."""
    m = _XML_ENCODING.match(data[:200])
    if m and not declared:
        declared = m.group(1).decode("ascii")
    text = decode_bytes(data, declared, source=source)
    text = _XML_DECL.sub("", text, count=1)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + text).encode("utf-8")


def _vet(source: str, data: bytes, declared: str | None) -> tuple[bytes, str | None]:
    """Safety check before feedparser sees the bytes.

    Returns ``(bytes to parse, parse error or None)``; raises :class:`_Unsafe`
    or InputError (undecodable, binary, empty)."""
    try:
        _check_xml(data)
        return data, None
    except ParseError as exc:
        first_error = str(exc)
    # Maybe only the encoding is wrong (windows-1256 without a declaration).
    data = _as_utf8(data, declared, source)
    try:
        _check_xml(data)
        return data, None
    except ParseError:
        # Not well-formed XML: feedparser's lenient parser can still read it,
        # but only when there is no DTD that a lenient parser might honour.
        if _DTD_MARKUP.search(data.decode("utf-8", "replace")):
            raise _Unsafe("DTD markup in a feed that is not well-formed XML") from None
        return data, first_error


def read_feed(source: str, data: bytes, settings: Settings, *, url: str | None = None,
              declared: str | None = None) -> Iterator[Item]:
    """Entries of an RSS/Atom feed.

    Args:
        source: file path or URL of the feed; entries are ``{source}#item={n}``.
        data: the feed's bytes.
        settings: unused for now (limits were applied when reading).
        url: the feed's address, for the outlet name when the feed has no title.
        declared: charset from an HTTP header, used when the XML does not say.

    Yields RawDocuments (``format="feed"``) and Rejections: ``unsafe-xml`` for
    any DTD (the whole feed), ``malformed-feed`` (after the entries a lenient
    parse could still read), ``unsupported`` for XML that
    is not a feed, ``empty`` for a feed without entries, ``no-text`` for an
    entry with neither content nor summary.
    """
    import feedparser

    try:
        data, parse_error = _vet(source, data, declared)
    except _Unsafe as exc:
        yield Rejection(source, "unsafe-xml", f"DTD or entity declarations are refused ({exc})")
        return
    except InputError as exc:
        yield Rejection(source, exc.reason, exc.message)
        return
    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False)
    if not parsed.entries:
        yield _no_entries(source, parsed, parse_error)
        return
    outlet = _outlet(parsed.feed, url or source)
    for n, entry in enumerate(parsed.entries, 1):
        yield _entry_document(f"{source}#item={n}", entry, outlet)
    if parse_error:
        # The entries before the damage were read; say the feed is damaged.
        yield Rejection(source, "malformed-feed",
                        f"not well-formed XML ({len(parsed.entries)} entries read): {parse_error}")


def _no_entries(source: str, parsed: Any, parse_error: str | None) -> Rejection:
    if parse_error:
        return Rejection(source, "malformed-feed", f"not well-formed XML: {parse_error}")
    if not parsed.get("version"):
        return Rejection(source, "unsupported", "XML document is not an RSS or Atom feed")
    return Rejection(source, "empty", "feed has no entries")


def _outlet(feed: Any, where: str) -> str | None:
    title = (feed.get("title") or "").strip()
    return title or host_of(feed.get("link")) or host_of(where)


def _entry_text(entry: Any) -> str:
    """The fullest text of an entry: its content, else its summary."""
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        if value.strip():
            return value
    return entry.get("summary") or ""


def _entry_document(source: str, entry: Any, outlet: str | None) -> Item:
    text = normalize_text(fragment_to_text(_entry_text(entry)))
    if not text.strip():
        return Rejection(source, "no-text", "entry has neither content nor summary")
    if entry.get("published"):
        published, field = entry.get("published"), "feed:published"
    elif entry.get("updated"):
        published, field = entry.get("updated"), "feed:updated"
    else:
        published = field = None
    title = fragment_to_text(entry.get("title") or "").strip() or None
    guid = entry.get("id")
    return RawDocument(
        source=source, text=text, title=title, url=entry.get("link") or None,
        outlet=outlet, published=published, published_field=field,
        author=entry.get("author") or None, format="feed",
        meta={"guid": guid} if guid and len(guid) <= 300 else {})
