"""Plain-text articles and URL lists."""

from __future__ import annotations

import re

from ..article import RawDocument

_URL_LINE = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)


def text_document(source: str, text: str, *, url: str | None = None,
                  outlet: str | None = None) -> RawDocument:
    """A plain-text article, kept exactly as decoded.

    The title is left to the cleaning stage, which knows how to tell a title
    line from a site name or section word (see the seeds' 002).
    """
    return RawDocument(source=source, text=text, title=None, url=url, outlet=outlet,
                       format="text")


def _content_lines(text: str) -> list[tuple[int, str]]:
    """Non-empty lines that are not ``#`` comments, with 1-based numbers."""
    out = []
    for n, line in enumerate(text.split("\n"), 1):
        line = line.strip()
        if line and not line.startswith("#"):
            out.append((n, line))
    return out


def is_url_list(text: str) -> bool:
    """True when every non-empty, non-comment line is one http(s) URL."""
    lines = _content_lines(text)
    return bool(lines) and all(_URL_LINE.fullmatch(line) for _, line in lines)


def url_lines(text: str) -> list[tuple[int, str]]:
    """``(line number, line)`` for each entry of a URL list (comments skipped);
    entries that are not http(s) URLs are returned too, for the caller to
    refuse."""
    return _content_lines(text)


def is_http_url(line: str) -> bool:
    """True when ``line`` is a single http(s) URL."""
    return bool(_URL_LINE.fullmatch(line))
