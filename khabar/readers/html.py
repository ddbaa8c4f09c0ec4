"""HTML pages and HTML fragments to plain text.

Whole pages go through trafilatura (main text plus metadata); fragments found
inside records and feed entries (``<p>`` paragraphs in a ``content`` field) are
flattened with lxml, keeping paragraph breaks.
"""

from __future__ import annotations

import html as htmllib
import logging
import re
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

from ..article import RawDocument, Rejection

log = logging.getLogger(__name__)

# Elements whose content is never article text.  trafilatura drops them too;
# removing them before it runs makes sure no script survives whatever
# fallback extractor it picks.
_NON_TEXT = ("script", "style", "noscript", "template", "iframe", "object", "embed")
# A fragment is treated as HTML only when it has one of these tags, so that a
# plain text mentioning "a < b" or "<unk>" is left alone.
_HTML_TAG = re.compile(
    r"</?(?:p|br|div|span|a|b|i|u|em|strong|ul|ol|li|h[1-6]|img|table|tr|td|th|"
    r"blockquote|figure|figcaption|section|article|script|style|iframe|font|"
    r"center|hr|pre|code|sup|sub|small|header|footer|aside|nav)\b[^>]*>",
    re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|amp|quot|lt|gt|apos|nbsp);")
_BLOCK = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table blockquote section article "
    "header footer aside nav pre dd dt dl figure figcaption hr main address".split())
_SPACES = re.compile(r"[ \t\u00a0\u200b\f\v]+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""",
                           re.IGNORECASE)
# Publication date from the page's metadata only: htmldate's "extensive
# search" would guess a date from the body text, which is the dateline
# stage's job and too often picks a date the article merely mentions.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def host_of(url: str | None) -> str | None:
    """Host name of ``url`` without ``www.``, or None."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def meta_charset(data: bytes) -> str | None:
    """Charset declared by a ``<meta charset>`` or ``http-equiv`` tag near the top."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii") if m else None


def _parse_page(markup: str) -> etree._Element:
    # Encoding the text ourselves and telling lxml it is UTF-8 avoids both
    # lxml's refusal of str input carrying an <?xml encoding=...?> declaration
    # and a stale <meta charset> overriding our decoding.
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True,
                                  remove_pis=True)
    tree = lxml_html.document_fromstring(markup.encode("utf-8", "surrogatepass"),
                                         parser=parser)
    etree.strip_elements(tree, *_NON_TEXT, with_tail=False)
    return tree


def html_document(source: str, markup: str, *, url: str | None = None,
                  outlet: str | None = None, fmt: str = "html") -> RawDocument | Rejection:
    """Extract the article in an HTML page.

    Args:
        source: where the page came from (path, URL, ``x.warc#record=3``).
        markup: the decoded page.
        url: the page's address, when known (helps metadata extraction).
        outlet: outlet name to use when the page does not name its site.
        fmt: ``RawDocument.format`` to record (``html`` or ``warc``).

    Returns a :class:`RawDocument` with trafilatura's main text, title,
    metadata date (``published_field="html:date"``), author and site name, or
    a :class:`Rejection`: ``no-text`` when no main text is found,
    ``malformed-html`` when the markup cannot be parsed at all.
    """
    from trafilatura import bare_extraction

    markup, protected = _protect_joiners(markup)
    try:
        tree = _parse_page(markup)
    except (etree.ParserError, ValueError) as exc:
        return Rejection(source, "malformed-html", f"cannot parse HTML: {exc}")
    try:
        doc = bare_extraction(tree, url=url, with_metadata=True, include_comments=False,
                              favor_precision=True, date_extraction_params=_DATE_PARAMS)
    except Exception as exc:  # noqa: BLE001 - third-party code on hostile input
        # trafilatura walks trees recursively and has many fallbacks; a
        # pathological page must cost one rejection, never the whole batch.
        log.warning("%s: extraction failed: %s: %s", source, type(exc).__name__, exc)
        return Rejection(source, "malformed-html", f"extraction failed: {type(exc).__name__}")
    text = normalize_text(getattr(doc, "text", None) or "") if doc else ""
    title = getattr(doc, "title", None) or None
    if protected:
        text = _restore_joiners(text)
        for attr in ("title", "sitename", "author"):
            if isinstance(getattr(doc, attr, None), str):
                setattr(doc, attr, _restore_joiners(getattr(doc, attr)))
        title = getattr(doc, "title", None) or None
    if not text.strip():
        return Rejection(source, "no-text", "no main text found in the HTML page")
    page_url = getattr(doc, "url", None) or url
    return RawDocument(
        source=source, text=text, title=title,
        url=page_url, outlet=_site_name(doc, page_url) or outlet or host_of(page_url),
        published=getattr(doc, "date", None) or None,
        published_field="html:date" if getattr(doc, "date", None) else None,
        author=getattr(doc, "author", None) or None, format=fmt)


# trafilatura drops every non-printable character, the zero-width non-joiner
# (U+200C) and joiner (U+200D) included; Persian, Kurdish and Urdu spelling
# needs them (می‌کند is not میکند).  They travel through extraction as rare
# printable stand-ins and are put back afterwards.
_JOINERS = {"\u200c": "\u2bd1", "\u200d": "\u2bd2"}
_JOINERS_BACK = {ord(v): k for k, v in _JOINERS.items()}


def _protect_joiners(markup: str) -> tuple[str, bool]:
    if "\u200c" not in markup and "\u200d" not in markup:
        return markup, False
    if any(v in markup for v in _JOINERS.values()):
        return markup, False  # the stand-ins occur in the page itself: leave it alone
    return markup.translate({ord(k): v for k, v in _JOINERS.items()}), True


def _restore_joiners(text: str) -> str:
    return text.translate(_JOINERS_BACK)


def _site_name(doc, url: str | None) -> str | None:
    """The page's own site name; trafilatura falls back to the URL's
    ``host:port``, which we leave to :func:`host_of` (no port, no www)."""
    name = (getattr(doc, "sitename", None) or "").strip()
    if not name or not url:
        return name or None
    try:
        netloc = urlsplit(url).netloc.lower()
    except ValueError:
        return name
    return None if name.lower() in (netloc, netloc.removeprefix("www."), host_of(url)) else name


def normalize_text(text: str) -> str:
    """Line endings to ``\\n`` (extractors sometimes leave ``\\r``)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_like_html(text: str) -> bool:
    """True when ``text`` contains common HTML tags."""
    return bool(_HTML_TAG.search(text))


def fragment_to_text(text: str) -> str:
    """Plain text of an HTML fragment; text without HTML tags is returned as
    is, except that character references (``&amp;``) are decoded.

    Block elements (``p``, ``div``, ``br``, ``li``…) become line breaks,
    scripts and styles are dropped, entities decoded, runs of spaces
    collapsed and blank lines removed.
    """
    if not looks_like_html(text):
        # Escaped text without tags ("Tom &amp; Jerry"): only unescape.
        return htmllib.unescape(text) if _ENTITY.search(text) else text
    try:
        parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
        root = lxml_html.fragment_fromstring(text.encode("utf-8", "surrogatepass"),
                                             create_parent="div", parser=parser)
    except (etree.ParserError, ValueError) as exc:
        log.debug("fragment not parseable (%s); stripping tags by pattern", exc)
        return _lines(htmllib.unescape(re.sub(r"<[^>]*>", " ", text)))
    etree.strip_elements(root, *_NON_TEXT, with_tail=False)
    return _lines("".join(_walk_text(root)))


def _walk_text(root: etree._Element):
    """Text pieces of a tree in document order, with newlines at block edges
    (iterative: fragments can be deeply nested)."""
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag.lower() in _BLOCK:
                yield "\n"
            if el.text and isinstance(el.tag, str):
                yield el.text
        else:
            if tag.lower() in _BLOCK:
                yield "\n"
            if el.tail and el is not root:
                yield el.tail


def _lines(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in normalize_text(text).split("\n"))
    return "\n".join(line for line in lines if line)
