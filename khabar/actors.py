"""Actors: named entities resolved to one actor per real-world entity.

For each article not yet processed:

1. **Recognize** names per sentence (and in a separate title) with
   :func:`khabar.ner.recognize` (CRF models for Arabic and Persian, spaCy for
   English, Slovnet for Russian) and, for every language, by looking up token
   n-grams of the text in the knowledge base (countries and curated actors): a
   known name the tagger missed is still a mention.
2. **Resolve** each mention, in this order:
   - *alias*: its normalized key is a spelling already linked (the knowledge
     base's names, or a spelling an earlier run linked);
   - *kb*: :meth:`KnowledgeBase.lookup` (clitics and suffixes stripped);
   - *partial*: its words are part of a longer name resolved earlier in the
     same article ("وانغ" after "وانغ يي", "Lavrov" after "Sergei Lavrov");
   - *fuzzy*: cross-script name similarity (:mod:`khabar.translit`) against
     knowledge-base names of a compatible type, accepted when the score is high
     on its own or high enough and supported by the context — a title in front
     of the name naming the actor's role ("وزير الخارجية الروسي") or the actor's
     country mentioned in the same article.  The new spelling joins the actor
     with the score as its confidence.
3. **New actors**: after a run, unresolved names of the same type whose
   spellings agree (same key, or same consonant skeleton and name similarity
   above :data:`AUTO_JOIN`; across scripts :data:`AUTO_JOIN_CROSS`) and that
   occur in at least :data:`AUTO_MIN_ARTICLES` articles become a new actor
   (``auto:…``).

Thresholds were set on the seed articles' spelling groups and the sample
corpus (see docs/ACTORS.md); they are module constants, not magic numbers in
the code.
"""

from __future__ import annotations

import bisect
import hashlib
import logging
import re
import time
import weakref
from collections import Counter
from functools import lru_cache
from importlib import import_module
from dataclasses import dataclass, field
from typing import Callable, Iterable

from . import normalize
from .article import Article
from .config import Settings

log = logging.getLogger(__name__)

__all__ = ["update_actors", "extract_mentions", "Resolver", "ActorsSummary", "EXTRACTOR_VERSION"]

# Bump when recognition or resolution changes: articles are re-processed.
EXTRACTOR_VERSION = 10     # 10: a function word ("على") or an honorific ("الأمير") is no short reference to a person, no proclitic cut from a word news writes whole ("بلاتر"), more Arabic city names that are words ("الخبر"), no fuzzy link on context for a piece of a name or (country alone) a lone word; 9: one-word organization names that are everyday words ("فتح") spotted only when tagged, a quoted outlet name («الشرق الأوسط») is the outlet; 8: city names that are everyday words linked where tagged as places ("kb_place"); 7: no Arabic proclitic cut from a name that news writes whole far more often ("باراك"); 6: city names that are everyday words (common_city_words) spotted only when tagged; 5: two adjoining people tagged as one span are split, open quotation marks cut names; 4: names inside time expressions dropped; person spans trimmed of country adjectives and trailing titles
BATCH = 200
# Languages with a statistical NER model (others use knowledge-base lookup only).
NER_LANGUAGES = ("ar", "fa", "en", "ru")
# Longest knowledge-base name looked up in text, in tokens.
MAX_NAME_TOKENS = 5
# How a mention was linked when the link holds within its article only.
IN_ARTICLE_METHODS = frozenset({"partial", "variant"})
# One-word city names shorter than this are not looked up in running text.
MIN_CITY_CHARS = 5
# Fuzzy cross-script matching: accept on the score alone, or with support
# from the context (a role title before the name, or the candidate's country
# named in the same article).
FUZZY_ACCEPT = 0.86
FUZZY_WITH_CONTEXT = 0.72
FUZZY_CANDIDATES = 10
# Candidates blocked per query, and of those scored one by one (multi-word names).
FUZZY_POOL = 100
FUZZY_SLOW_POOL = 12
# Knowledge-base entries left out of fuzzy matching: thousands of cities
# whose names are close to everything; they still match exactly.
FUZZY_SKIP_KINDS = ("city", "capital")
# Within one article, an unresolved name this similar to a resolved name of the
# same type is a variant spelling of it ("وان غيي" after "وانغ يي").
IN_ARTICLE_VARIANT = 0.6
# Document-level consistency: untagged word n-grams of an article whose
# consonant skeleton equals that of a person resolved in the same article, and
# whose name similarity reaches this, are further mentions of that person
# (the tagger missed "ووان غيي" after finding "وانغ يي").
DOC_VARIANT = 0.6
# Unresolved names become an actor when seen in this many articles.
AUTO_MIN_ARTICLES = 2
# A one-word person name that opens at least GIVEN_NAME_MIN unresolved
# multi-word person names and GIVEN_NAME_RATIO times as many as it closes is a
# given name ("محمد", "خالد", "John"): alone it names a different person in
# each article, so it does not become an actor.  Surnames close names
# ("أوباما", "كيري") and stay promotable.
GIVEN_NAME_MIN = 5
GIVEN_NAME_RATIO = 3
# Unresolved spellings of one new actor: name similarity at least this.
AUTO_JOIN = 0.9
# ... or, for spellings in two scripts (Arabic-script against Latin or
# Cyrillic) with the same consonant skeleton of at least AUTO_CROSS_SKELETON
# letters, at least this.  The learned cross-script score is calibrated on
# look-alike candidates (0.5 = even odds) and multiplies over the words of a
# name: true pairs of the sample corpus score 0.23-0.74 ("قربانعلی شریف‌زاده"
# / "Kurbonali Sharifzoda" 0.23, "ألكسندر نوفاك" / "Alexander Novak" 0.43);
# an equal skeleton of that length is itself strong evidence.
AUTO_JOIN_CROSS = 0.2
AUTO_CROSS_SKELETON = 5
# Entity types that become actors.
ACTOR_TYPES = ("PER", "ORG", "LOC")
# Types of knowledge-base actors a recognized type may resolve to.
COMPATIBLE = {"PER": ("PER",), "ORG": ("ORG",), "LOC": ("LOC",), "MISC": ("ORG", "LOC")}

_SCRIPTS = (("arabic", re.compile(r"[\u0600-\u06ff]")), ("cyrillic", re.compile(r"[\u0400-\u04ff]")),
            ("latin", re.compile(r"[A-Za-z\u00c0-\u024f]")), ("cjk", re.compile(r"[\u4e00-\u9fff]")),
            ("hebrew", re.compile(r"[\u0590-\u05ff]")))


def script_of(text: str) -> str:
    for name, rx in _SCRIPTS:
        if rx.search(text):
            return name
    return "other"


@dataclass
class Mention:
    field: str                 # "text" or "title"
    sentence: int | None
    start: int
    end: int
    surface: str
    key: str
    type: str
    lang: str | None
    actor_id: str | None = None
    confidence: float | None = None
    method: str | None = None
    # A lone surname found in the knowledge base: kept only when the same
    # actor is named in full elsewhere in the article.
    tentative: str | None = None


@dataclass
class ActorsSummary:
    articles: int = 0
    mentions: int = 0
    linked: int = 0
    new_actors: int = 0
    elapsed: float = 0.0
    by_method: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"articles": self.articles, "mentions": self.mentions, "linked": self.linked,
                "new_actors": self.new_actors, "by_method": dict(self.by_method),
                "elapsed_s": round(self.elapsed, 2)}


# --------------------------------------------------------------- recognition
# A word, with inner joiners, apostrophes and hyphens, and a "+" glued to its
# end ("OPEC+", "أوبك+", "ОПЕК+" name another body than OPEC).
_TOKEN = re.compile(r"[^\W_]+(?:[\u200c'’\-][^\W_]+)*\+?", re.UNICODE)


# Arabic proclitics written onto a name: conjunctions و ف, prepositions ب ل ك,
# and their combinations.
_PROCLITICS = ("وب", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك")


def _city_word_key(token: str, cut: int, lang: str | None) -> str:
    """The key under which :data:`khabar/data/common_city_words.json` lists
    a one-word city match ``token`` (``cut`` = length of the proclitic cut
    off; "لل" + name is looked up as "ال" + name)."""
    word = token[cut:]
    if cut == 0 and lang in (None, "ar", "fa", "ur") and word.startswith("لل"):
        word = "ا" + word[1:]
    return normalize.key(word, lang)


_CITY_WORDS: dict[str, frozenset[str]] | None = None


def common_city_words(lang: str | None) -> frozenset[str]:
    """Keys of one-word city and organization names that annotated news
    text of ``lang`` uses mostly as ordinary words ("يوميا" daily = Umeå,
    "مسئله" issue = M'Sila, "سلطات" authorities = Settat, "فتح" opened =
    Fatah): counted in the NER training corpora by
    ``scripts/build_city_words.py``.  Such a word is a name only where the
    tagger marks it as one; it is not spotted in running text by lookup
    alone.  Unlike the hand list of :func:`khabar.kb._common_words`, the
    name stays in the knowledge base."""
    global _CITY_WORDS
    if _CITY_WORDS is None:
        import json
        from pathlib import Path

        path = Path(__file__).resolve().parent / "data" / "common_city_words.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        _CITY_WORDS = {lg: frozenset(v["words"]) for lg, v in data["languages"].items()}
    return _CITY_WORDS.get(lang or "", frozenset())


def _proclitic_cut(surface: str, lang: str | None, kb):
    """(cut, actor): the first knowledge-base name left after an Arabic
    proclitic of ``cut`` characters (at least 3 letters remain), or None."""
    for p in _PROCLITICS:
        if surface.startswith(p) and len(surface) - len(p) >= 3:
            hits = kb.lookup_exact(surface[len(p):], lang)
            if hits:
                return len(p), hits[0][0]
    return None


def _kb_token(surface: str, lang: str | None, kb):
    """(cut, actor) for one token: the name as written, or after an Arabic
    proclitic of ``cut`` characters; Russian case endings via the KB."""
    hits = kb.lookup_exact(surface, lang)
    if hits:
        return 0, hits[0][0]
    if lang in (None, "ar", "fa", "ur"):
        cut = _proclitic_cut(surface, lang, kb)
        if cut is not None:
            if lang == "ar" and not surface.startswith("لل") and _written_whole(surface, cut[0]):
                return None        # "بلاتر" is Blatter, not ب + Latur
            return cut
        if surface.startswith("لل") and len(surface) >= 5:
            hits = kb.lookup_exact("ا" + surface[1:], lang)     # لل = ل + ال
            if hits:
                return 0, hits[0][0]
    if lang == "ru":
        hits = kb.lookup(surface, lang)
        if hits:
            return 0, hits[0][0]
    return None


def _written_whole(token: str, cut: int) -> bool:
    """:func:`khabar.ner.written_whole` for Arabic (False if the tagger's
    counts cannot be loaded)."""
    try:
        from .ner import written_whole
        return written_whole(token, cut, "ar")
    except (ImportError, OSError):
        return False


def _clitic_cut_doubtful(surface: str, kb) -> bool:
    """Whether a one-word Arabic name is known to the knowledge base only
    after a proclitic is cut, while news writes the whole word far more
    often than that rest ("بلاتر": not ب + the city "لاتر")."""
    if " " in surface.strip() or surface.startswith("لل") or kb.lookup_exact(surface, "ar"):
        return False            # "للقدس" is always ل + القدس
    cut = _proclitic_cut(surface, "ar", kb)
    return cut is not None and _written_whole(surface, cut[0])


def _one_token_uncached(token: str, lang: str | None, kb) -> tuple[int, str, str | None] | None:
    """(cut, type, tentative actor id) of a one-token knowledge-base name,
    or None (see :func:`_kb_spans`)."""
    one = _kb_token(token, lang, kb)
    if one is None:
        return None
    cut, actor = one
    city = actor.kind in ("city", "capital")
    if city and len(token) - cut < MIN_CITY_CHARS:
        return None
    # A name news text mostly uses as a word ("سلطات" authorities = Settat,
    # "فتح" opened = Fatah) is a name only where the tagger says so.
    if (city or actor.type == "ORG") and _city_word_key(token, cut, lang) in common_city_words(lang):
        return None
    # A lone surname is only a mention when the article names the actor in
    # full too ("رئيسي" is also the adjective "main").
    return cut, actor.type, actor.id if actor.type == "PER" else None


# Knowledge base -> (city-word lists, {(token, lang): _one_token answer}):
# news text repeats its words, and the knowledge base does not change.
# Emptied when full, and when the city-word lists are replaced
# (scripts/build_city_words.py scores other lists).
_ONE_TOKEN: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_ONE_TOKEN_SIZE = 1 << 18
_UNSEEN = object()


def _one_token_memo(kb) -> dict | None:
    """The memo of :func:`_one_token` for ``kb`` (None: not remembered)."""
    common_city_words(None)         # loads the lists once
    try:
        entry = _ONE_TOKEN.get(kb)
    except TypeError:               # a knowledge base that takes no weak reference
        return None
    if entry is None or entry[0] is not _CITY_WORDS:
        entry = _ONE_TOKEN[kb] = (_CITY_WORDS, {})
    return entry[1]


def _one_token(token: str, lang: str | None, kb) -> tuple[int, str, str | None] | None:
    """:func:`_one_token_uncached`, remembered per knowledge base."""
    memo = _one_token_memo(kb)
    if memo is None:
        return _one_token_uncached(token, lang, kb)
    key = (token, lang)
    if key in memo:
        return memo[key]
    if len(memo) >= _ONE_TOKEN_SIZE:
        memo.clear()
    got = memo[key] = _one_token_uncached(token, lang, kb)
    return got


def _kb_spans(text: str, lang: str | None, kb) -> list[tuple[int, int, str, str | None]]:
    """(start, end, type) of knowledge-base names found as token n-grams.

    Names of several tokens join across spaces only (not punctuation) and must
    match as written; one-token names may carry an Arabic proclitic (cut off
    the span) or a Russian case ending.  Short one-word city names are
    skipped: many spell common words (وان, Van); so are the longer ones that
    annotated text uses mostly as words (:func:`common_city_words`)."""
    toks = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    # With a language code the key of tokens joined by spaces is their keys
    # joined (tests/test_actors_speed.py checks it), so an n-gram whose key
    # the knowledge base lacks is skipped without normalizing it again.
    words = normalize.keys([text[s:e] for s, e in toks], lang) if lang else None
    # run[i]: how many tokens after token i follow it across spaces only.
    run = [0] * len(toks)
    for j in range(len(toks) - 2, -1, -1):
        if not text[toks[j][1]:toks[j + 1][0]].strip():
            run[j] = run[j + 1] + 1
    out: list[tuple[int, int, str]] = []
    i = 0
    may_start = getattr(kb, "may_start_key", None)
    memo = _one_token_memo(kb)
    while i < len(toks):
        hit = None
        longest = min(MAX_NAME_TOKENS, run[i] + 1)
        # No key of several words starts with this token's key: skip the
        # n-grams (exact: the joined key's first word is this one's, and it
        # has several words unless a following token's key is empty).
        if longest > 1 and words is not None and words[i] and may_start is not None \
                and not may_start(words[i].split(" ", 1)[0]) and all(words[i + 1:i + longest]):
            longest = 1
        for n in range(longest, 1, -1):
            if words is not None and not kb.has_key(" ".join(w for w in words[i:i + n] if w)):
                continue
            s, e = toks[i][0], toks[i + n - 1][1]
            found = kb.lookup_exact(text[s:e], lang)
            if found:
                hit = (s, e, found[0][0].type, n, None)
                break
        if hit is None:
            s, e = toks[i]
            one = memo.get((text[s:e], lang), _UNSEEN) if memo is not None else _UNSEEN
            if one is _UNSEEN:
                one = _one_token(text[s:e], lang, kb)
            if one is not None:
                cut, typ, tentative = one
                hit = (s + cut, e, typ, 1, tentative)
        if hit:
            out.append((hit[0], hit[1], hit[2], hit[4]))
            i += hit[3]
        else:
            i += 1
    return out


def _spans(text: str, lang: str | None, kb, entities=()) -> list[tuple[int, int, str, str | None]]:
    """Entity spans of one sentence: its NER ``entities``, plus knowledge-base
    names that do not overlap them: (start, end, type, tentative actor id)."""
    spans = [(e.start, e.end, e.type, None) for e in entities if e.end > e.start]
    # A known name of several words found as written beats the tagger's
    # boundaries ("سازمان پیمان امنیت" + "جمعی"); one-word matches defer to it.
    for s, e, t, tentative in _kb_spans(text, lang, kb):
        overlaps = [x for x in spans if s < x[1] and x[0] < e]
        if not overlaps:
            spans.append((s, e, t, tentative))
        elif " " in text[s:e].strip() and all(s <= x[0] or x[1] <= e or (e - s) > (x[1] - x[0])
                                               for x in overlaps):
            spans = [x for x in spans if x not in overlaps]
            spans.append((s, e, t, tentative))
    return sorted(spans, key=lambda x: x[:2])


def _outside_dates(text: str, lang: str, spans: list) -> list:
    """The name spans that are not part of a longer time expression.

    Some names are also calendar words: the city of Dushanbe is "دوشنبه",
    Persian for Monday, so "روز دوشنبه" (on Monday) is a date, not the city;
    "May 5" is not Theresa May.  A name that makes up a whole time
    expression on its own ("به دوشنبه فرستاد", sent to Dushanbe) stays: the
    time scanner reads a bare weekday only with a cue around it."""
    from .timex import find_times, may_be_time

    if not any(may_be_time(text[s:e], lang) for s, e, *_ in spans):
        return spans
    times = [(x.start, x.end) for x in find_times(text, lang, None)]
    if not times:
        return spans
    return [sp for sp in spans
            if not any(a <= sp[0] and sp[1] <= b and b - a > sp[1] - sp[0] for a, b in times)]


_WORD = re.compile(r"\S+")


def _trim_person(text: str, s: int, e: int, lang: str | None, kb, titles) -> tuple[int, int]:
    """A person's span without the words the tagger took in around the name:
    a country adjective at either end ("الرئيس القازاقي قاسم جومارت توكاييف":
    the name starts after "القازاقي"; a country's own name, as in "Jordan
    Peterson", stays) and a title word at the end ("وانغ نظيره", Wang and
    "his counterpart").  Titles at the start stay: Sheikh, Emir or Sultan
    are often part of a name."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text, s, e)]
    if len(words) < 2:
        return s, e

    def adjective(w: tuple[int, int]) -> bool:
        word = text[w[0]:w[1]]
        return bool(titles.country(word)) and not kb.lookup(word, lang)

    def title(w: tuple[int, int]) -> bool:
        return titles.match_title([normalize.key(text[w[0]:w[1]], lang)]) is not None

    while len(words) > 1 and adjective(words[0]):
        words.pop(0)
    while len(words) > 1 and (adjective(words[-1]) or title(words[-1])):
        words.pop()
    return words[0][0], words[-1][1]


_OPENING = "«“‹([{\"'"
_CLOSING = "»”›)]}\"'"
_MARKS = _OPENING + _CLOSING


def _without_marks(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """A name span without the quotation marks and brackets the tagger took in.

    Marks at either end are dropped ("«شینهوآ»").  A mark left open inside
    the span cuts it: "سازمان معاهده امنیت جمعی (CSTO" is two names, the
    full name and its acronym; of "خبرگزاری «شینهوآ" (the news agency
    «Xinhua) only the quoted name stays, as one word before the mark is a
    head noun rather than a name."""
    while s < e and (text[s] in _MARKS or text[s].isspace()):
        s += 1
    while e > s and (text[e - 1] in _MARKS or text[e - 1].isspace()):
        e -= 1
    if s >= e:
        return []
    depth, cut = 0, None
    for i in range(s, e):
        ch = text[i]
        if ch in _OPENING and ch not in _CLOSING:
            depth += 1
            if depth == 1:
                cut = i
        elif ch in _CLOSING and ch not in _OPENING:
            depth -= 1
            if depth < 0:                 # closed without an opening: cut there
                cut, depth = i, 0
                break
    if cut is None or depth == 0 and text[cut] in _OPENING:
        return [(s, e)]
    before, after = _without_marks(text, s, cut), _without_marks(text, cut + 1, e)
    before = [(a, b) for a, b in before if len(text[a:b].split()) >= 2]
    return before + after


def extract_mentions(art: Article, kb) -> list[Mention]:
    """Mentions of one article, unresolved."""
    lang = art.language
    out: list[Mention] = []

    titles = kb.titles(lang) if lang in ("ar", "fa", "en", "ru") else None

    parts: list[tuple[str, int | None, int, str]] = []     # (field, sentence, offset, text)
    if art.title and not art.title_span:
        parts.append(("title", None, 0, art.title))
    if art.sentences:
        parts.extend(("text", i, sent.start, art.text[sent.start:sent.end])
                     for i, sent in enumerate(art.sentences))
    else:
        parts.extend(("text", None, s, art.text[s:e])
                     for s, e in art.body_spans or [(0, len(art.text))])
    if lang in NER_LANGUAGES:
        from .ner import recognize_many

        # All of an article's sentences are decoded together: one batch
        # shares numpy's per-step overhead (same labels as one at a time).
        # (The tagger's confidence is not used here: no marginals.)
        entities = recognize_many([p[3] for p in parts], lang, scores=False)
    else:
        entities = [()] * len(parts)
    for (fld, sent, base, text), ents in zip(parts, entities):
        spans = _spans(text, lang, kb, ents)
        if spans and lang:
            spans = _outside_dates(text, lang, spans)
        pieces = []
        for s, e, t, tentative in spans:
            if t == "PER" and titles is not None:
                s, e = _trim_person(text, s, e, lang, kb, titles)
            pieces.extend((a, b, t, tentative) for a, b in _without_marks(text, s, e))
        for s, e, t, tentative in pieces:
            surface = text[s:e].strip()
            if not surface:
                continue
            key = normalize.key(surface, lang)
            if not key or len(key.replace(" ", "")) < 2:
                continue
            if titles is not None and t != "LOC" and titles.country(surface):
                continue        # a country adjective ("الكازاخستاني", "Russian"), not a name
            out.append(Mention(fld, sent, base + s, base + s + len(surface), surface, key, t, lang,
                               tentative=tentative))
    return out


# ---------------------------------------------------------------- resolution
_OPEN_QUOTES = frozenset({"«", '"', "“", "„"})
_CLOSE_QUOTES = frozenset({"»", '"', "”", "“"})


@dataclass
class _Context:
    """What an article says around its names: countries named, resolved actors."""

    countries: set[str] = field(default_factory=set)
    resolved: list[Mention] = field(default_factory=list)


class Resolver:
    """Links mentions to actors; remembers spellings it has linked."""

    def __init__(self, kb, learned: Iterable[tuple[str, str, float, str]] = ()):
        self.kb = kb
        self.alias: dict[str, tuple[str, float]] = {}
        # ``learned`` (Store.learned_names): the first link of each key wins,
        # as in a run, which learns knowledge-base and fuzzy links as it goes;
        # a run resumed from the store so learns what it had learned.  A
        # partial reference ("محمد") or an in-article variant holds in its
        # own article only: it never becomes a spelling for all.
        for key, actor_id, conf, method in learned:
            if method not in IN_ARTICLE_METHODS and key not in self.alias:
                self.alias[key] = (actor_id, conf)
        self._joined: dict[str, str] | None = None
        # (key, type) -> [(actor id, name similarity)] of knowledge-base candidates
        self._fuzzy_cache: dict[tuple[str, str], list[tuple[str, float]]] = {}
        # (surface, language, type) -> the same, ranked elsewhere (a Dask worker)
        self.ranked: dict[tuple[str, str | None, str], list[tuple[str, float]]] = {}

    # -- fuzzy indexes over knowledge-base names, one per script, built on first
    # need and shared by every resolver over the same knowledge base
    def _name_index(self, script: str):
        return _fuzzy_names(self.kb).index(script)

    def _title_before(self, text: str, start: int, lang: str | None):
        """(role kind, country) of a title just before a name, if any."""
        finder = getattr(self.kb, "title_before", None)
        if finder is None:
            return None
        return finder(text[max(0, start - 80):start], lang)

    def _quoted_outlet(self, art: Article, m: Mention):
        """The news outlet a quoted name stands for (``KnowledgeBase.outlet``),
        if the name stands alone between quotation marks."""
        finder = getattr(self.kb, "outlet", None)
        if finder is None:
            return None
        text = art.text if m.field == "text" else (art.title or "")
        before, after = text[max(0, m.start - 1):m.start], text[m.end:m.end + 1]
        if before not in _OPEN_QUOTES or after not in _CLOSE_QUOTES:
            return None
        return finder(m.surface, m.lang)

    def resolve_article(self, art: Article, mentions: list[Mention]) -> None:
        ctx = _Context()
        # Pass 1: exact (alias / knowledge base).
        for m in mentions:
            if m.tentative:
                continue
            hit = self.alias.get(m.key)
            outlet = self._quoted_outlet(art, m)
            if outlet is not None:
                # «الشرق الأوسط» quoted is the newspaper, not the region:
                # this mention only (method "outlet" is not learned).
                m.actor_id, m.confidence, m.method = outlet.id, 0.9, "outlet"
            elif hit:
                m.actor_id, m.confidence, m.method = hit[0], hit[1], "alias"
            else:
                cands = [(a, s) for a, s in self.kb.lookup(m.surface, m.lang)
                         if a.type in COMPATIBLE.get(m.type, (m.type,)) or m.type == "MISC"]
                if not cands:
                    cands = self.kb.lookup(m.surface, m.lang)
                if cands and m.lang == "ar" and _clitic_cut_doubtful(m.surface, self.kb):
                    cands = []
                if cands:
                    actor, score = cands[0]
                    m.actor_id, m.confidence, m.method = actor.id, float(score), "kb"
                else:
                    joined = self._spaceless().get(m.key.replace(" ", ""))
                    if joined:
                        m.actor_id, m.confidence, m.method = joined, 0.95, "kb"
                    elif m.type == "LOC":
                        # A city name that is also a word ("جدة"), where the
                        # tagger marked a place: this mention only (not
                        # learned as a spelling for all; kb.WORD_NAME).
                        place = [(a, s) for a, s in self.kb.lookup(m.surface, m.lang, words=True)
                                 if a.type == "LOC"]
                        if place:
                            m.actor_id, m.confidence, m.method = place[0][0].id, float(place[0][1]), "kb_place"
            if m.actor_id:
                actor = self.kb.get(m.actor_id)
                if actor is not None and actor.type == "LOC" and actor.country:
                    ctx.countries.add(actor.country)
                ctx.resolved.append(m)
        # Two people the tagger took as one name ("أطلع لافروف وانغ على",
        # Lavrov briefed Wang): split before any fuzzy match can make the
        # pair a spelling of one of them.
        mentions[:] = self._split_pairs(mentions, ctx)
        mentions[:] = self._split_conjoined(mentions, ctx)
        # Pass 2: partial references, then fuzzy matching.
        for m in mentions:
            if m.actor_id or m.tentative or m.type not in ACTOR_TYPES + ("MISC",):
                continue
            if self._partial(m, ctx) or self._fuzzy(m, art, ctx):
                ctx.resolved.append(m)
        # Pass 3: partial references and variant spellings of names resolved so far.
        mentions[:] = self._split_conjoined(mentions, ctx)
        self._prefetch_variants(mentions, ctx)
        for m in mentions:
            if not m.actor_id and not m.tentative and m.type in ACTOR_TYPES and (self._partial(m, ctx) or self._variant(m, ctx)):
                ctx.resolved.append(m)
        # Lone surnames from the knowledge base: kept when the actor is named in full.
        named = {m.actor_id for m in mentions if m.actor_id and not m.tentative}
        kept = [m for m in mentions if not m.tentative or m.tentative in named]
        for m in kept:
            if m.tentative:
                m.actor_id, m.confidence, m.method = m.tentative, 0.9, "partial"
        mentions[:] = kept

    @staticmethod
    def _split_pairs(mentions: list[Mention], ctx: _Context) -> list[Mention]:
        """Unresolved person spans made of two references to two different
        people resolved earlier in the article: each side is one of their
        full names, or the first or last word of one ("لافروف" + "وانغ" after
        "سيرغي لافروف" and "وانغ يي").  Each becomes a mention of its own."""
        refs: dict[str, str] = {}
        clash: set[str] = set()
        for r in ctx.resolved:
            words = r.key.split()
            if r.type != "PER" or not r.actor_id or len(words) < 2:
                continue
            for ref in {r.key, words[0], words[-1]}:
                if refs.setdefault(ref, r.actor_id) != r.actor_id:
                    clash.add(ref)
        for ref in clash:
            del refs[ref]
        if not refs:
            return mentions
        out: list[Mention] = []
        for m in mentions:
            words = [(w.start(), w.end()) for w in _WORD.finditer(m.surface)]
            if m.actor_id or m.tentative or m.type != "PER" or not 2 <= len(words) <= 6:
                out.append(m)
                continue
            for k in range(1, len(words)):
                left = m.surface[:words[k - 1][1]]
                right = m.surface[words[k][0]:]
                a = refs.get(normalize.key(left, m.lang))
                b = refs.get(normalize.key(right, m.lang))
                if a and b and a != b:
                    for (s, e), actor in (((0, words[k - 1][1]), a), ((words[k][0], len(m.surface)), b)):
                        part = m.surface[s:e]
                        out.append(Mention(m.field, m.sentence, m.start + s, m.start + e, part,
                                           normalize.key(part, m.lang), "PER", m.lang, actor,
                                           0.85, "partial"))
                    break
            else:
                out.append(m)
        return out

    def _split_conjoined(self, mentions: list[Mention], ctx: _Context) -> list[Mention]:
        """Unresolved names of organizations or places that are two names
        joined by "and" ("منظمة شانغهاي للتعاون ومنظمة معاهدة الأمن", the SCO
        and the CSTO), when the part before the conjunction is a knowledge-base
        name as written: that part resolves, the rest becomes a mention of its
        own for the passes that follow.  A name that itself contains "and"
        ("Organization for Security and Co-operation") is found whole by the
        knowledge base before this runs."""
        out: list[Mention] = []
        for m in mentions:
            words = [(w.start(), w.end()) for w in _WORD.finditer(m.surface)]
            if m.actor_id or m.tentative or m.type == "PER" or len(words) < 2:
                out.append(m)
                continue
            ands = _conjunctions(m.lang)
            for k in range(1, len(words)):
                word = m.surface[words[k][0]:words[k][1]]
                if word in ands:
                    if k + 1 == len(words):
                        continue
                    rest = words[k + 1][0]
                elif m.lang in ("ar", "fa") and word[:1] in ands and len(word) > 2:
                    rest = words[k][0] + 1          # joined: "ومنظمة"
                else:
                    continue
                left = m.surface[:words[k - 1][1]]
                left_key = normalize.key(left, m.lang)
                hits = [(a.id, float(sc), "kb") for a, sc in self.kb.lookup(left, m.lang)
                        if a.type in COMPATIBLE.get(m.type, (m.type,))]
                # Or a name this article resolved already (or learned before).
                hits += [(r.actor_id, r.confidence or 0.9, "partial") for r in ctx.resolved
                         if r.key == left_key and r.actor_id and r.type == m.type]
                if left_key in self.alias:
                    hits.append((*self.alias[left_key], "alias"))
                if not hits:
                    continue
                first = Mention(m.field, m.sentence, m.start, m.start + len(left), left,
                                left_key, m.type, m.lang, *hits[0])
                right = m.surface[rest:]
                out.append(first)
                ctx.resolved.append(first)
                out.append(Mention(m.field, m.sentence, m.start + rest, m.start + len(m.surface), right,
                                   normalize.key(right, m.lang), m.type, m.lang))
                break
            else:
                out.append(m)
        return out

    def document_variants(self, art: Article, mentions: list[Mention]) -> list[Mention]:
        """Untagged spellings of people already resolved in this article."""
        from .translit import name_similarity, skeleton, word_skeleton

        people: dict[str, tuple[str, str]] = {}      # skeleton -> (actor id, surface)
        for m in mentions:
            if _is_person(m) and m.field == "text":
                sk = skeleton(m.surface, m.lang).replace(" ", "")
                if len(sk) >= 3:
                    people.setdefault(sk, (m.actor_id, m.surface))
        if not people or not art.sentences:
            return []
        parts = _name_parts(mentions, art.language)
        lengths = {len(k) for k in people}
        # Characters of the text already inside a mention (1), as a bytearray:
        # "is this span free?" is then one C-level search, not a scan of all
        # the article's mentions.
        taken = bytearray(len(art.text) + 1)
        for m in mentions:
            if m.field == "text":
                taken[m.start:m.end] = b"\x01" * (m.end - m.start)
        found: list[Mention] = []
        text = art.text
        lang = art.language
        # Skeletons (spaces removed) of single tokens, with or without their
        # first letter; a two-token span's is the two joined, as skeleton()
        # reads a name token by token (tests/test_actors_speed.py checks it).
        token_sk: dict[tuple[int, int], str] = {}

        def sk_of(s: int, e: int) -> str:
            got = token_sk.get((s, e))
            if got is None:
                got = token_sk[s, e] = word_skeleton(text[s:e], lang)
            return got

        for si, sent in enumerate(art.sentences):
            toks = [(mt.start() + sent.start, mt.end() + sent.start)
                    for mt in _TOKEN.finditer(text[sent.start:sent.end])]
            for i in range(len(toks)):
                for n in (2, 1):
                    if i + n > len(toks):
                        continue
                    if n == 2 and text[toks[i][1]:toks[i + 1][0]].strip():
                        continue
                    s0, e0 = toks[i][0], toks[i + n - 1][1]
                    if 1 in taken[s0:e0]:
                        continue
                    for cut in (0, 1):
                        if cut and text[s0] not in "وفبلك":
                            continue
                        surface = text[s0 + cut:e0]
                        part = parts.get(normalize.key(surface, art.language)) if n == 1 and parts else None
                        if part and (si, s0) > part[1]:
                            found.append(Mention("text", si, s0 + cut, e0, surface,
                                                 normalize.key(surface, art.language), "PER",
                                                 art.language, part[0], 0.85, "partial"))
                            taken[s0:e0] = b"\x01" * (e0 - s0)
                            break
                        if n == 1:
                            sk = sk_of(s0 + cut, e0)
                        else:
                            sk = sk_of(s0 + cut, toks[i][1]) + sk_of(*toks[i + 1])
                        if len(sk) not in lengths or sk not in people:
                            continue
                        actor_id, known = people[sk]
                        score = name_similarity(surface, known, art.language, art.language)
                        if score >= DOC_VARIANT:
                            found.append(Mention("text", si, s0 + cut, e0, surface,
                                                 normalize.key(surface, art.language), "PER",
                                                 art.language, actor_id, round(0.9 * score, 3),
                                                 "variant"))
                            taken[s0:e0] = b"\x01" * (e0 - s0)
                            break
                    else:
                        continue
                    break
        return found

    def _spaceless(self) -> dict[str, str]:
        """Knowledge-base names keyed without spaces: spacing and lost
        zero-width non-joiners vary ("شی جین‌پینگ" / "شی جینپینگ",
        "جين بينغ" / "جينبينغ").  Keys shared by several actors are left out."""
        if self._joined is None:
            seen: dict[str, set[str]] = {}
            for key, actor_id, _lang in self.kb.names():
                if " " in key:
                    seen.setdefault(key.replace(" ", ""), set()).add(actor_id)
            self._joined = {k: next(iter(v)) for k, v in seen.items() if len(v) == 1 and len(k) >= 5}
        return self._joined

    @staticmethod
    def _prefetch_variants(mentions: list[Mention], ctx: _Context) -> None:
        """Compute the word similarities pass 3 is about to need in one
        vectorized batch (:func:`~khabar.translit._prefetch_names`; the same
        values :meth:`_variant` would compute one by one)."""
        from .translit import _prefetch_names

        todo = [m for m in mentions if not m.actor_id and not m.tentative and m.type in ACTOR_TYPES]
        if not todo:
            return
        by_type: dict[str, dict[tuple, None]] = {}
        for r in ctx.resolved:
            if r.actor_id:
                by_type.setdefault(r.type, {})[(r.surface, r.lang)] = None
        pairs = {(m.surface, r[0], m.lang, r[1]) for m in todo for r in by_type.get(m.type, ())}
        if pairs:
            _prefetch_names(sorted(pairs, key=repr))

    def _variant(self, m: Mention, ctx: _Context) -> bool:
        from .translit import name_similarity

        best = None
        seen: set[tuple] = set()
        for r in ctx.resolved:
            if r is m or r.type != m.type or not r.actor_id:
                continue
            # A name repeated in the article scores the same each time: the
            # first of equal scores wins, so later repeats are skipped.
            once = (r.surface, r.lang, r.actor_id)
            if once in seen:
                continue
            seen.add(once)
            score = name_similarity(m.surface, r.surface, m.lang, r.lang)
            if score >= IN_ARTICLE_VARIANT and (best is None or score > best[1]):
                best = (r, score)
        if best is None:
            return False
        m.actor_id, m.confidence, m.method = best[0].actor_id, round(0.9 * best[1], 3), "variant"
        return True

    def _partial(self, m: Mention, ctx: _Context) -> bool:
        words = set(m.key.split())
        if not words:
            return False
        best = None
        for r in ctx.resolved:
            if r is m or r.type != m.type or r.type != "PER":
                continue
            rwords = r.key.split()
            if len(rwords) > len(words) and words <= set(rwords):
                best = r
                break
        if best is None:
            return False
        m.actor_id, m.confidence, m.method = best.actor_id, 0.9 * (best.confidence or 1.0), "partial"
        return True

    def _candidates(self, m: Mention) -> list[tuple[str, float]]:
        """Knowledge-base actors of a compatible type with names similar to the mention."""
        ck = (m.key, m.type)
        hit = self._fuzzy_cache.get(ck)
        if hit is not None:
            return hit
        out = self.ranked.get((m.surface, m.lang, m.type))
        if out is None:
            out = self.rank(m.surface, m.lang, m.type)
        if len(self._fuzzy_cache) < 200_000:
            self._fuzzy_cache[ck] = out
        return out

    def rank(self, surface: str, lang: str | None, typ: str) -> list[tuple[str, float]]:
        """Knowledge-base actors of a type compatible with ``typ`` whose names
        are close to ``surface``, best first: a pure function of its arguments
        and the knowledge base (so it can run anywhere)."""
        types = COMPATIBLE.get(typ, (typ,))
        index = self._name_index(script_of(surface))
        best: dict[str, float] = {}
        if index is not None:
            for name, score in index.rank(surface, lang, k=FUZZY_CANDIDATES,
                                          floor=FUZZY_WITH_CONTEXT):
                if score < FUZZY_WITH_CONTEXT:
                    break
                for aid in _fuzzy_names(self.kb).by_name.get(name, ()):
                    actor = self.kb.get(aid)
                    if actor is not None and actor.type in types and score > best.get(aid, 0.0):
                        best[aid] = score
        return sorted(best.items(), key=lambda kv: -kv[1])

    def may_rank(self, m: Mention) -> bool:
        """Could resolving ``m`` need :meth:`rank` (it is not found as spelled)?
        Spellings linked earlier in the corpus are not known here, so this
        errs on the side of yes."""
        return (m.type in ACTOR_TYPES and not m.tentative and not self.kb.lookup(m.surface, m.lang)
                and not self._spaceless().get(m.key.replace(" ", "")))

    def _fuzzy(self, m: Mention, art: Article, ctx: _Context) -> bool:
        if m.type not in ACTOR_TYPES:
            return False
        cands = self._candidates(m)
        if not cands:
            return False
        text = art.title if m.field == "title" else art.text
        title = self._title_before(text or "", m.start, m.lang) if m.type == "PER" else None
        best = None
        for aid, score in cands:
            actor = self.kb.get(aid)
            support = False
            if title is not None:
                kind, country = title
                support = ((kind is None or actor.kind == kind)
                           and (country is None or actor.country == country))
            # The actor's country named in the article supports a name of two
            # words or more; a lone word ("عبدالله", "يوسف") is too common a
            # given name for that, and needs a title before it.
            if actor.country and actor.country in ctx.countries and _name_words(m.key, m.lang) > 1:
                support = True
            # With context a lower score will do for another spelling, not for
            # a piece of the name ("عبد العزيز" of "سلمان بن عبد العزيز"):
            # pieces are short references, which hold in their article only.
            ok = score >= FUZZY_ACCEPT or (support and score >= FUZZY_WITH_CONTEXT
                                           and not _piece_of_name(m, actor))
            if ok and (best is None or (support, score) > (best[2], best[1])):
                best = (aid, score, support)
        if best is None:
            return False
        m.actor_id, m.confidence, m.method = best[0], round(float(best[1]), 3), "fuzzy"
        return True


@lru_cache(maxsize=8)
def _compound_heads(lang: str | None) -> frozenset[str]:
    """Keys of the language's ``COMPOUND_NAME_HEADS`` (``common_words.py``)."""
    try:
        heads = import_module(f"khabar.lang.{lang}.common_words").COMPOUND_NAME_HEADS
    except (ImportError, AttributeError, TypeError):
        return frozenset()
    return frozenset(normalize.key(h, lang) for h in heads)


def _name_words(key: str, lang: str | None) -> int:
    """Words of a name's key, a compound given name ("عبد الله") counting
    as one."""
    words = key.split()
    heads = _compound_heads(lang)
    return len(words) - sum(1 for w in words[:-1] if w in heads)


def _piece_of_name(m: Mention, actor) -> bool:
    """Whether the mention's words are some of the words of one of the
    actor's names, and fewer."""
    words = set(m.key.split())
    if not words:
        return False
    for names in actor.names.values():
        for name in names:
            nk = normalize.key(name, m.lang).split()
            if len(nk) > len(words) and words <= set(nk):
                return True
    return False


class _FuzzyNames:
    """The knowledge-base names fuzzy matching ranks, by script, and one
    :class:`~khabar.translit.NameIndex` per script (built on first need)."""

    def __init__(self, kb):
        by_script: dict[str, dict[str, list[str]]] = {}
        for actor in kb.actors():
            if actor.type not in ACTOR_TYPES or actor.kind in FUZZY_SKIP_KINDS:
                continue
            for names in actor.names.values():
                for name in names:
                    by_script.setdefault(script_of(name), {}).setdefault(name, []).append(actor.id)
        self.by_script = by_script
        self.by_name = {n: ids for group in by_script.values() for n, ids in group.items()}
        self.indexes: dict[str, object] = {}

    def index(self, script: str):
        if script not in ("arabic", "latin", "cyrillic") or script not in self.by_script:
            script = "latin"
        if script not in self.indexes:
            from .translit import NameIndex

            idx = NameIndex(sorted(self.by_script.get(script, {})), pool=FUZZY_POOL)
            idx.SLOW_POOL = FUZZY_SLOW_POOL
            self.indexes[script] = idx
        return self.indexes[script]


# Knowledge base -> its fuzzy tables (dropped with the knowledge base).
_FUZZY: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _fuzzy_names(kb) -> _FuzzyNames:
    got = _FUZZY.get(kb)
    if got is None:
        got = _FUZZY[kb] = _FuzzyNames(kb)
    return got


# ------------------------------------------------------------------- driver
def _actor_row(actor) -> tuple:
    return (actor.id, actor.name, actor.type, actor.kind, actor.country, actor.qid, "kb")


def update_actors(store, settings: Settings, kb=None,
                  on_batch: Callable[[ActorsSummary], None] | None = None,
                  extract: Callable[[list[Article]], list[tuple[list[Mention], dict]]] | None = None
                  ) -> ActorsSummary:
    """Extract and resolve the mentions of every article not yet processed.

    ``extract`` recognizes the mentions of a batch of articles elsewhere (the
    Dask engine, :mod:`khabar.distributed`): for each article, its mentions
    (as :func:`extract_mentions`) and ``{(surface, language, type): ranked
    candidates}`` (as :meth:`Resolver.rank`).  Resolution stays here, in
    arrival order: it learns spellings as it goes.  Without ``extract``,
    ``settings.workers`` other than 1 does the same on processes forked from
    this one (:func:`_fork_pool`); the result is the same either way."""
    from . import ner

    ner.set_mode(settings.ner)
    started = time.perf_counter()
    summary = ActorsSummary()
    pending = store.count_without_entities(EXTRACTOR_VERSION)
    if not pending:
        # Nothing new to read; a run killed after its last batch but before
        # promotion left names unpromoted: finish that here.
        summary.new_actors = _promote_unresolved(store, summary)
        return summary
    if kb is None:
        from .kb import knowledge_base

        kb = knowledge_base()
    pool = _fork_pool(store, settings, kb, pending) if extract is None else None
    try:
        if pool is not None:
            from .distributed import _mentions_chunk, _ReadAhead

            extract = _ReadAhead(pool, _mentions_chunk, lambda n: store.articles_without_entities(
                EXTRACTOR_VERSION, n)).results
        _resolve_all(store, kb, summary, on_batch, extract)
        summary.new_actors = _promote_unresolved(store, summary, pool)
    finally:
        if pool is not None:
            from .distributed import forget_actor_workers

            pool.close()
            forget_actor_workers()
    summary.elapsed = time.perf_counter() - started
    return summary


# Below this many articles forking workers costs more than it saves.
POOL_MIN_ARTICLES = 64


def _fork_pool(store, settings: Settings, kb, pending: int):
    """Forked workers for recognition and fuzzy ranking when ``settings.workers``
    asks for more than one process (0: one per core) and there is enough work.

    What the workers need is loaded here first, so that they inherit it
    instead of each loading it again: the knowledge base, the NER models and
    the fuzzy name indexes of the languages of the first pending articles."""
    import multiprocessing as mp
    import os

    workers = settings.workers or (os.cpu_count() or 1)
    if workers <= 1 or pending < POOL_MIN_ARTICLES or "fork" not in mp.get_all_start_methods():
        return None
    from .distributed import ForkPool, prime_actor_workers

    langs = sorted({a.language for a in store.articles_without_entities(EXTRACTOR_VERSION, BATCH)
                    if a.language})
    # Latin-script names turn up in every language's news.
    scripts = {"latin"}
    for lang in langs:
        extract_mentions(Article(id="warm-up", source="", text="warm up", language=lang), kb)
        scripts.add({"ar": "arabic", "fa": "arabic", "ur": "arabic", "ru": "cyrillic"}.get(lang, "latin"))
    for script in sorted(scripts):
        _fuzzy_names(kb).index(script)
    prime_actor_workers(Resolver(kb))
    return ForkPool(workers)


def _resolve_all(store, kb, summary: ActorsSummary, on_batch, extract) -> None:
    """Resolve every pending article in batches, in the store's order."""
    resolver = Resolver(kb, store.learned_names())
    while True:
        batch = store.articles_without_entities(EXTRACTOR_VERSION, BATCH)
        if not batch:
            break
        actors, names, rows = {}, {}, []
        found = extract(batch) if extract is not None else [(extract_mentions(art, kb), {}) for art in batch]
        for art, (mentions, ranked) in zip(batch, found):
            resolver.ranked = ranked
            resolver.resolve_article(art, mentions)
            mentions += resolver.document_variants(art, mentions)
            for m in mentions:
                summary.mentions += 1
                if m.actor_id:
                    summary.linked += 1
                    summary.by_method[m.method] = summary.by_method.get(m.method, 0) + 1
                    actor = kb.get(m.actor_id)
                    if actor is not None:
                        actors[actor.id] = _actor_row(actor)
                        # The knowledge base knows better than the tagger
                        # ("شی جین‌پینگ" tagged MISC is a person).
                        m.type = actor.type if actor.type in ACTOR_TYPES else m.type
                    k = (m.actor_id, m.key)
                    if k in names:
                        names[k][-1] += 1
                    else:
                        names[k] = [m.actor_id, m.key, m.surface, script_of(m.surface), m.lang,
                                    m.method, m.confidence or 0.0, 1]
                    if m.key not in resolver.alias and m.method in ("fuzzy", "kb"):
                        resolver.alias[m.key] = (m.actor_id, m.confidence or 0.0)
                rows.append((art.id, m.actor_id, m.field, m.sentence, m.start, m.end, m.surface,
                             m.key, m.type, m.confidence, m.method))
        summary.articles += len(batch)
        store.write_entity_batch(actors=list(actors.values()), names=[tuple(v) for v in names.values()],
                                 mentions=rows, done=[(a.id, EXTRACTOR_VERSION) for a in batch])
        if on_batch:
            on_batch(summary)


def _conjunctions(lang: str | None) -> tuple[str, ...]:
    """The words for "and" that join two actors (``khabar/lang/<code>/event_roles.py``)."""
    try:
        return tuple(import_module(f"khabar.lang.{lang}.event_roles").AND)
    except (ImportError, TypeError, AttributeError):
        return ("and",)


def _is_person(m: Mention) -> bool:
    return bool(m.actor_id) and (m.type == "PER" or m.actor_id.startswith("per:"))


def _name_parts(mentions: list[Mention], lang: str | None) -> dict[str, tuple[str, tuple[int, int]]]:
    """First and last words of the people named in full in an article, as
    later short references ("شی" after "شی جین‌پینگ", "Lavrov" after "Sergey
    Lavrov"): word key -> (actor id, (sentence, offset) of the full name).
    A word shared by two people, or a frequent word, is left out."""
    common = _not_name_parts()
    parts: dict[str, tuple[str, tuple[int, int]]] = {}
    clash: set[str] = set()
    for m in mentions:
        if not _is_person(m) or m.field != "text" or m.sentence is None:
            continue
        words = normalize.key(m.surface, lang).split()
        if len(words) < 2:
            continue
        for w in {words[0], words[-1]}:
            if len(w) < 2 or w in common or w.isdigit():
                continue
            if w in parts and parts[w][0] != m.actor_id:
                clash.add(w)
            elif w not in parts or (m.sentence, m.start) < parts[w][1]:
                parts[w] = (m.actor_id, (m.sentence, m.start))
    return {w: v for w, v in parts.items() if w not in clash}


@lru_cache(maxsize=1)
def _not_name_parts() -> frozenset[str]:
    """Words that are no short reference to a person on their own: the
    everyday words named like places, every language's function words, and
    the one-word honorifics (``HONORIFICS`` in ``khabar/lang/<code>/titles.py``:
    "الأمير", "الشيخ", "Dr"), which stand before names, not for them."""
    from .kb import _common_words

    honorifics = set()
    for code in ("ar", "fa", "ru", "en"):
        for h in getattr(import_module(f"khabar.lang.{code}.titles"), "HONORIFICS", ()):
            k = normalize.key(h, code)
            if k and " " not in k:
                honorifics.add(k)
    return _common_words() | _function_words() | frozenset(honorifics)


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    """Every language's ``FUNCTION_WORDS`` (``khabar/lang/<code>/common_words.py``),
    keyed: words no short reference to a person can be."""
    out: set[str] = set()
    for code in ("ar", "fa", "ru", "en"):
        words = getattr(import_module(f"khabar.lang.{code}.common_words"), "FUNCTION_WORDS", ())
        out.update(normalize.key(w, code) for w in words)
    out.discard("")
    return frozenset(out)


def _auto_id(typ: str, key: str) -> str:
    return f"auto:{typ.lower()}:{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}"


def _cluster_groups(groups: list[dict], pool=None) -> list[list[dict]]:
    """Unresolved name groups (``Store.unresolved_groups``) that spell one
    name, clustered; the first group of a cluster is its head.

    Most widespread first: a variant joins the cluster of a commoner
    spelling.  Spellings are compared only within a bucket of equal type and
    consonant skeleton (spaces removed), so the work is linear in the number
    of names: same-script spellings join at :data:`AUTO_JOIN`, spellings in
    two scripts at :data:`AUTO_JOIN_CROSS` when the skeleton is long enough
    (:data:`AUTO_CROSS_SKELETON`).

    Buckets are independent: they are clustered a slice at a time
    (:func:`_cluster_slice`), on ``pool``'s workers when given (a
    :class:`~khabar.distributed.ForkPool`), like the skeletons; the answer
    is the same either way."""
    groups = sorted(groups, key=lambda g: (-len(g["articles"]), g["key"]))
    surfaces = [g["surfaces"].most_common(1)[0][0] for g in groups]
    step = _SKELETON_CHUNK
    skeletons = _map(pool, _skeletons, [surfaces[i:i + step] for i in range(0, len(surfaces), step)])
    buckets: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for i, (g, surface, sk) in enumerate(zip(groups, surfaces, skeletons)):
        buckets.setdefault((g["types"].most_common(1)[0][0], sk), []).append((i, surface))
    slices: list[list[tuple[str, list[tuple[int, str]]]]] = [[]]
    size = 0
    for (_, sk), members in buckets.items():
        if size >= _CLUSTER_SLICE_PAIRS:
            slices.append([])
            size = 0
        slices[-1].append((sk, members))
        size += len(members) * (len(members) - 1) // 2 if len(members) <= _BATCHED_BUCKET else 0
    found = sorted(_map(pool, _cluster_slice, slices), key=lambda x: x[0])
    return [[groups[i] for i in c] for _, c in found]


# Name pairs of the buckets clustered after one batch of word pairs.
_CLUSTER_SLICE_PAIRS = 2000
# Names whose skeletons one task reads.
_SKELETON_CHUNK = 4000
# A bucket with more names than this is compared one pair at a time, not batched.
_BATCHED_BUCKET = 64


def _map(pool, fn: Callable[[list], list], parts: list[list]) -> list:
    """``fn`` over each part, on ``pool``'s workers when given; the parts'
    answers joined, in order."""
    if pool is None:
        return [x for part in parts for x in fn(part)]
    futures = [pool.submit(fn, part) for part in parts]
    return [x for f in futures for x in pool.result(f)]


def _skeletons(surfaces: list[str]) -> list[str]:
    """Task: the bucket skeleton (spaces removed) of each name."""
    from .translit import skeleton

    return [skeleton(s).replace(" ", "") for s in surfaces]


def _cluster_slice(buckets: list[tuple[str, list[tuple[int, str]]]]) -> list[tuple[int, list[int]]]:
    """Task: the clusters of some buckets of :func:`_cluster_groups`, each
    bucket given as its skeleton and its members (index of the group, its
    commonest surface; most widespread first): (index of the head, indexes
    of the members).  The word pairs of the buckets are first computed in
    one vectorized batch (the same values; a slice's pairs fit the pair
    memo).  A bucket too large for a batch is left to the loop."""
    from .translit import _prefetch_names, name_similarity

    _prefetch_names([(a, b, None, None) for _, members in buckets if 1 < len(members) <= _BATCHED_BUCKET
                     for k, (_, b) in enumerate(members) for _, a in members[:k]])
    out: list[tuple[int, list[int]]] = []
    for sk, members in buckets:
        # Two scripts: the cross-script bar only for a long enough skeleton.
        cross_need = AUTO_JOIN_CROSS if len(sk) >= AUTO_CROSS_SKELETON else AUTO_JOIN
        heads: list[tuple[str, str, list[int]]] = []    # (surface, script, members)
        for i, surface in members:
            script = script_of(surface)
            for other, other_script, c in heads:
                cross = (script == "arabic") != (other_script == "arabic")
                if name_similarity(surface, other) >= (cross_need if cross else AUTO_JOIN):
                    c.append(i)
                    break
            else:
                c = [i]
                heads.append((surface, script, c))
                out.append((i, c))
    return out


def given_names(groups: list[dict]) -> set[str]:
    """Keys of the given names among unresolved groups (see
    :data:`GIVEN_NAME_MIN`): words that open many more unresolved multi-word
    person names than they close."""
    first: Counter = Counter()
    last: Counter = Counter()
    for g in groups:
        words = g["key"].split()
        if len(words) > 1 and g["types"].most_common(1)[0][0] == "PER":
            first[words[0]] += 1
            last[words[-1]] += 1
    return {w for w, n in first.items() if n >= GIVEN_NAME_MIN and n >= GIVEN_NAME_RATIO * last[w]}


def _promote_unresolved(store, summary: ActorsSummary, pool=None) -> int:
    """Unknown names seen in enough articles become actors, all in one
    transaction (a run killed here promotes nothing, and the next run does it
    all).  ``pool``: worker processes that share the clustering."""

    groups = [g for g in store.unresolved_groups()
              if g["types"].most_common(1)[0][0] in ACTOR_TYPES]
    given = given_names(groups)
    clusters = _cluster_groups(groups, pool)
    conf = 0.6
    actors, names, attach = [], [], []
    for c in clusters:
        articles = set().union(*(g["articles"] for g in c))
        if len(articles) < AUTO_MIN_ARTICLES:
            continue
        head = c[0]
        typ = head["types"].most_common(1)[0][0]
        if typ == "PER" and all(g["key"] in given for g in c):
            continue
        # Canonical name: a Latin-script spelling when there is one, else the commonest.
        surfaces = [(s, n) for g in c for s, n in g["surfaces"].items()]
        latin = [s for s, _ in sorted(surfaces, key=lambda x: -x[1]) if script_of(s) == "latin"]
        name = latin[0] if latin else max(surfaces, key=lambda x: x[1])[0]
        aid = _auto_id(typ, head["key"])
        actors.append((aid, name, typ, None, None, None, "auto"))
        for g in c:
            for s, n in g["surfaces"].items():
                names.append((aid, g["key"], s, script_of(s), None, "auto", conf, n))
            attach.append((g["key"], aid, "auto", conf))
    if actors:
        linked = store.write_entity_batch(actors=actors, names=names, attach=attach)
        summary.linked += linked
        summary.by_method["auto"] = summary.by_method.get("auto", 0) + linked
    return len(actors)


def sentence_index(art: Article, offset: int) -> int | None:
    starts = [s.start for s in art.sentences]
    i = bisect.bisect_right(starts, offset) - 1
    if i >= 0 and art.sentences[i].start <= offset < art.sentences[i].end:
        return i
    return None
