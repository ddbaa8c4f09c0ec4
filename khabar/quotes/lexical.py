"""Arabic, Persian and Russian quotes from lexical patterns: cue verbs,
speaker phrases and complementizers (see :mod:`khabar.quotes`)."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Sequence

from .marks import _ALL_QUOTE_PAIRS, _DATA, _OPENING, _TRIM_QUOTES, Quote, _trim, _widen

# Letters that news text spells either way (hamza seats, Arabic/Persian yeh
# and kaf, teh marbuta/heh): cue patterns accept every variant.
_VARIANTS = ("اأإآ", "يیى", "كک", "ةه", "её")
# Folding also drops diacritics and tatweel (أمّا = أما), ZWNJ and spaces.
_FOLD = ({ord(c): group[0] for group in _VARIANTS for c in group} | {0x200c: None, 0x20: None, 0x640: None}
         | {c: None for c in range(0x64B, 0x660)} | {0x670: None})
_CLASS = {c: f"[{group}]" for group in _VARIANTS for c in group}
_ZW = "\u200c"
_LEX_TOKEN = re.compile(r"[\w\u064b-\u065f\u0670\u0640\u200c]+|[^\w\s]")
_WORD_EDGE_L, _WORD_EDGE_R = r"(?<![\w\u200c])", r"(?![\w\u200c\u064b-\u065f])"


def _fold(s: str) -> str:
    return s.lower().translate(_FOLD)


def _pattern(form: str) -> str:
    """A regex for a cue form: letter variants, spaces as space/ZWNJ/nothing."""
    return "".join(f"[\\s{_ZW}]*" if ch in (" ", _ZW) else _CLASS.get(ch, re.escape(ch)) for ch in form)


def _units(form: str) -> tuple[str, ...]:
    """A cue form as regex units (one per letter or space), see :func:`_pattern`."""
    return tuple(f"[\\s{_ZW}]*" if ch in (" ", _ZW) else _CLASS.get(ch, re.escape(ch)) for ch in form)


def _trie_regex(seqs) -> str:
    """One regex for many unit sequences, factored by common prefixes.

    Python's ``re`` tries each branch of a flat alternation in turn at every
    position; a prefix tree makes a position fail after one or two letters.
    Longer continuations come first, so the longest form still wins."""
    trie: dict = {}
    for seq in seqs:
        node = trie
        for u in seq:
            node = node.setdefault(u, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [u + emit(child) for u, child in sorted(node.items(), key=lambda kv: kv[0] == "")
                    if u != ""]
        end = "" in node
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not end else "(?:" + "|".join(branches) + ")"
        return body + ("?" if end else "")

    return emit(trie)


def _alternation(forms) -> re.Pattern:
    seqs = {_units(f) for f in forms}
    return re.compile(_WORD_EDGE_L + "(?:" + _trie_regex(seqs) + ")" + _WORD_EDGE_R, re.IGNORECASE)


class _Lexicon:
    """Compiled cue patterns of one language's data module."""

    def __init__(self, data):
        self.verb_final = data.VERB_FINAL
        self.speaker_near = getattr(data, "SPEAKER_NEAR", False)
        self.content_before = getattr(data, "CONTENT_BEFORE_CUE", False)
        self.skip = frozenset(_fold(w) for w in getattr(data, "SPEAKER_SKIP", ()))
        self.cues: dict[str, tuple[str | None, str]] = {}   # folded form -> (particle, kind)
        forms = [(f, p, "verb") for f, p in _verb_forms(data)] + [
            (stem + x, p, "participle") for stem, p in getattr(data, "PARTICIPLES", {}).items()
            for x in data.PARTICIPLE_SUFFIXES]
        surface = [pre + f for f, _, _ in forms for pre in getattr(data, "PREFIXES", ("",))]
        for form, particle, kind in forms:
            for pre in getattr(data, "PREFIXES", ("",)):
                self.cues.setdefault(_fold(pre + form), (particle, kind))
        self.cue_re = _alternation(surface)
        self.cues_bare = frozenset(_fold(f) for f, _, kind in forms if kind == "verb")
        self.according_re = _alternation(data.ACCORDING_TO)
        self.comps = frozenset(_fold(c) for c in data.COMPLEMENTIZERS)
        self.stops = frozenset(_fold(w) for w in data.SPEAKER_STOPS)
        self.openers = frozenset(_fold(w) for w in data.CLAUSE_OPENERS)

    def info(self, matched: str) -> tuple[str | None, str]:
        return self.cues.get(_fold(matched), (None, "verb"))


def _verb_forms(data):
    """(form, particle) for every inflected cue verb form the data describes:
    suffixes on the last word (ت/وا; ند and the perfect), present forms."""
    verbs = data.VERBS if isinstance(data.VERBS, dict) else dict.fromkeys(data.VERBS)
    for verb, particle in verbs.items():
        head, _, last = verb.rpartition(" ")
        lasts = [last + x for x in getattr(data, "VERB_SUFFIXES", ("",))]
        if hasattr(data, "PLURAL_SUFFIX"):
            lasts += [last + data.PLURAL_SUFFIX] + [last + x for x in data.PERFECT_FORMS]
        stem = getattr(data, "PRESENT", {}).get(last)
        if stem:
            lasts += [p + stem + e for p in data.PRESENT_PREFIXES for e in data.PRESENT_ENDINGS]
        yield from ((f"{head} {form}" if head else form, particle) for form in lasts)
    for form, lemma in getattr(data, "IRREGULAR_FORMS", {}).items():
        yield form, verbs.get(lemma)


@lru_cache(maxsize=None)
def _lexicon(code: str) -> _Lexicon:
    return _Lexicon(_DATA[code])


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Words and single punctuation marks of ``text[start:end]`` with offsets."""
    return [(m.start(), m.end(), m.group()) for m in _LEX_TOKEN.finditer(text, start, end)]


# A name some outlets wrap in quotation marks (وقال "الموسى": "…") is at
# most this many words.
MAX_QUOTED_NAME_WORDS = 4
_CLOSERS = frozenset(_ALL_QUOTE_PAIRS.values())


def _quoted_name(lex, toks, i) -> int | None:
    """Index of the token after a quoted name opening at ``toks[i]``: 1–4
    words between a pair of marks, followed by a colon, comma, semicolon, a
    complementizer or a further word — not a short quotation that ends the
    sentence (قال "لا".)."""
    if i >= len(toks) or toks[i][2] not in _ALL_QUOTE_PAIRS:
        return None
    close = _ALL_QUOTE_PAIRS[toks[i][2]]
    for j in range(i + 1, min(len(toks), i + MAX_QUOTED_NAME_WORDS + 2)):
        w = toks[j][2]
        if w == close or (w in _CLOSERS and toks[i][2] not in "«‹"):
            if j == i + 1 or j + 1 >= len(toks):
                return None
            nxt = toks[j + 1][2]
            ok = nxt in ":،,؛;" or _fold(nxt) in lex.comps or nxt[0].isalnum()
            return j + 1 if ok else None
        if not w[0].isalnum():
            return None
    return None


def _speaker_after(lex, toks, particle) -> tuple[int, tuple[int, int] | None]:
    """Speaker words right after a verb-first cue (index of the token that
    ends them, speaker span or None)."""
    k = 0
    while k < len(toks) and k < MAX_SPEAKER_WORDS:
        w = _fold(toks[k][2])
        if w in lex.comps or w in lex.stops or not toks[k][2][0].isalnum() or \
                (particle and w == _fold(particle)):
            break
        k += 1
    q = _quoted_name(lex, toks, k)
    if q is not None and (k == 0 or q < len(toks) and _fold(toks[q][2]) in lex.comps):
        k = q               # وقال "الموسى": "…"؛ كشف وكيل اللاعبين "فهد باقديم" أن …
    return k, ((toks[0][0], toks[k - 1][1]) if k else None)


def _speaker_before(lex, toks) -> tuple[int, int] | None:
    """Speaker words opening the clause before a cue (Persian, or Arabic
    speaker-first order): from the clause start up to a stop word."""
    i = 0
    while i < len(toks) and _fold(toks[i][2]) in lex.openers:
        i += 1
    j = i
    while j < len(toks) and j - i < MAX_SPEAKER_WORDS and _fold(toks[j][2]) not in lex.stops \
            and toks[j][2] not in "،,:؛;":
        j += 1
    return (toks[i][0], toks[j - 1][1]) if j > i else None


def _speaker_near(lex, toks) -> tuple[int, int] | None:
    """Speaker words right before a cue, back to a stop word or punctuation
    (Russian: "Вчера глава МИД Сергей Лавров заявил")."""
    j = len(toks)
    while j > 0 and _fold(toks[j - 1][2]) in lex.skip:     # "министр также заявил"
        j -= 1
    i = j
    while i > 0 and j - i < MAX_SPEAKER_WORDS:
        s, e, w = toks[i - 1]
        glued = w == "-" and 1 < i < j and toks[i - 2][1] == s and e == toks[i][0]   # "премьер-министр"
        if not (glued or w[0].isalnum()) or _fold(w) in lex.stops:
            break
        i -= 1
    while i < j and _fold(toks[i][2]) in lex.openers:
        i += 1
    return (toks[i][0], toks[j - 1][1]) if j > i else None


# Longest parenthetical between the speaker and the cue ("Чавушоглу, в свою
# очередь, отметил"), in words.
MAX_PARENTHETICAL_WORDS = 4


def _before_parenthetical(text: str, start: int, clause_start: int) -> list:
    """Tokens of the clause before a short parenthetical that ends right
    before the cue ("X, в свою очередь, отметил": the tokens of "X"), or []."""
    comma = clause_start - 1
    if comma <= start or text[comma] != ",":
        return []
    prev = text.rfind(",", start, comma)
    if prev < 0:
        return []
    inner = _tokens(text, prev + 1, comma)
    if not inner or len(inner) > MAX_PARENTHETICAL_WORDS or not all(w[0].isalnum() for _, _, w in inner):
        return []
    lo = max([start] + [i + 1 for i in range(start, prev) if text[i] in "،,:؛;.!?"])
    return _tokens(text, lo, prev)


# Dashes and spaces between a content and the cue after it ("…, — заявил").
_DASHES = " \t\u00a0-\u2012\u2013\u2014\u2015"

# Longest speaker phrase in words ("وزير الخارجية الصيني وانغ يي" is 5).
MAX_SPEAKER_WORDS = 10
# Words scanned after the speaker for the complementizer, colon or quotation
# that opens the content ("قال الوزير في بيان صحفي اليوم إن …").
MAX_CONTENT_SEARCH = 25


def _content_after(lex, text, toks, k, particle, end):
    """Start of the content after the speaker: after a complementizer, a
    colon, the cue's particle, or at a quotation mark; Persian also takes a
    comma ("گفت، …")."""
    i, stop = k - 1, min(len(toks), k + MAX_CONTENT_SEARCH)
    while i + 1 < stop:
        i += 1
        s, e, w = toks[i]
        fw = _fold(w)
        if fw in lex.comps or w == ":" or (particle and fw == _fold(particle)):
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if nxt is not None and _fold(nxt[2]) in lex.comps:
                return nxt[1]
            return e
        if w in _ALL_QUOTE_PAIRS:
            q = _quoted_name(lex, toks, i)
            after = toks[q] if q is not None else None
            if after is not None and (after[2] in ":،,؛;" or _fold(after[2]) in lex.comps):
                i = q - 1                  # "وأكد المدير، "خالد المنصور"؛ أن …"
                continue
            return s
        if lex.verb_final and w in "،," and i == k:
            return e
        if w in ".!?؟":
            return None
    return None


def _lexical_cue(lex, text, m, sent, clause_start, quotations):
    """One quote for a cue match inside (the rest of) sentence ``sent``."""
    particle, kind = lex.info(m.group())
    s_end = sent[1]
    toks = _tokens(text, m.end(), s_end)
    speaker = None
    k = 0
    if kind == "verb" and not lex.verb_final:
        k, speaker = _speaker_after(lex, toks, particle)
    start = _content_after(lex, text, toks, k, particle, s_end)
    if speaker is None and kind == "verb" and (lex.verb_final or _fold(m.group()) in lex.cues_bare):
        # Speaker-first order; an Arabic verb with و/ف opens its own clause.
        before = _tokens(text, clause_start, m.start())
        if lex.speaker_near and not before:
            before = _before_parenthetical(text, sent[0], clause_start)
        speaker = _speaker_near(lex, before) if lex.speaker_near else _speaker_before(lex, before)
    if start is not None:
        content = _quotation_at(text, start, quotations)
        if content is None or _name_in_marks(text, content, s_end):
            content = (start, s_end)
    elif lex.verb_final and speaker is not None and speaker[1] < m.start():
        between = [w for _, _, w in _tokens(text, speaker[1], m.start()) if _fold(w) not in lex.stops]
        if not between and toks and toks[0][2][0].isalnum():
            # Nothing said before the verb ("سخنگو روز جمعه گفت ایران …"):
            # the content follows it, unmarked.
            content = (toks[0][0], s_end)
        else:
            content = (speaker[1], m.start())      # "وزیر … تاکید کرد."
    elif lex.content_before and k and sent[0] < clause_start \
            and not text[clause_start:m.start()].strip(_DASHES):
        # "…, — заявил министр.", "«…», — сказал он."
        content = _quotation_at(text, sent[0], quotations) or (sent[0], clause_start)
    else:
        return None
    return _lexical_quote(text, (m.start(), m.end()), speaker, content, "reported", quotations)


def _name_in_marks(text: str, quotation: tuple[int, int], end: int) -> bool:
    """A short quotation that the sentence goes on after ("أن "مبروك زايد"
    حارس مرمى …"): a name in quotation marks, not the whole content."""
    qs, qe = quotation
    rest = text[qe + 1:end].lstrip()
    return len(text[qs:qe].split()) <= MAX_QUOTED_NAME_WORDS and bool(rest) and rest[0].isalnum()


def _quotation_at(text: str, start: int, quotations) -> tuple[int, int] | None:
    """The quotation opening at ``start`` (after spaces), if any."""
    while start < len(text) and text[start].isspace():
        start += 1
    i = bisect.bisect_left(quotations, (start, 0))
    for qs, qe in quotations[i:i + 2]:
        if start < qs <= start + 2 and not text[start:qs].strip(_TRIM_QUOTES):
            return qs, qe
    return None


def _trim_speaker(text: str, span: tuple[int, int]) -> tuple[int, int] | None:
    """Trim a speaker span, keeping quotation marks that a name is wrapped in
    («شی جین‌پینگ» رئیس جمهور چین) and dropping unpaired ones."""
    s, e = span
    while s < e and (text[s].isspace() or text[s] in "،,:؛;-–—"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in "،,:؛;-–—"):
        e -= 1
    if s < e and text[s] in _OPENING and _ALL_QUOTE_PAIRS[text[s]] not in text[s + 1:e]:
        s += 1
    if s < e and text[e - 1] in _ALL_QUOTE_PAIRS.values() and not any(
            o in text[s:e - 1] for o, c in _ALL_QUOTE_PAIRS.items() if c == text[e - 1]):
        e -= 1
    return (s, e) if s < e else None


def _lexical_quote(text, cue, speaker, content, kind, quotations) -> Quote | None:
    s, e, direct = _widen(*content, quotations)
    s, e = _trim(text, s, e)
    if s >= e:
        return None
    speaker = _trim_speaker(text, speaker) if speaker is not None else None
    kind = "direct" if direct and kind == "reported" else kind
    return Quote(text[cue[0]:cue[1]], cue[0], cue[1], s, e, speaker and speaker[0],
                 speaker and speaker[1], speaker and text[speaker[0]:speaker[1]], kind, None)


def _according(lex, text, m, sent, quotations) -> Quote | None:
    """"بحسب X" / "به گزارش X،": X up to a comma is the speaker; the content
    is the rest of the sentence (after X when the phrase opens the sentence,
    before the phrase otherwise)."""
    toks = _tokens(text, m.end(), sent[1])
    while toks and _fold(toks[0][2]) in lex.stops:     # "بحسب ما نقلت عنه وكالة …"
        toks = toks[1:]
    j = 0
    while j < len(toks) and j < MAX_SPEAKER_WORDS and toks[j][2] not in "،,:؛;.!?؟" \
            and _fold(toks[j][2]) not in lex.comps:
        j += 1
    if j == 0:
        return None
    speaker = (toks[0][0], toks[j - 1][1])
    before = _trim(text, sent[0], m.start())
    if before[1] - before[0] > 1 and not (lex.verb_final and len(_tokens(text, *before)) < 3):
        content = before
    else:
        content = (toks[j][1] if j < len(toks) else speaker[1], sent[1])
    return _lexical_quote(text, (m.start(), m.end()), speaker, content, "according_to", quotations)


def _lexical(text: str, code: str, sents: Sequence[tuple[int, int]], quotations) -> list[Quote]:
    """Arabic or Persian quotes by cue patterns (see the module doc)."""
    lex = _lexicon(code)
    out: list[Quote] = []
    for sent in sents:
        according = list(lex.according_re.finditer(text, *sent))
        out += [_according(lex, text, m, sent, quotations) for m in according]
        cues = [m for m in lex.cue_re.finditer(text, *sent)
                if not any(a.start() <= m.start() < a.end() for a in according)]
        for n, m in enumerate(cues):
            # The content ends where an "according to" phrase or a new
            # quote after a comma starts ("…، مؤكداً أن …").
            cut = min([a.start() for a in according if a.start() > m.end()]
                      + [c.start() for c in cues[n + 1:] if _after_comma(text, c.start())]
                      + [sent[1]])
            clause = max([sent[0]] + [a.end() for a in according if a.end() <= m.start()]
                         + [i + 1 for i in range(sent[0], m.start()) if text[i] in "،,:؛;"])
            out.append(_lexical_cue(lex, text, m, (sent[0], cut), clause, quotations))
    return [q for q in out if q is not None]


def _after_comma(text: str, i: int) -> bool:
    return text[:i].rstrip()[-1:] in ("،", ",")
