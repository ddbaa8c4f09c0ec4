"""Quotes: direct and reported speech with speaker, cue and content.

:func:`find_quotes` returns :class:`Quote` objects whose offsets are
character offsets into the text it is given (content without the quotation
marks around it).  Two methods, one per kind of language resource:

* **English** — spaCy's dependency parse (``en_core_web_sm``, NER off).  A
  verb whose lemma is an attribution cue (``khabar.lang.en.quotes``) heads a
  quote: its subject is the speaker (inherited along ``conj``/``xcomp``/
  ``advcl`` chains: "…, adding that"), its clausal complement, infinitive,
  object or the quotation next to it is the content; when the cue hangs off
  the quoted clause ("“…,” he said" parsed as parataxis) the content is the
  rest of that clause.  "according to X" makes X the speaker and the rest of
  the sentence the content.  Only sentences holding a cue word form or a
  quotation mark are parsed, which keeps the stage fast.
* **Arabic, Persian and Russian** — lexical patterns (no parser ships for
  them): a cue verb from ``khabar.lang.<code>.quotes``; the speaker is the
  name or title phrase after it (Arabic verb-subject order: "قال وزير
  الخارجية … إن …"; Russian "…, — заявил министр") or before it (Persian
  verb-final order: "… وانگ یی … گفت"; Russian "министр заявил, что …", read
  back from the verb); the content is the complementizer clause (أن/إن/که/
  что), the quotation (« » “ ”), in Persian the material between the
  speaker and the final verb, in Russian the clause before "— заявил X".

A content that touches a quotation is widened to the whole quotation when it
stays inside one paragraph, so a quote of several sentences is one content.

:func:`resolve_speakers` links each quote's speaker to an actor from the
actors stage (mention overlap, then pronoun or role title to the nearest
preceding person or organization).
"""

from __future__ import annotations

import bisect
from typing import Sequence

from .. import sentences as _sentences
from .english import _english_many
from .lexical import _lexical
from .marks import LANGS, MAX_QUOTATION, Quote, _lang, _quotations
from .speakers import Offices, resolve_speakers

__all__ = ["Quote", "Offices", "find_quotes", "find_quotes_many", "resolve_speakers", "LANGS", "MAX_QUOTATION"]


def _finish(quotes: list[Quote], quotations, sents, by_content: bool) -> list[Quote]:
    """Drop nested quotes, keep one per cue span, set sentence indexes.

    A quote whose cue lies inside direct speech, or (``by_content``, English)
    inside another quote's content, is part of that quote: "“I think we can
    win,” he said" is one quote holding the speaker's own "I think" (PolNeAR
    annotates no nested attribution either).  The lexical languages keep cues
    inside a content, which there is often an "according to" sentence around
    a speech verb ("أكد الوزير أن … وفق ما نقلت الوكالة").
    """
    inner = [qs for qs, _ in quotations]
    kept: list[Quote] = []
    for q in sorted(quotes, key=lambda q: q.content_start - q.content_end):
        i = bisect.bisect_right(inner, q.cue_start) - 1
        if (i >= 0 and q.cue_end <= quotations[i][1]) or (by_content and any(
                k.content_start <= q.cue_start and q.cue_end <= k.content_end for k in kept)):
            continue
        kept.append(q)
    starts, seen, out = [s for s, _ in sents], set(), []
    for q in sorted(kept, key=lambda q: (q.cue_start, q.cue_end)):
        if (q.cue_start, q.cue_end) not in seen:
            seen.add((q.cue_start, q.cue_end))
            i = bisect.bisect_right(starts, q.cue_start) - 1
            q.sentence = i if i >= 0 and q.cue_start < sents[i][1] else None
            out.append(q)
    return out




def find_quotes_many(texts: Sequence[str], lang: str,
                     sentences: Sequence[Sequence[tuple[int, int]] | None] | None = None) -> list[list[Quote]]:
    """:func:`find_quotes` for many texts of one language (English parses
    them in batches, which is much faster than one call per text)."""
    code = _lang(lang)
    sents = [(s if s is not None else _sentences.split(t, lang=code))
             for t, s in zip(texts, sentences or [None] * len(texts))]
    quotations = [_quotations(t) for t in texts]
    if code == "en":
        found = _english_many(texts, sents, quotations)
    else:
        found = [_lexical(t, code, s, qq) for t, s, qq in zip(texts, sents, quotations)]
    return [_finish(*args, code == "en") for args in zip(found, quotations, sents)]


def find_quotes(text: str, lang: str, sentences: list[tuple[int, int]] | None = None) -> list[Quote]:
    """Direct and reported quotes of one text.

    Args:
        text: the text; every offset of the result refers to it.
        lang: ``en``, ``ar`` or ``fa`` (a region suffix is ignored).
        sentences: sentence spans ``[start, end)`` into ``text``; split with
            :func:`khabar.sentences.split` when None.

    Returns:
        Quotes in text order, one per cue.

    Raises:
        InputError: for a language without quote patterns.
    """
    return find_quotes_many([text], lang, [sentences])[0]
