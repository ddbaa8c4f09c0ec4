"""Sentence-level PLOVER event detection for Arabic, Persian, English and Russian.

    >>> from khabar.event_detect import detect
    >>> detect("أجرى وزير الخارجية اتصالا هاتفيا مع نظيره الروسي", "ar")  # doctest: +SKIP
    [Detection(type='CONSULT', mode='phone', trigger='اتصالا هاتفيا', start=19, end=32,
               negated=False, hypothetical=False, score=0.8)]

Two passes, the second only where it pays:

1. **Lexicon.**  Each language's data module (``khabar/lang/<code>/events.py``)
   lists trigger patterns per PLOVER type and mode, negation and hypothetical
   markers with the number of words they reach, and phrases that are not
   events (``مجلس التعاون``).  Patterns are matched on the matching key of
   :func:`khabar.normalize.key` (alef/hamza, yeh, teh marbuta, diacritics,
   ZWNJ folded), so one spelling in the data covers the variants; an Arabic
   word also matches with its proclitics (و ف ب ل ك ال and their
   combinations) taken off.  Pattern syntax, word by word: ``stem*`` matches
   any word that starts with ``stem`` (inflections), ``...`` skips up to
   :data:`GAP_MAX` words, a leading ``?`` marks the whole pattern *weak*
   (a word that often names the event but as often does not: "protesters",
   "revolution").  Where patterns overlap, the longest wins (``وقف اطلاق
   النار`` ceasefire, not ``اطلاق النار`` shooting; ``تروريست*`` over
   ``ترور*``).
2. **Classifier.**  Where a trained model exists (``khabar/data/events/``,
   made by ``scripts/train_events.py``: Arabic PROTEST and ASSAULT), a
   sentence with a candidate trigger of that type is scored by a logistic
   regression over the sentence's words, clitic-stripped stems, character
   n-grams and the lexicon hits; other types score by the lexicon alone
   (:data:`STRONG_SCORE`, :data:`WEAK_SCORE`, combined as a noisy-or over
   the sentence's hits of the type).

A detection is *negated* when a negation marker reaches the trigger within
its clause (no ``، , ; . : ! ?`` in between) and *hypothetical* when a
conditional, modal, future, threat, plan or demand marker does.  Negated and
hypothetical detections are returned (flagged); callers decide.  ``detect``
returns detections scoring at least ``min_score`` (default :data:`MIN_SCORE`).
A classifier's score estimates that the sentence *reports* the event (it was
trained on annotators who reject denials, threats and plans), so negated or
hypothetical Arabic PROTEST/ASSAULT mentions mostly fall below MIN_SCORE;
``min_score=0`` shows them.
"""

from __future__ import annotations

import importlib
import json
import logging
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from .normalize import key, key_mapped

__all__ = ["Detection", "detect", "detect_many", "PLOVER_TYPES", "LANGUAGES", "MIN_SCORE"]

log = logging.getLogger(__name__)

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
LANGUAGES = ("ar", "fa", "en", "ru")

# Lexicon-only scores.  A strong trigger alone passes MIN_SCORE; a weak one
# needs a second hit of the same type in the sentence (noisy-or: 1 - 0.6² =
# 0.64).  Model scores are mapped so that the model's own threshold (chosen
# by grouped cross-validation, see docs/models/events.md) lands on MIN_SCORE.
STRONG_SCORE = 0.8
WEAK_SCORE = 0.4
MIN_SCORE = 0.5
# Words a "..." in a trigger pattern may skip ("بحث ... مع", "deployed ... troops").
GAP_MAX = 3
# Punctuation that ends the reach of a negation or hypothetical marker.
_CLAUSE_END = re.compile(r"[،,;؛.:!?؟\n]")
# Sentences longer than this (characters) are cut before matching: a
# "sentence" that long is a missed split, and matching cost grows with it.
MAX_CHARS = 2000

MODEL_DIR = Path(__file__).resolve().parent / "data" / "events"


@dataclass
class Detection:
    """One event trigger found in a sentence.

    ``start``/``end`` are offsets of the trigger in the text given to
    :func:`detect` (not in the sentence span); ``trigger`` is that text.
    """

    type: str
    mode: str | None
    trigger: str
    start: int
    end: int
    negated: bool
    hypothetical: bool
    score: float


# ---------------------------------------------------------------------------
# Patterns
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Elem:
    text: str          # keyed word or stem ("" for a gap)
    stem: bool = False
    gap: bool = False


@dataclass(frozen=True)
class _Pattern:
    elems: tuple[_Elem, ...]
    type: str          # PLOVER type, or a marker kind ("neg", "hyp", "x")
    mode: str | None
    weak: bool
    source: str        # the pattern as written in the data module
    reach: int = 0     # markers: how many words they reach
    after: bool = False  # markers: reach the words after them (Persian verbs)

    @property
    def size(self) -> int:
        """Specificity: characters of fixed text, so longer patterns win."""
        return sum(len(e.text) + (0 if e.stem else 1) for e in self.elems)


def _compile(pattern: str, lang: str, **kw) -> _Pattern | None:
    """Parse one data pattern; None (and a log line) if it keys to nothing."""
    weak = pattern.startswith("?")
    elems: list[_Elem] = []
    for word in pattern.lstrip("?").split():
        if word in ("...", "…"):
            elems.append(_Elem("", gap=True))
            continue
        stem = word.endswith("*")
        parts = key(word.rstrip("*"), lang).split()
        if not parts:
            continue
        elems.extend(_Elem(p) for p in parts[:-1])
        elems.append(_Elem(parts[-1], stem=stem))
    if not elems or elems[0].gap or elems[-1].gap:
        log.warning("event pattern %r (%s) is empty or starts/ends with a gap", pattern, lang)
        return None
    return _Pattern(tuple(elems), weak=weak, source=pattern.lstrip("?"), **kw)


class _Index:
    """Patterns indexed by their first word (exact) or first stem."""

    def __init__(self, patterns: Iterable[_Pattern]):
        self.exact: dict[str, list[_Pattern]] = {}
        self.stems: dict[str, list[_Pattern]] = {}
        for p in patterns:
            first = p.elems[0]
            table = self.stems if first.stem else self.exact
            table.setdefault(first.text, []).append(p)
        self.stem_lengths = sorted({len(s) for s in self.stems})

    def starting(self, forms: Sequence[str]) -> list[_Pattern]:
        """Patterns whose first element matches one of a word's forms."""
        out: list[_Pattern] = []
        for f in forms:
            out.extend(self.exact.get(f, ()))
            for n in self.stem_lengths:
                if n > len(f):
                    break
                out.extend(self.stems.get(f[:n], ()))
        return out


class _Lexicon:
    """One language's compiled event data."""

    def __init__(self, lang: str):
        data = importlib.import_module(f"khabar.lang.{lang}.events")
        self.lang = lang
        self.proclitics = sorted({key(p, lang) for p in getattr(data, "PROCLITICS", ())},
                                 key=len, reverse=True)
        self.min_rest = getattr(data, "MIN_STEM_AFTER_CLITIC", 2)
        triggers = []
        for typ, modes in data.TRIGGERS.items():
            if typ not in PLOVER_TYPES:
                raise ValueError(f"khabar.lang.{lang}.events: unknown PLOVER type {typ!r}")
            for mode, pats in modes.items():
                for p in pats:
                    c = _compile(p, lang, type=typ, mode=mode or None)
                    if c:
                        triggers.append(c)
        markers = []
        for kind, table, after in (("neg", data.NEGATION, False),
                                   ("neg", getattr(data, "NEGATION_AFTER", {}), True),
                                   ("hyp", data.HYPOTHETICAL, False),
                                   ("hyp", getattr(data, "HYPOTHETICAL_AFTER", {}), True)):
            for p, reach in table.items():
                c = _compile(p, lang, type=kind, mode=None, reach=reach, after=after)
                if c:
                    markers.append(c)
        for p in getattr(data, "NOT_EVENTS", ()):
            c = _compile(p, lang, type="x", mode=None)
            if c:
                markers.append(c)
        for p in getattr(data, "NATURAL_CAUSES", ()):
            c = _compile(p, lang, type="cause", mode=None, reach=getattr(data, "NATURAL_REACH", 8))
            if c:
                markers.append(c)
        sports = [_compile(p, lang, type="sport", mode=None) for p in getattr(data, "SPORTS", ())]
        self.sports = _Index(p for p in sports if p)
        agents = []
        for kind, pats in getattr(data, "AGENTS", {}).items():
            if kind not in AGENT_KINDS:
                raise ValueError(f"khabar.lang.{lang}.events: unknown agent kind {kind!r}")
            for p in pats:
                c = _compile(p, lang, type=kind, mode=None)
                if c:
                    agents.append(c)
        self.agents = _Index(agents)
        self.n_triggers = len(triggers)
        self.triggers = _Index(triggers)
        self.markers = _Index(markers)
        self._forms: dict[str, tuple[str, ...]] = {}
        self._sport_starts: dict[str, list[_Pattern]] = {}
        self._starts: dict[str, tuple[list[_Pattern], list[_Pattern]]] = {}

    def forms(self, word: str) -> tuple[str, ...]:
        """The word and the word without each proclitic it starts with."""
        got = self._forms.get(word)
        if got is None:
            out = [word]
            for p in self.proclitics:
                if word.startswith(p) and len(word) - len(p) >= self.min_rest:
                    out.append(word[len(p):])
            got = tuple(dict.fromkeys(out))
            if len(self._forms) > 200_000:
                self._forms.clear()
            self._forms[word] = got
        return got

    def starts(self, word: str) -> tuple[list[_Pattern], list[_Pattern]]:
        """(trigger, marker) patterns whose first element matches the word."""
        got = self._starts.get(word)
        if got is None:
            forms = self.forms(word)
            got = (self.triggers.starting(forms), self.markers.starting(forms))
            if len(self._starts) > 200_000:
                self._starts.clear()
            self._starts[word] = got
        return got

    def _elem_ok(self, e: _Elem, word: str) -> bool:
        if e.stem:
            return any(f.startswith(e.text) for f in self.forms(word))
        return e.text in self.forms(word)

    def _end(self, p: _Pattern, words: list[str], i: int) -> int | None:
        """Where pattern ``p`` ends if it matches at word ``i`` (first element
        already checked); gaps are lazy (the nearest continuation wins)."""
        j = i + 1
        elems = p.elems
        k = 1
        while k < len(elems):
            e = elems[k]
            if e.gap:
                nxt = elems[k + 1]
                for skip in range(GAP_MAX + 1):
                    if j + skip < len(words) and self._elem_ok(nxt, words[j + skip]):
                        j += skip + 1
                        break
                else:
                    return None
                k += 2
                continue
            if j >= len(words) or not self._elem_ok(e, words[j]):
                return None
            j += 1
            k += 1
        return j

    def scan(self, words: list[str]):
        """All (pattern, first word, end word) matches, triggers and markers."""
        trig, mark = [], []
        for i, w in enumerate(words):
            tps, mps = self.starts(w)
            for out, ps in ((trig, tps), (mark, mps)):
                for p in ps:
                    j = self._end(p, words, i)
                    if j is not None:
                        out.append((p, i, j))
        return trig, mark


    def _matches(self, index: _Index, words: list[str], memo: dict | None = None
                 ) -> list[tuple[_Pattern, int, int]]:
        """Matches (pattern, first word, end word) of ``index``'s patterns in
        a keyed sentence; ``memo`` remembers each word's starting patterns."""
        found = []
        for i, w in enumerate(words):
            ps = memo.get(w) if memo is not None else None
            if ps is None:
                ps = index.starting(self.forms(w))
                if memo is not None:
                    if len(memo) > 200_000:
                        memo.clear()
                    memo[w] = ps
            for p in ps:
                j = self._end(p, words, i)
                if j is not None:
                    found.append((p, i, j))
        return found

    def scan_sports(self, words: list[str]) -> set[str]:
        """The sports entries (as written in the data) a keyed sentence
        uses; where entries overlap, the longest counts."""
        found = self._matches(self.sports, words, self._sport_starts)
        return {p.source for p, _, _ in _longest(found)} if found else set()

    def scan_agents(self, words: list[str]) -> list[tuple[_Pattern, int, int]]:
        """Agent matches (pattern, first word, end word), longest first
        where they overlap, in text order."""
        found = self._matches(self.agents, words)
        found.sort(key=lambda m: (m[1] - m[2], m[1]))
        taken: set[int] = set()
        out = []
        for p, i, j in found:
            if taken.isdisjoint(range(i, j)):
                taken.update(range(i, j))
                out.append((p, i, j))
        return sorted(out, key=lambda m: m[1])


@lru_cache(maxsize=None)
def _lexicon(lang: str) -> _Lexicon:
    if lang not in LANGUAGES:
        raise ValueError(f"no event lexicon for language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    return _Lexicon(lang)


def _code(lang: str) -> str:
    return (lang or "").replace("_", "-").split("-", 1)[0].lower()


# ---------------------------------------------------------------------------
# Hits
# ---------------------------------------------------------------------------

@dataclass
class _Hit:
    pattern: _Pattern
    i: int             # first word
    j: int             # one past the last word
    negated: bool = False
    hypothetical: bool = False


def _longest(matches: list[tuple[_Pattern, int, int]]) -> list[tuple[_Pattern, int, int]]:
    """Drop a match that lies inside a more specific one (longest wins).

    Matches with gaps are kept out of the contest (their span is loose).
    """
    keep = []
    ordered = sorted(matches, key=lambda m: (-m[0].size, m[1]))
    taken: list[tuple[int, int, _Pattern]] = []
    for p, i, j in ordered:
        gapped = any(e.gap for e in p.elems)
        inside = any(a <= i and j <= b and (p.type == q.type or (b - a) > (j - i) or q.size > p.size)
                     for a, b, q in taken)
        if inside:
            continue
        keep.append((p, i, j))
        if not gapped:
            taken.append((i, j, p))
    return sorted(keep, key=lambda m: m[1])


def _hits(words: list[str], lex: _Lexicon, bounds: list[int] | None) -> list[_Hit]:
    """Trigger hits of a keyed sentence with negation/hypothetical flags.

    ``bounds`` gives each word's clause number (words in different clauses
    do not reach each other); None puts all words in one clause.
    """
    trig, mark = lex.scan(words)
    if not trig:
        return []
    excluded = set()
    markers, causes = [], []
    for p, i, j in mark:
        if p.type == "x":
            excluded.update(range(i, j))
        elif p.type == "cause":
            causes.append((p, i, j))
        else:
            markers.append((p, i, j))
    hits = []
    for p, i, j in _longest(trig):
        if any(k in excluded for k in range(i, j)):
            continue
        h = _Hit(p, i, j)
        for m, a, b in markers:
            if m.after:
                near = j <= a and a - j <= m.reach
            else:
                near = b <= i and i - b <= m.reach
            if not near:
                continue
            if bounds is not None and bounds[min(a, i)] != bounds[max(b, j) - 1]:
                continue
            if m.type == "neg":
                h.negated = True
            else:
                h.hypothetical = True
        hits.append(h)
    if causes:
        hits = _without_natural_deaths(hits, causes)
    return hits


NATURAL_DEATH_MODES = frozenset({"kill"})
NATURAL_WEAK_MODES = frozenset({"beat"})
"""ASSAULT modes that say only that people died (and, for weak words, that
something struck: "زلزال ضرب …").  When every ASSAULT hit of a sentence has
one of these modes and a natural cause (the language's ``NATURAL_CAUSES``:
earthquake, flood, road accident, epidemic …) stands within its reach
(``NATURAL_REACH`` words) of one of them, the deaths are a disaster's, not
an assault's, and the ASSAULT hits are dropped.  A weapon, attack or
abduction word, or "gunmen", keeps them all ("gunmen killed five after the
quake")."""


def _without_natural_deaths(hits: list[_Hit], causes: list) -> list[_Hit]:
    assault = [h for h in hits if h.pattern.type == "ASSAULT"]
    if not assault or any(h.pattern.mode not in NATURAL_DEATH_MODES
                          and not (h.pattern.weak and h.pattern.mode in NATURAL_WEAK_MODES)
                          for h in assault):
        return hits
    near = any(max(a - h.j, h.i - b) <= p.reach for h in assault for p, a, b in causes)
    return [h for h in hits if h.pattern.type != "ASSAULT"] if near else hits


def _words_with_bounds(text: str, lang: str):
    """Keyed words of ``text``, their spans in ``text`` and clause numbers."""
    mapped = key_mapped(text, lang)
    words, spans = [], []
    for m in re.finditer(r"\S+", mapped.text):
        words.append(m.group())
        s, e = mapped.span_to_original(m.start(), m.end())
        # The key drops punctuation, so a word's mapped end can reach over
        # the punctuation after it (at the end of the text): trim it.
        while e > s + 1 and unicodedata.category(text[e - 1])[0] in "PZC":
            e -= 1
        spans.append((s, e))
    bounds = []
    clause, prev_end = 0, 0
    for s, e in spans:
        if _CLAUSE_END.search(text, prev_end, s):
            clause += 1
        bounds.append(clause)
        prev_end = e
    return words, spans, bounds


# ---------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------

def sentence_features(words: list[str], hits: list[_Hit], typ: str, lex: _Lexicon) -> list[str]:
    """Classifier features of a keyed sentence for event type ``typ``.

    Clitic-stripped words and word bigrams, and the lexicon's view: which
    triggers of ``typ`` matched (strong/weak, negated/hypothetical, mode,
    pattern, word), how many strong ones, which other types matched, the
    sentence length.  Shared by :func:`detect` and ``scripts/train_events.py``.
    (Character 4-grams and multilingual-e5 sentence embeddings were tried
    and did not raise grouped-CV F1: docs/models/events.md.)
    """
    stems = [lex.forms(w)[-1] for w in words]
    feats = ["bias"]
    feats += ["w:" + s for s in stems]
    feats += ["b:" + a + "_" + b for a, b in zip(stems, stems[1:])]
    strong = 0
    for h in hits:
        p = h.pattern
        if p.type != typ:
            feats.append("lxo:" + p.type)
            continue
        tag = "weak" if p.weak else "strong"
        strong += not p.weak
        flags = ("neg" if h.negated else "") + ("hyp" if h.hypothetical else "")
        feats += ["lx:" + tag, "lx:" + tag + ":" + flags, "lxm:" + str(p.mode),
                  "lxt:" + p.source, "lxw:" + words[h.i]]
    feats.append("len:" + str(min(len(words) // 10, 6)))
    feats.append("nstrong:" + str(min(strong, 3)))
    return feats


@dataclass
class _Model:
    weights: dict[str, float]
    bias: float
    threshold: float

    def prob(self, feats: list[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in set(feats))
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))

    def score(self, p: float) -> float:
        """Map a probability so that the model's threshold lands on MIN_SCORE."""
        t = min(max(self.threshold, 1e-6), 1 - 1e-6)
        if p < t:
            return MIN_SCORE * p / t
        return MIN_SCORE + (1 - MIN_SCORE) * (p - t) / (1 - t)


@lru_cache(maxsize=None)
def _models(lang: str) -> dict[str, _Model]:
    path = MODEL_DIR / f"{lang}.json"
    if not path.exists():
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {typ: _Model(m["weights"], m["bias"], m["threshold"]) for typ, m in raw["models"].items()}


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------

def _noisy_or(hits: list[_Hit]) -> float:
    """Lexicon confidence that the sentence names an event of the type
    (negated and hypothetical hits count: those are flags, not scores)."""
    miss = 1.0
    for p in {h.pattern for h in hits}:   # a word said twice is one piece of evidence
        miss *= 1.0 - (WEAK_SCORE if p.weak else STRONG_SCORE)
    return 1.0 - miss


def detect(text: str, lang: str, start: int = 0, end: int | None = None,
           min_score: float = MIN_SCORE) -> list[Detection]:
    """PLOVER events in the sentence ``text[start:end]``.

    Args:
        text: the text holding the sentence (e.g. a whole article).
        lang: ``ar``, ``fa`` or ``en`` (a tag such as ``fa-IR`` is accepted).
        start, end: the sentence span; offsets in the result are in ``text``.
        min_score: drop detections scoring below this (0 returns every
            lexicon hit with its score).

    Returns:
        Detections in text order; a sentence may hold several, of several
        types.

    Raises:
        ValueError: for a language without an event lexicon.
    """
    code = _code(lang)
    lex = _lexicon(code)
    end = len(text) if end is None else end
    end = min(end, start + MAX_CHARS)
    span = text[start:end]
    if not span.strip():
        return []
    # Cheap pre-check on the fast key: most sentences have no trigger at all.
    if not lex.scan(key(span, code).split())[0]:
        return []
    words, spans, bounds = _words_with_bounds(span, code)
    hits = _hits(words, lex, bounds)
    if not hits:
        return []
    models = _models(code)
    by_type: dict[str, list[_Hit]] = {}
    for h in hits:
        by_type.setdefault(h.pattern.type, []).append(h)
    out = []
    for typ, hs in by_type.items():
        model = models.get(typ)
        if model is not None:
            score = model.score(model.prob(sentence_features(words, hits, typ, lex)))
        else:
            score = _noisy_or(hs)
        if score < min_score:
            continue
        for h in hs:
            s, e = spans[h.i][0] + start, spans[h.j - 1][1] + start
            out.append(Detection(typ, h.pattern.mode, text[s:e], s, e, h.negated,
                                 h.hypothetical, round(score, 4)))
    out.sort(key=lambda d: (d.start, d.type))
    return out


SPORTS_MIN_TERMS = 2
SPORTS_MIN_SHARE = 0.15
SPORTS_MIN_SENTENCES = 2
"""An article is a sports report when it uses at least SPORTS_MIN_TERMS
distinct entries of its language's ``SPORTS`` list, in at least
SPORTS_MIN_SENTENCES sentences and SPORTS_MIN_SHARE of them (political news
that names a football match in one sentence, or a long article that
mentions a stadium and a coach in passing, is not one).  On the 1,604
articles of the newspaper Al-Watan in SaudiNewsNet whose address names
their section (305 in Sports; opinion pages left out), this marks 261
articles, 257 of them in Sports: precision 0.985, recall 0.843
(docs/EVENTS.md)."""

SPORTS_KEEP = {
    "ASSAULT": frozenset({"kill", "explosives", "suicide-attack", "assassinate", "abduct",
                          "torture", "sexual", "unconventional", "cleansing"}),
    "COERCE": frozenset({"arrest", "deport"}),
    "RETREAT": frozenset({"release"}),
    "ACCUSE": frozenset({"investigate"}),
    "CONCEDE": frozenset({"resign"}),
}
"""The events a sports report can hold: deaths, bombs and kidnappings,
arrests and extraditions, releases, investigations and resignations (a
federation's officials arrested for corruption, a president who resigns).
Every other detection in a sports report is sport told in the words of
politics: a match "meeting", a club "hosting" a rival, contract
"negotiations", a "protest" lodged with the league, an "attack" on goal."""


def sports_report(text: str, lang: str, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether the article ``text`` (its sentences at ``spans``) is a sports
    report: see :data:`SPORTS_MIN_TERMS`.  False for a language without
    an event lexicon."""
    code = _code(lang)
    if code not in LANGUAGES or not spans:
        return False
    lex = _lexicon(code)
    if not lex.sports.exact and not lex.sports.stems:
        return False
    terms: set[str] = set()
    with_terms = 0
    for s, e in spans:
        found = lex.scan_sports(key(text[s:min(e, s + MAX_CHARS)], code).split())
        if found:
            terms |= found
            with_terms += 1
    return (len(terms) >= SPORTS_MIN_TERMS
            and with_terms >= max(SPORTS_MIN_SENTENCES, SPORTS_MIN_SHARE * len(spans)))


def kept_in_sports_report(d: Detection) -> bool:
    """Whether detection ``d`` stands in a sports report (:data:`SPORTS_KEEP`)."""
    return d.mode in SPORTS_KEEP.get(d.type, ())


def detect_many(items: Iterable[tuple[str, str, int, int | None]],
                min_score: float = MIN_SCORE) -> list[list[Detection]]:
    """:func:`detect` over ``(text, lang, start, end)`` tuples, in order."""
    return [detect(t, lang, s, e, min_score) for t, lang, s, e in items]


AGENT_KINDS = ("police", "security", "military", "protesters", "militants", "civilians",
               "government")
"""Generic agents an event can have instead of a named actor (each
language's ``AGENTS`` lists their nouns): the police, security forces, the
military, protesters, militants (gunmen, insurgents, rebels, terrorists),
civilians, and a government (which, with its country, is the state)."""


@dataclass(frozen=True)
class Agent:
    """A generic agent in a sentence: its kind and character span (see
    :func:`agents`)."""

    kind: str
    start: int
    end: int


def agents(text: str, lang: str, start: int = 0, end: int | None = None
           ) -> tuple[list[Agent], list[str], list[tuple[int, int]], list[int]]:
    """Generic agents named in the sentence ``text[start:end]``.

    Returns ``(agents, words, spans, word_index)``: the agents in text
    order, the sentence's keyed words with their character spans in
    ``text``, and for each agent the index of its first word (its last is
    the word whose span ends at ``agent.end``).  Languages without a lexicon
    give nothing.
    """
    code = _code(lang)
    if code not in LANGUAGES:
        return [], [], [], []
    lex = _lexicon(code)
    end = len(text) if end is None else end
    span = text[start:end]
    words, spans, _ = _words_with_bounds(span, code)
    spans = [(a + start, b + start) for a, b in spans]
    out, first = [], []
    for p, i, j in lex.scan_agents(words):
        out.append(Agent(p.type, spans[i][0], spans[j - 1][1]))
        first.append(i)
    return out, words, spans, first


def keyed_hits(text: str, lang: str):
    """Keyed words and lexicon hits of a sentence (for training and analysis).

    Returns ``(words, hits, lexicon)``; ``hits`` carry ``pattern.type``,
    ``pattern.mode``, ``pattern.weak``, ``negated`` and ``hypothetical``.
    """
    code = _code(lang)
    lex = _lexicon(code)
    words, _spans, bounds = _words_with_bounds(text[:MAX_CHARS], code)
    return words, _hits(words, lex, bounds), lex
