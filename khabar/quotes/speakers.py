"""Quote speakers linked to actors (see :func:`resolve_speakers`)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Sequence

from ..lang.ar import titles as _ar_titles
from ..lang.en import titles as _en_titles
from ..lang.fa import titles as _fa_titles
from ..lang.ru import titles as _ru_titles
from ..normalize import key as _key
from .lexical import _fold
from .marks import _DATA, Quote, _lang

_TITLES = {"en": _en_titles, "ar": _ar_titles, "fa": _fa_titles, "ru": _ru_titles}
_ACTOR_TYPES = ("per", "org")


@lru_cache(maxsize=None)
def _role_keys(code: str) -> tuple[str, ...]:
    """Normalized title and role phrases of a language (khabar.lang.<code>.titles
    and the role words of its quote data)."""
    phrases = set(_TITLES[code].TITLES) | set(_DATA[code].ROLE_WORDS)
    return tuple({_key(p, code) for p in phrases} - {""})


def _roles_in(phrase: str, code: str) -> list[str]:
    """The title/role phrases a speaker phrase contains ("the foreign
    minister" -> ["foreign minister", "minister"])."""
    padded = f" {_key(phrase, code)} "
    return [r for r in _role_keys(code) if f" {r} " in padded]


def _mtype(m: dict) -> str:
    return str(m.get("type") or "").lower()


def _overlapping(mentions, start: int, end: int) -> dict | None:
    """The mention that best covers a speaker span: a person, then an
    organization, before a place ("the EU's foreign policy chief, Josep
    Borrell" is Borrell), then the longest overlap, then the later one (the
    head of "Chinese Foreign Minister Wang Yi" is the name)."""
    best, rank = None, None
    for m in mentions:
        overlap = min(end, m["end"]) - max(start, m["start"])
        if overlap > 0 and m.get("actor_id"):
            r = (_mtype(m) == "per", _mtype(m) in _ACTOR_TYPES, overlap, m["start"])
            if rank is None or r > rank:
                best, rank = m, r
    return best


def _preceding(mentions, before: int, types, text: str, code: str, roles=()) -> str | None:
    """The nearest person/organization mention ending before ``before``;
    one introduced with one of ``roles`` wins over a nearer one."""
    candidates = [m for m in mentions if m["end"] <= before and m.get("actor_id") and _mtype(m) in types]
    candidates.sort(key=lambda m: m["start"], reverse=True)
    if roles:
        for m in candidates:
            if any(f" {r} " in _surroundings(m, mentions, text, code, before) for r in roles):
                return m["actor_id"]
    return candidates[0]["actor_id"] if candidates else None


# Characters around an earlier mention searched for the speaker's title
# ("Foreign Minister Wang Yi" … "the minister said"), stopping at the
# neighbouring mentions so one name's title does not spill onto the next.
ROLE_WINDOW = 60


def _surroundings(m: dict, mentions, text: str, code: str, limit: int) -> str:
    """Normalized text around a mention, up to its neighbouring mentions and
    (after it) the end of its sentence."""
    left = max([m["start"] - ROLE_WINDOW] + [o["end"] for o in mentions if o["end"] <= m["start"]])
    right = min([m["end"] + ROLE_WINDOW // 2, limit] + [o["start"] for o in mentions if o["start"] >= m["end"]])
    after = _SENTENCE_END.split(text[m["end"]:max(m["end"], right)], 1)[0]
    return f" {_key(text[max(0, left):m['start']] + ' ' + after, code)} "


_SENTENCE_END = re.compile(r"[.!?؟\n]")


def _continues(prev: tuple[Quote, str] | None, q: Quote, mentions, types) -> str | None:
    """The previous quote's actor when no other candidate is named between
    it and a pronoun speaker ("The minister said … He added …"); names in
    the previous content do not count."""
    if prev is None:
        return None
    pq, actor = prev
    for m in mentions:
        if pq.speaker_end is not None and pq.speaker_end <= m["start"] and m["end"] <= q.speaker_start \
                and _mtype(m) in types and m.get("actor_id") != actor \
                and not (pq.content_start <= m["start"] and m["end"] <= pq.content_end):
            return None
    return actor


def _apposition(mentions, text: str, end: int) -> dict | None:
    """A person mention right after ``end``, set off by a comma or quotation mark."""
    for m in mentions:
        if _mtype(m) == "per" and m.get("actor_id") and 0 < m["start"] - end <= 4:
            gap = text[end:m["start"]]
            if not gap.strip(" \u00a0,،«»\"“”") and gap.strip():
                return m
    return None


def _resolve_one(q: Quote, mentions, text: str, code: str, prev=None) -> str | None:
    """The actor of one quote's speaker span (None when unresolved)."""
    data = _DATA[code]
    s, e = q.speaker_start, q.speaker_end
    hit = _overlapping(mentions, s, e)
    if hit is None or _mtype(hit) != "per":
        # An office followed by the name in apposition: "مسؤول الشؤون
        # الخارجية للاتحاد الأوروبي، جوزيب بوريل،" — the person speaks.
        named = _apposition(mentions, text, e)
        if named is not None:
            return named["actor_id"]
    if hit is not None and _mtype(hit) in _ACTOR_TYPES:
        return hit["actor_id"]
    phrase = text[s:e].strip()
    word = _fold(phrase.lower()) if code != "en" else phrase.lower()
    # Names inside the quote's own content are what the speaker talks about,
    # not the speaker ("“Lavrov agreed,” he said"; "…, — заявило ведомство").
    outside = [m for m in mentions if not (q.content_start <= m["start"] and m["end"] <= q.content_end)]
    pronouns = {(_fold(p) if code != "en" else p) for p in data.PRONOUNS}
    if word in pronouns:
        personal = {(_fold(p) if code != "en" else p) for p in data.PERSONAL_PRONOUNS}
        types = ("per",) if word in personal else _ACTOR_TYPES
        return _continues(prev, q, mentions, types) or _preceding(outside, s, types, text, code)
    roles = _roles_in(phrase, code)
    if roles:
        found = _preceding(outside, s, _ACTOR_TYPES, text, code, roles)
        if found is not None:
            return found
    return hit["actor_id"] if hit is not None else None


def resolve_speakers(quotes: Sequence[Quote], mentions: Iterable[dict], text: str, lang: str) -> list[str | None]:
    """The actor id of each quote's speaker.

    Args:
        quotes: quotes of ``text`` (from :func:`find_quotes`).
        mentions: actor mentions of ``text``, dicts with ``start``, ``end``,
            ``actor_id`` and ``type`` (``per``/``org``/``loc``…, any case).
        text: the text the offsets refer to.
        lang: its language.

    Returns:
        One actor id or None per quote: the person or organization mention
        overlapping the speaker; for a pronoun ("he", "هو", "وی") the nearest
        earlier person (organization too for "it"/"they"); for a title or
        role ("the minister", "المتحدث", "سخنگوی وزارت خارجه") the nearest
        earlier person or organization, preferring one introduced with the
        same title; for a place or country name, that place.  In Arabic and
        Persian a quote without a speaker ("وأضاف أن", "افزود:") continues
        the previous quote's speaker.
    """
    code = _lang(lang)
    mentions = [m for m in mentions if m.get("start") is not None and m.get("end") is not None]
    out: list[str | None] = []
    previous: tuple[Quote, str] | None = None
    for q in quotes:
        if q.speaker_start is not None and q.speaker_end is not None:
            actor = _resolve_one(q, mentions, text, code, previous)
        elif _DATA[code].PRO_DROP and q.kind != "according_to":
            actor = previous[1] if previous else None
        else:
            actor = None
        out.append(actor)
        if actor is not None and q.speaker_start is not None:
            previous = (q, actor)
    return out
