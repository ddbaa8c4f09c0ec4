"""Cross-script name matching: Arabic, Persian and Cyrillic spellings against Latin ones.

``توكاييف``, ``تاکایف``, ``Токаев`` and ``Tokayev`` name one person; this module
tells so for names it has never seen listed.

The core is a learned character model, a *joint multigram* (a joint-source-channel
model without context): a Latin name and its Arabic spelling are generated together
as a sequence of independent chunk pairs ``(latin gram, arabic gram)``, a Latin gram
of 0–3 letters with an Arabic gram of 1–3 letters (``("sch", "ش")``, ``("ka", "ك")``,
``("", "ع")``).  Its probabilities are learned by EM from Wikidata name pairs
(``scripts/train_translit.py``; ``docs/models/translit.md``).  A pair is scored by

    score(a, l) = log P(a, l) − λ · log P_lm(l)

where ``P(a, l)`` sums over every chunk alignment (forward algorithm, vectorized over
the candidates with numpy) and ``P_lm`` is a character 4-gram model of Latin names:
dividing by it turns the joint probability into an estimate of ``log P(a | l)``, so
that frequent-looking Latin names are not favoured over rare ones.

Ranking many candidates (:class:`NameIndex`) first *blocks*: each Latin candidate is
spelled in Arabic by the model (its most likely spelling), and the query is compared
with those spellings through weighted character-bigram features of the letters and
of the consonant skeleton (an inverted index, numpy only); the best few hundred are
then scored with the model.

Other scripts reach the model through tables:

* Persian letters map onto Arabic ones (ک → ك, ی → ي, پ → ب, چ → تش); ambiguous
  letters are sets of alternatives scored by their best member (گ → غ/ج/ك, ژ → ج/ز).
* Cyrillic is transliterated to Latin by a table (Russian, with Ukrainian, Belarusian,
  Serbian, Bulgarian and Kazakh letters); Cyrillic against Latin is then a Latin
  comparison, Cyrillic against Arabic goes through the model.
* Two names in the same script (or Arabic against Persian) are compared by an edit
  distance in which the letters that spell vowels are cheap.

Multi-word names are matched token-wise: the best monotone alignment of tokens, in
which one token may face two adjacent tokens of the other name joined ("جين بينغ" ↔
"Jinping"), in either word order; unmatched tokens cost their length.

The same names come back again and again (the actors stage compares every
mention with the names of its article and of the knowledge base), so the pure
functions here remember their answers in bounded tables, and :class:`NameIndex`
computes the edit distances of all the Arabic word pairs its one-by-one
candidates need in one numpy batch.  Neither changes an answer.

Needs numpy.  No network access: the model is ``khabar/data/translit_model.npz``.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import threading
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import numpy as np

__all__ = [
    "romanize", "skeleton", "name_similarity", "NameIndex", "script_of",
    "latin_key", "arabic_key", "load_model", "MODEL_PATH",
]

MODEL_PATH = Path(__file__).resolve().parent / "data" / "translit_model.npz"

# ---------------------------------------------------------------------------
# Scripts and normalization
# ---------------------------------------------------------------------------

# Latin letters that are not a base letter plus a combining mark (NFKD keeps
# them), and a few whose usual English/Arabic rendering differs from the base
# letter: ş, š, č, ć, ž are spelled ش / تش / ج in Arabic.
_LATIN_FOLD = {
    "ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "dj", "ð": "d", "þ": "th",
    "ı": "i", "ħ": "h", "ŋ": "ng", "ſ": "s",
    "š": "sh", "č": "ch", "ć": "ch", "ž": "zh", "ş": "sh", "ș": "sh", "ț": "ts", "ţ": "ts",
    "ğ": "g",
}
_WORD_SPLIT = re.compile(r"[\s\-\u2010-\u2015_/,;:|+]+")

# Arabic: diacritics (harakat, superscript alef), tatweel and invisible
# format characters are dropped.
_AR_DROP = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)] + ["\u0670", "\u0640", "\u06E1", "\u06ED"]
    + ["\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff", "\u00ad", "\u200b"])
# Letters of the Persian (and Urdu/Kurdish) alphabet mapped onto the Arabic
# letters the model was trained on.  A tuple is a set of alternatives: the
# model scores the one that fits best.  چ becomes two letters (تش), as
# Arabic writes "ch".
_AR_MAP: dict[str, str | tuple[str, ...]] = {
    "ک": "ك", "ڪ": "ك", "ی": "ي", "ې": "ي", "ێ": "ي", "ے": "ي", "ۍ": "ي", "ٸ": "ئ",
    "ہ": "ه", "ھ": "ه", "ۀ": "ه", "ە": "ه", "ۂ": "ه", "ۃ": "ة",
    "ٱ": "ا", "ٲ": "ا", "ٳ": "ا", "ۆ": "و", "ۇ": "و", "ۈ": "و", "ۋ": "و", "ۊ": "و",
    "پ": "ب", "چ": "تش", "ڤ": "ف", "ڥ": "ف", "ڨ": ("ق", "غ"), "ڭ": ("ك", "غ"),
    "ژ": ("ج", "ز"), "گ": ("غ", "ج", "ك"), "ڵ": "ل", "ڕ": "ر", "ڎ": "د", "ٹ": "ت",
    "ڈ": "د", "ڑ": "ر", "ں": "ن",
}
# Arabic letters whose Persian (and Urdu) reading merges with another letter.
_PERSIAN_SOUNDS = {
    "ظ": ("ظ", "ز"), "ض": ("ض", "ز"), "ذ": ("ذ", "ز"), "ث": ("ث", "س"), "ص": ("ص", "س"),
    "ط": ("ط", "ت"), "ح": ("ح", "ه"), "ق": ("ق", "غ"),
}
_PERSIAN_LANGS = frozenset({"fa", "ur", "ps", "ckb", "ku"})
_PERSIAN_LETTERS = frozenset("پچژگکیۀ")

# Letters only Persian (or Urdu) writes: they decide the language of a name
# when none is given, and romanize to these Latin letters.
_PERSIAN_ONLY = {"پ": "p", "چ": "ch", "ژ": "zh", "گ": "g", "ڤ": "v"}

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
    # Ukrainian, Belarusian
    "є": "ye", "і": "i", "ї": "yi", "ґ": "g", "ў": "w",
    # Serbian, Macedonian
    "ђ": "dj", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "ch", "џ": "dzh", "ѓ": "gj", "ќ": "kj",
    "ѕ": "dz",
    # Kazakh, Kyrgyz, Tatar, Uzbek
    "ә": "a", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h",
    "ҳ": "h", "ҷ": "j", "ӣ": "i", "ӯ": "u", "ҙ": "z", "ҫ": "s",
}
# Language-specific readings of shared letters.
_CYRILLIC_LANG = {
    "uk": {"г": "h", "и": "y", "е": "e", "щ": "shch"},
    "be": {"г": "h", "и": "i"},
    "bg": {"щ": "sht", "ъ": "a", "ь": "y"},
    "sr": {"ј": "j", "ћ": "c", "ђ": "dj"},
    "mk": {"ј": "j"},
}
_CYR_VOWELS = frozenset("аеёиоуыэюяєіїәөұүaeiou")
# е and ё are read ye / yo at the start of a word and after a vowel or ь/ъ
# (Токаев → tokayev, Ельцин → yeltsin), as English renderings write them.
_CYR_IOTATED = {"е": "ye", "ё": "yo"}

def script_of(text: str) -> str:
    """``"arabic"``, ``"cyrillic"``, ``"latin"`` or ``"other"``: the script of most letters."""
    counts = {"arabic": 0, "cyrillic": 0, "latin": 0, "other": 0}
    for ch in text:
        if not ch.isalpha():
            continue
        o = ord(ch)
        if 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0x08A0 <= o <= 0x08FF \
                or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF:
            counts["arabic"] += 1
        elif 0x0400 <= o <= 0x052F:
            counts["cyrillic"] += 1
        elif o < 0x0250 or 0x1E00 <= o <= 0x1EFF or 0xFF21 <= o <= 0xFF5A:
            counts["latin"] += 1
        else:
            counts["other"] += 1
    best = max(counts, key=counts.get)
    return best if counts[best] else "latin"


def _script(text: str, lang: str | None) -> str:
    """The script of a token: always read from its letters (``lang`` only
    selects language-specific tables, e.g. Ukrainian г → h)."""
    return script_of(text)


def _cyr_lang(lang: str | None) -> str | None:
    return lang.lower().split("-")[0] if lang else None


def cyrillic_to_latin(text: str, lang: str | None = None) -> str:
    """Lowercase Latin transliteration of Cyrillic letters (other characters kept)."""
    table = dict(_CYRILLIC)
    table.update(_CYRILLIC_LANG.get(_cyr_lang(lang) or "", {}))
    out = []
    prev = ""
    for ch in unicodedata.normalize("NFC", text.lower()):
        if ch in _CYR_IOTATED and (not prev or not prev.isalpha() or prev in _CYR_VOWELS
                                   or prev in "ьъ") and _cyr_lang(lang) not in ("uk", "sr", "mk"):
            out.append(_CYR_IOTATED[ch])
        elif ch in table:
            out.append(table[ch])
        else:
            out.append(ch)
        prev = ch
    return "".join(out)


@functools.lru_cache(maxsize=65536)
def latin_key(word: str) -> str:
    """Lowercase a–z form of a Latin (or already transliterated) word: accents
    stripped, ß ø æ ł đ folded, š č ć ž ş written sh ch ch zh sh; other
    characters dropped."""
    s = word.lower()
    s = "".join(_LATIN_FOLD.get(c, c) for c in s)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if "a" <= c <= "z")


def _arabic_slots(word: str, persian: bool = False) -> list[tuple[str, ...]]:
    """Arabic-script word → list of letter slots (each a tuple of alternatives).

    With ``persian``, letters Persian pronounces like other letters also
    stand for those (ظ ض ذ → ز, ث ص → س, ط → ت, ح → ه, ق → غ)."""
    s = unicodedata.normalize("NFKC", word)
    slots: list[tuple[str, ...]] = []
    for c in s:
        if c in _AR_DROP:
            continue
        m = _AR_MAP.get(c, c)
        if persian and c in _PERSIAN_SOUNDS:
            m = _PERSIAN_SOUNDS[c]
        if isinstance(m, tuple):
            slots.append(m)
        else:
            for x in m:
                if "\u0621" <= x <= "\u064a":
                    slots.append((x,))
    return slots


def arabic_key(word: str) -> str:
    """Arabic letters of an Arabic-script word as the model reads them
    (diacritics dropped, Persian letters mapped onto Arabic, first alternative)."""
    return "".join(s[0] for s in _arabic_slots(word))


# Longer input is cut: names have a few short words.
MAX_TOKENS = 12
MAX_TOKEN_CHARS = 48


def _tokens(name: str) -> list[str]:
    toks = [t for t in _WORD_SPLIT.split(unicodedata.normalize("NFKC", name).strip()) if t]
    return [t[:MAX_TOKEN_CHARS] for t in toks[:MAX_TOKENS]]


# ---------------------------------------------------------------------------
# The learned model
# ---------------------------------------------------------------------------

_FLOOR = 1e-12          # probability of a letter pair the model never saw
_NEG = -1e9             # score of a pair the model cannot align at all
CALIBRATION_CLIP = (-30.0, 10.0)  # range of score / (letters + 1) the calibration sees
_SPELL_MARGIN = 3.0     # k-best spellings: alternatives this far below the best
_SCALE = math.exp(3.0)  # per-Arabic-letter scale of the float32 forward pass


class TranslitModel:
    """The joint multigram (chunk-pair probabilities), the Latin letter
    4-gram model and the score calibration, loaded from the ``.npz`` file."""

    def __init__(self, path: str | Path = MODEL_PATH):
        z = np.load(path, allow_pickle=False)
        self.max_lat = int(z["max_lat"])
        self.max_ar = int(z["max_ar"])
        # Grams are keyed by position: "^" marks a gram at the start of the
        # word, "$" one at its end (when the model was trained so).
        self.pos_lat = bool(z["pos_lat"]) if "pos_lat" in z else False
        self.pos_ar = bool(z["pos_ar"]) if "pos_ar" in z else False
        self.lam = float(z["lm_weight"])
        self.calib = tuple(float(x) for x in z["calibration"])
        lat = [str(x) for x in z["lat_grams"]]
        ar = [str(x) for x in z["ar_grams"]]
        # id 0: impossible (padding); id 1: the empty gram.
        self.lat_ids = {g: i for i, g in enumerate(lat)}
        self.ar_ids = {g: i for i, g in enumerate(ar)}
        self.lat_grams, self.ar_grams = lat, ar
        rows, cols, logp = z["pair_lat"], z["pair_ar"], z["pair_logp"].astype(np.float64)
        order = np.argsort(cols, kind="stable")
        rows, cols, prob = rows[order], cols[order], np.exp(logp[order])
        starts = np.searchsorted(cols, np.arange(len(ar) + 1))
        self._col_rows = [rows[starts[k]:starts[k + 1]] for k in range(len(ar))]
        self._col_prob = [prob[starts[k]:starts[k + 1]] for k in range(len(ar))]
        self._single_lat = np.array([i for g, i in self.lat_ids.items()
                                     if len(g.strip("^$")) == 1], np.int64)
        self._col_cache: dict[tuple[str, ...], np.ndarray] = {}
        self._lock = threading.Lock()
        # Latin -> Arabic: the best Arabic gram of each Latin gram (for the
        # blocking spellings); Arabic -> Latin: the best Latin gram of each
        # Arabic gram (for romanize).
        bl_ar = np.full(len(lat), -1, np.int64)
        bl_val = np.full(len(lat), -np.inf)
        ba_lat = np.full(len(ar), -1, np.int64)
        ba_val = np.full(len(ar), -np.inf)
        for r, c, v in zip(z["pair_lat"], z["pair_ar"], z["pair_logp"].astype(np.float64)):
            if r > 1 and v > bl_val[r]:
                bl_ar[r], bl_val[r] = c, v
            if v > ba_val[c] and r >= 1:
                ba_lat[c], ba_val[c] = r, v
        self._lat2ar = {g: (ar[bl_ar[i]].strip("^$"), bl_val[i]) for g, i in self.lat_ids.items()
                        if bl_ar[i] >= 0}
        self._ar2lat = {g: (lat[ba_lat[i]].strip("^$"), ba_val[i]) for g, i in self.ar_ids.items()
                        if ba_lat[i] >= 0}
        # The three best Arabic grams of each Latin gram (k-best spellings).
        alts: dict[int, list[tuple[float, str]]] = {}
        for r, c, v in zip(z["pair_lat"].tolist(), z["pair_ar"].tolist(),
                           z["pair_logp"].astype(np.float64).tolist()):
            if r > 1:
                alts.setdefault(r, []).append((v, ar[c].strip("^$")))
        self._lat2ar_k = {}
        for r, v in alts.items():
            v = sorted(v, reverse=True)[:3]
            self._lat2ar_k[lat[r]] = [x for x in v if x[0] >= v[0][0] - _SPELL_MARGIN]
        # Latin letter 4-gram model (interpolated, Witten-Bell-like weights).
        self.lm_order = int(z["lm_order"])
        self._lm_counts = dict(zip((str(x) for x in z["lm_grams"]), z["lm_counts"].tolist()))
        self._lm_ctx = dict(zip((str(x) for x in z["lm_ctx"]), z["lm_ctx_counts"].tolist()))
        self.lm_k = float(z["lm_k"])

    # -- Latin letter model --------------------------------------------------
    def lm_logprob(self, word: str) -> float:
        n = self.lm_order
        t = "^" * (n - 1) + word + "$"
        counts, ctx, k = self._lm_counts, self._lm_ctx, self.lm_k
        lp = 0.0
        for i in range(n - 1, len(t)):
            p = 1.0 / 28
            for m in range(1, n + 1):
                g = t[i - m + 1:i + 1]
                h = ctx.get(g[:-1], 0)
                if not h:
                    break
                w = h / (h + k)
                p = w * counts.get(g, 0) / h + (1 - w) * p
            lp += math.log(p)
        return lp

    # -- encoding -----------------------------------------------------------------
    def encode_latin(self, words: list[str], width: int | None = None) -> np.ndarray:
        """ids[b, i, d] = id of words[b][i-d:i] (d ≥ 1), ids[b, i, 0] = empty gram
        for i ≤ len; 0 (impossible) elsewhere."""
        width = max((len(w) for w in words), default=0) if width is None else width
        out = np.zeros((len(words), width + 1, self.max_lat + 1), np.int32)
        ids = self.lat_ids
        pos = self.pos_lat
        for b, w in enumerate(words):
            n = len(w)
            out[b, :n + 1, 0] = 1
            for i in range(1, n + 1):
                for d in range(1, min(self.max_lat, i) + 1):
                    out[b, i, d] = ids.get(gram_key(w, i - d, i, pos), 0)
        return out

    def _column(self, alts: tuple[str, ...]) -> np.ndarray:
        """P(latin gram, arabic gram) over all Latin grams for one Arabic gram
        (the elementwise best of its alternatives)."""
        col = self._col_cache.get(alts)
        if col is not None:
            return col
        col = np.zeros(len(self.lat_grams))
        for g in alts:
            k = self.ar_ids.get(g)
            if k is not None:
                c = np.zeros(len(self.lat_grams))
                c[self._col_rows[k]] = self._col_prob[k]
                np.maximum(col, c, out=col)
        if all(len(g.strip("^$")) == 1 for g in alts):
            col[self._single_lat] = np.maximum(col[self._single_lat], _FLOOR)
        col[0] = 0.0
        with self._lock:
            if len(self._col_cache) > 20000:
                self._col_cache.clear()
            self._col_cache[alts] = col
        return col

    def query_columns(self, slots: list[tuple[str, ...]]) -> list[list[np.ndarray | None]]:
        """cols[j][dj]: the column of the Arabic gram ending at slot j with dj slots."""
        cols: list[list[np.ndarray | None]] = [[None] * (self.max_ar + 1)]
        M = len(slots)
        for j in range(1, M + 1):
            row: list[np.ndarray | None] = [None]
            for dj in range(1, self.max_ar + 1):
                if j - dj < 0:
                    row.append(None)
                    continue
                pre = "^" if self.pos_ar and j - dj == 0 else ""
                post = "$" if self.pos_ar and j == M else ""
                alts = tuple(sorted({pre + "".join(p) + post
                                     for p in itertools.product(*slots[j - dj:j])}))
                row.append(self._column(alts))
            cols.append(row)
        return cols

    def joint_logp(self, slots: list[tuple[str, ...]], lat: np.ndarray,
                   lengths: np.ndarray) -> np.ndarray:
        """log P(arabic, latin) for one Arabic word (slots) against a batch of
        encoded Latin words (forward algorithm over all chunk alignments).

        ``lat`` is :meth:`encode_latin` output (B, L+1, max_lat+1).  The
        emission probabilities of every (Arabic gram, Latin gram) the
        alignments can use are gathered up front, Latin positions first so
        that the alignment shifts are contiguous slices."""
        B, L1, ml1 = lat.shape
        M = len(slots)
        if B == 0:
            return np.zeros(0)
        if M == 0:
            return np.full(B, _NEG)
        cols = self.query_columns(slots)
        kidx: dict[tuple[int, int], int] = {}
        stack = []
        for j in range(1, M + 1):
            for dj in range(1, self.max_ar + 1):
                if j - dj >= 0:
                    kidx[j, dj] = len(stack)
                    stack.append(cols[j][dj])
        # float32, with each column scaled by _SCALE per Arabic letter it
        # covers: every path to column j is then scaled by _SCALE ** j
        # exactly, which keeps the sums of good alignments near 1.
        table = np.stack(stack).astype(np.float32)            # (K, n_latin_grams)
        for (j, dj), k in kidx.items():
            table[k] *= _SCALE ** dj
        latT = np.ascontiguousarray(lat.transpose(1, 0, 2))   # (L+1, B, d)
        ml1 = min(ml1, L1)                                    # chunks no longer than the words
        G = [table[:, latT[d:, :, d]] for d in range(ml1)]    # (K, L+1-d, B)
        alpha = np.zeros((M + 1, L1, B), np.float32)
        alpha[0, 0, :] = 1.0
        tmp = np.empty((L1, B), np.float32)
        for j in range(1, M + 1):
            col = alpha[j]
            for dj in range(1, self.max_ar + 1):
                if j - dj < 0:
                    break
                prev = alpha[j - dj]
                k = kidx[j, dj]
                np.multiply(prev, G[0][k], out=tmp)
                col += tmp
                for d in range(1, ml1):
                    t = tmp[:L1 - d]
                    np.multiply(prev[:-d], G[d][k], out=t)
                    col[d:] += t
        z = alpha[M, lengths, np.arange(B)].astype(np.float64)
        with np.errstate(divide="ignore", over="ignore"):
            logz = np.log(np.maximum(z, 1e-300)) - M * math.log(_SCALE)
            return np.where((z > 0) & np.isfinite(z), logz, _NEG)

    # -- decoding (Viterbi over single chunks) -------------------------------------
    def spell_arabic(self, word: str) -> str:
        """The model's most likely Arabic spelling of a Latin word (latin_key form)."""
        n = len(word)
        best: list[tuple[float, str]] = [(0.0, "")] + [(-math.inf, "")] * n
        for i in range(1, n + 1):
            cand = (-math.inf, "")
            for d in range(1, min(self.max_lat, i) + 1):
                e = self._lat2ar.get(gram_key(word, i - d, i, self.pos_lat))
                if e is None or best[i - d][0] == -math.inf:
                    continue
                s = best[i - d][0] + e[1]
                if s > cand[0]:
                    cand = (s, best[i - d][1] + e[0])
            if cand[0] == -math.inf:  # a letter the model never saw: skip it
                cand = best[i - 1]
            best[i] = cand
        return best[n][1]

    def spell_latin(self, arabic: str) -> str:
        """The model's most likely Latin rendering of Arabic letters."""
        n = len(arabic)
        best: list[tuple[float, str]] = [(0.0, "")] + [(-math.inf, "")] * n
        for j in range(1, n + 1):
            cand = (-math.inf, "")
            for d in range(1, min(self.max_ar, j) + 1):
                e = self._ar2lat.get(gram_key(arabic, j - d, j, self.pos_ar))
                if e is None or best[j - d][0] == -math.inf:
                    continue
                s = best[j - d][0] + e[1]
                if s > cand[0]:
                    cand = (s, best[j - d][1] + e[0])
            if cand[0] == -math.inf:
                cand = (best[j - 1][0], best[j - 1][1] + _AR_FALLBACK.get(arabic[j - 1], ""))
            best[j] = cand
        return best[n][1]

    def spell_arabic_kbest(self, word: str, k: int = 5, margin: float = 3.0) -> list[str]:
        """Up to ``k`` likely Arabic spellings of a Latin word whose log
        probability is within ``margin`` of the best (beam search)."""
        n = len(word)
        opts_of = self._lat2ar_k
        pos = self.pos_lat
        beams: list[list[tuple[float, str]]] = [[(0.0, "")]] + [[] for _ in range(n)]
        for i in range(1, n + 1):
            cand: dict[str, float] = {}
            for d in range(1, min(self.max_lat, i) + 1):
                opts = opts_of.get(gram_key(word, i - d, i, pos))
                if not opts:
                    continue
                for s, pre in beams[i - d]:
                    for v, a in opts:
                        t = pre + a
                        if cand.get(t, -math.inf) < s + v:
                            cand[t] = s + v
            if not cand:  # a letter the model never saw: skip it
                beams[i] = beams[i - 1]
                continue
            # Paths through position i share their continuations, so one more
            # than ``margin`` below the best prefix can never end within it.
            ranked = sorted(((v, t) for t, v in cand.items()), reverse=True)
            floor = ranked[0][0] - margin
            beams[i] = [x for x in ranked[:k] if x[0] >= floor]
        return [t for _, t in beams[n]]

    def calibrate(self, score: float | np.ndarray, n_arabic: int) -> float | np.ndarray:
        """Map a pair score to 0..1 (a logistic fit on true and hard false pairs)."""
        a, b = self.calib
        x = np.clip(np.asarray(score, dtype=np.float64) / (n_arabic + 1.0), *CALIBRATION_CLIP)
        return 0.5 * (1.0 + np.tanh(0.5 * (a * x + b)))


def gram_key(word: str, start: int, end: int, positional: bool) -> str:
    """The model's key of ``word[start:end]``: with ``positional``, "^" marks
    a gram at the start of the word and "$" one at its end."""
    g = word[start:end]
    if positional and g:
        if start == 0:
            g = "^" + g
        if end == len(word):
            g += "$"
    return g


_AR_FALLBACK = {
    "ء": "", "آ": "a", "أ": "a", "ؤ": "u", "إ": "i", "ئ": "i", "ا": "a", "ب": "b", "ة": "a",
    "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r",
    "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "",
    "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h",
    "و": "w", "ى": "a", "ي": "y",
}

_MODEL: TranslitModel | None = None
_MODEL_LOCK = threading.Lock()


def load_model(path: str | Path | None = None) -> TranslitModel:
    """The shipped model (loaded once), or the model at ``path``."""
    global _MODEL
    if path is not None:
        return TranslitModel(path)
    with _MODEL_LOCK:
        if _MODEL is None:
            _MODEL = TranslitModel(MODEL_PATH)
        return _MODEL


# ---------------------------------------------------------------------------
# Memo tables
# ---------------------------------------------------------------------------
# The actors stage asks the same questions again and again (names recur
# across articles, and one query meets the same candidate words many
# times), so the pure functions below remember their answers in bounded
# tables (LRU, or emptied when full).  Answers that go through the model
# hold for one model only: scripts swap the module's model
# (``translit._MODEL = …``, scripts/train_translit.py), and every
# model-dependent table is emptied when the next call sees another model
# than the one the tables were filled with.  (A table filled while the
# model was still being loaded is emptied once, needlessly: harmless.)

_MODEL_MEMOS: list = []                      # lru_cache objects that depend on the model
_MEMO_MODEL: TranslitModel | None = None     # the model they were filled with


def _sync_memos() -> None:
    """Empty the model-dependent memo tables if the module's model changed."""
    global _MEMO_MODEL
    if _MODEL is not _MEMO_MODEL:
        for memo in _MODEL_MEMOS:
            memo.cache_clear()
        _MEMO_MODEL = _MODEL


def _model_memo(maxsize: int):
    """Decorator: an LRU memo of a function whose answer depends on its
    (hashable) arguments and on the module's model."""
    def decorate(fn):
        memo = functools.lru_cache(maxsize=maxsize)(fn)
        _MODEL_MEMOS.append(memo)

        @functools.wraps(fn)
        def call(*args):
            if _MODEL is not _MEMO_MODEL:
                _sync_memos()
            return memo(*args)

        call.cache_clear = memo.cache_clear      # type: ignore[attr-defined]
        call.cache_info = memo.cache_info        # type: ignore[attr-defined]
        return call
    return decorate


def _hashable_lang(lang) -> bool:
    """A language argument a memo table can key on (anything else bypasses it)."""
    return lang is None or isinstance(lang, str)


# ---------------------------------------------------------------------------
# romanize / skeleton
# ---------------------------------------------------------------------------

@_model_memo(maxsize=1 << 15)
def _romanize_word(word: str, script: str, lang: str | None) -> str:
    if script == "latin":
        return latin_key(word)
    if script == "cyrillic":
        return latin_key(cyrillic_to_latin(word, lang))
    if script == "arabic":
        # Segments of Arabic letters go through the model; Persian-only
        # letters have a fixed reading.
        out, seg = [], []
        model = load_model()
        fixed = _PERSIAN_ONLY
        word = unicodedata.normalize("NFKC", word)
        if (lang and lang.lower().split("-")[0] in _PERSIAN_LANGS) or \
                any(c in _PERSIAN_LETTERS for c in word):
            fixed = {**_PERSIAN_ONLY, "ظ": "z", "ض": "z", "ذ": "z", "ث": "s", "ص": "s",
                     "ط": "t", "ح": "h"}
            # Persian has no article: a name's first "ال" is spelled, not
            # dropped as the model (trained on Arabic) would ("الکساندر",
            # "البرز", "الهام" begin with "al").
            if word.startswith("ال") and len(word) > 3:
                out.append("al")
                word = word[2:]
        for c in word:
            if c in fixed:
                if seg:
                    out.append(model.spell_latin(arabic_key("".join(seg))))
                    seg = []
                out.append(fixed[c])
            else:
                seg.append(c)
        if seg:
            out.append(model.spell_latin(arabic_key("".join(seg))))
        return "".join(out)
    return latin_key(unicodedata.normalize("NFKD", word))


def romanize(name: str, lang: str | None = None) -> str:
    """Lowercase ASCII rendering of a name in any script (words kept apart by
    single spaces).

    Latin: accents stripped.  Cyrillic: a transliteration table (``lang``
    selects Ukrainian, Serbian, Bulgarian… readings).  Arabic and Persian:
    the learned model's most likely Latin spelling, which supplies the vowels
    Arabic script leaves out only where the model has learned to expect them
    (``بلينكن`` → ``blinkn``-like forms are possible: use it for display and
    keys, and :func:`name_similarity` for matching).
    """
    if not isinstance(name, str) or not name.strip():
        return ""
    word_of = _romanize_word if _hashable_lang(lang) else _romanize_word.__wrapped__
    words = []
    for tok in _tokens(name):
        w = word_of(tok, _script(tok, lang), lang)
        if w:
            words.append(w)
    return " ".join(words)


_SKELETON_RULES = [
    ("sch", "s"), ("tch", "c"), ("ch", "c"), ("sh", "s"), ("zh", "j"), ("kh", "k"),
    ("gh", "g"), ("ph", "f"), ("th", "t"), ("dh", "d"), ("ck", "k"), ("qu", "k"),
    ("dj", "j"), ("dz", "z"), ("ts", "s"), ("tz", "s"), ("x", "ks"), ("c(?=[eiy])", "s"),
    ("c", "k"), ("q", "k"), ("p", "b"), ("v", "f"), ("w", "f"), ("z", "s"), ("j", "g"),
    ("d", "t"), ("[aeiouyh]", ""),
]
_SKELETON_RE = re.compile("|".join(f"({r})" for r, _ in _SKELETON_RULES))


@functools.lru_cache(maxsize=1 << 15)
def _skeleton_word(w: str) -> str:
    if not w:
        return ""
    s = _SKELETON_RE.sub(lambda m: _SKELETON_RULES[m.lastindex - 1][1], w)
    return re.sub(r"(.)\1+", r"\1", s)


def skeleton(name: str, lang: str | None = None) -> str:
    """Coarse consonant skeleton of a name for blocking: the romanization with
    vowels, h and y dropped, letters that trade places across scripts merged
    (b/p, f/v/w, s/z/sh/ts, k/c/q/kh, g/j, t/d/th) and doubled letters
    collapsed.  "Tokayev", "Токаев" and "توكاييف" → ``tkf``."""
    if isinstance(name, str) and _hashable_lang(lang):
        return _skeleton(name, lang)
    return " ".join(s for s in (_skeleton_word(w) for w in romanize(name, lang).split()) if s)


@_model_memo(maxsize=1 << 15)
def _skeleton(name: str, lang: str | None) -> str:
    """:func:`skeleton`, memoized and read token by token: romanize joins the
    romanized tokens with spaces, so splitting its output gives the words of
    the tokens one after the other."""
    if not name.strip():
        return ""
    return " ".join(s for tok in _tokens(name) for s in _token_skeleton(tok, lang))


# Running text: in-article variant search reads the skeleton of every word
# of every article, so this memo is as large as the token memo below.
@_model_memo(maxsize=1 << 17)
def word_skeleton(word: str, lang: str | None) -> str:
    """``skeleton(word, lang)`` with its spaces removed ("" for a blank)."""
    return "".join(s for tok in _tokens(word) for s in _token_skeleton(tok, lang))


# News text has a large vocabulary: in-article variant search reads the
# skeleton of every word.
@_model_memo(maxsize=1 << 17)
def _token_skeleton(token: str, lang: str | None) -> tuple[str, ...]:
    """The non-empty skeletons of the romanized words of one token."""
    words = _romanize_word(token, _script(token, lang), lang).split()
    return tuple(s for s in map(_skeleton_word, words) if s)


# ---------------------------------------------------------------------------
# Pair similarity
# ---------------------------------------------------------------------------

_AR_WEAK = frozenset("اويىءأإآئؤةهع")
_LAT_VOWELS = frozenset("aeiouy")


# Edit costs are counted in half-units: a weak letter weighs 1, any other 2.

def _halves(word: str, weak: frozenset) -> int:
    """The weight of a word in half-units."""
    return sum(1 if c in weak else 2 for c in word)


def _weighted_edit(a: str, b: str, weak: frozenset) -> float:
    """Levenshtein distance in which inserting, deleting or exchanging two
    weak letters (vowels) costs 0.5 and other edits 1."""
    return _weighted_edit_halves(a, b, weak) / 2


def _weighted_edit_halves(a: str, b: str, weak: frozenset) -> int:
    """:func:`_weighted_edit` in half-units.

    Integers keep the result exact whatever the order of the additions.  A
    common prefix or suffix is cut first: it costs nothing in some optimal
    alignment, because no edit costs more than deleting one letter and
    inserting the other (an alignment that does not match the first letters
    of two words that start alike can match them instead, for at most the
    same cost).  The distance is symmetric.
    """
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    j = 0
    while j < n - i and a[-1 - j] == b[-1 - j]:
        j += 1
    a, b = a[i:len(a) - j], b[i:len(b) - j]
    wb = [1 if c in weak else 2 for c in b]
    if not a:
        return sum(wb)
    prev = [0]
    for w in wb:
        prev.append(prev[-1] + w)
    for ca in a:
        # cost of exchanging ca for each letter of b: 0 if equal, 1 if both
        # are weak, else 2 (= the weight of the letter of b when ca is weak)
        if ca in weak:
            wa = 1
            diag = [p if cb == ca else p + w for p, cb, w in zip(prev, b, wb)]
        else:
            wa = 2
            diag = [p if cb == ca else p + 2 for p, cb in zip(prev, b)]
        left = prev[0] + wa
        cur = [left]
        for d, up, w in zip(diag, prev[1:], wb):
            up += wa
            if up < d:
                d = up
            left += w
            if d < left:
                left = d
            cur.append(left)
        prev = cur
    return prev[-1]


def _edit_similarities(pairs: list[tuple[str, str]], weak: frozenset) -> list[float]:
    """:func:`_edit_similarity` of many pairs of non-empty words at once."""
    dists, weights_a, weights_b = _weighted_edits_halves(pairs, weak)
    return [_similarity_of(d, wa, wb) for d, wa, wb in zip(dists, weights_a, weights_b)]


def _weighted_edits_halves(pairs: list[tuple[str, str]],
                           weak: frozenset) -> tuple[list[int], list[int], list[int]]:
    """:func:`_weighted_edit_halves` of many pairs of non-empty words at once,
    with the weights of the two words of each pair (in some order): the
    same dynamic program, advanced one row for every pair per numpy step
    (integers, so the results are the same).  Each pair's shorter word runs
    down the rows."""
    rows, cols = zip(*[(a, b) if len(a) <= len(b) else (b, a) for a, b in pairs])
    r_code, r_weight, r_len = _padded_codes(rows, weak)
    c_code, c_weight, c_len = _padded_codes(cols, weak)
    npairs, width = c_code.shape
    # exchange costs, every row at once: 0 for equal letters, else the
    # larger weight (1 if both are weak, else 2)
    sub = np.where(r_code[:, :, None] == c_code[:, None, :], 0,
                   np.maximum(r_weight[:, :, None], c_weight[:, None, :]))
    # insertion costs along a row: ins[:, k] = weight of cols[:k]
    ins = np.zeros((npairs, width + 1), np.int32)
    np.cumsum(c_weight, axis=1, out=ins[:, 1:])
    prev = ins.copy()
    cur = np.empty_like(prev)
    at = np.arange(npairs)
    ends = np.empty((r_code.shape[1], npairs), np.int32)    # ends[i]: row i + 1 at c_len
    for i in range(r_code.shape[1]):
        w = r_weight[:, i:i + 1]
        # exchange or delete, then insertions along the row as a running
        # minimum: cur[k] = ins[k] + min over k' <= k of (cur[k'] - ins[k'])
        np.minimum(prev[:, :-1] + sub[:, i], prev[:, 1:] + w, out=cur[:, 1:])
        cur[:, 0] = prev[:, 0] + w[:, 0]
        cur -= ins
        np.minimum.accumulate(cur, axis=1, out=cur)
        cur += ins
        prev, cur = cur, prev
        ends[i] = prev[at, c_len]
    return (ends[r_len - 1, at].tolist(), r_weight.sum(axis=1).tolist(),
            c_weight.sum(axis=1).tolist())


def _padded_codes(words, weak: frozenset) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(code points, weights in half-units, lengths) of words, right-padded
    with code 0 and weight 0."""
    lengths = np.fromiter(map(len, words), np.int64, len(words))
    flat = np.frombuffer("".join(words).encode("utf-32-le"), np.uint32).astype(np.int32)
    weak_codes = np.fromiter(map(ord, weak), np.int32, len(weak))
    is_weak = np.zeros(max(int(flat.max()), int(weak_codes.max())) + 1, bool)
    is_weak[weak_codes] = True
    width = int(lengths.max())
    row = np.repeat(np.arange(len(words)), lengths)
    col = np.arange(len(flat)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    code = np.zeros((len(words), width), np.int32)
    code[row, col] = flat
    weight = np.zeros((len(words), width), np.int32)
    weight[row, col] = np.where(is_weak[flat], 1, 2)
    return code, weight, lengths


def _similarity_of(d: int, weight_a: int, weight_b: int) -> float:
    """Edit similarity from a distance and the two weights (half-units)."""
    size = max(weight_a, weight_b) / 2
    return max(0.0, 1.0 - (d / 2) / max(size, 1e-9))


def _edit_similarity(a: str, b: str, weak: frozenset) -> float:
    if not a and not b:
        return 0.0
    return _similarity_of(_weighted_edit_halves(a, b, weak), _halves(a, weak), _halves(b, weak))


def _latin_word_similarity(a: str, b: str) -> float:
    """Two Latin-letter words (latin_key form)."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    s = _edit_similarity(a, b, _LAT_VOWELS)
    ka = _skeleton_word(a)
    if ka and ka == _skeleton_word(b):   # same consonants: tokayev / tokaev, zelenskyy / zelensky
        s = max(s, 0.9)
    return s


def _arabic_fold(slots) -> str:
    """The letters of Arabic-script slots compared by :func:`_arabic_word_similarity`
    (first alternatives; hamza-carrying alefs, alef maqsura and teh marbuta
    folded).  Folding letter by letter, it commutes with joining words."""
    s = "".join(x[0] for x in slots).replace("أ", "ا").replace("إ", "ا").replace("آ", "ا")
    return s.replace("ى", "ي").replace("ة", "ه")


# Similarities of folded Arabic word pairs (key: the two in sorted order; the
# similarity is symmetric).  Emptied when full.
_AR_PAIRS: dict[tuple[str, str], float] = {}
_AR_PAIRS_SIZE = 1 << 17
# Fewer new pairs than this are not worth a vectorized batch.
_AR_BATCH_MIN = 16
# Pairs computed in one vectorized step, at most.
_AR_BATCH_MAX = 4096


def _arabic_word_similarity(a: list[tuple[str, ...]], b: list[tuple[str, ...]]) -> float:
    """Two Arabic-script words (as slots; alternatives: first one)."""
    return _folded_similarity(_arabic_fold(a), _arabic_fold(b))


def _folded_similarity(sa: str, sb: str) -> float:
    """Two Arabic-script words, folded (:func:`_arabic_fold`)."""
    if not sa or not sb:
        return 0.0
    key = (sa, sb) if sa <= sb else (sb, sa)
    s = _AR_PAIRS.get(key)
    if s is None:
        s = _edit_similarity(sa, sb, _AR_WEAK)
        _remember_arabic_pairs({key: s})
    return s


def _remember_arabic_pairs(sims: dict[tuple[str, str], float]) -> None:
    if len(_AR_PAIRS) + len(sims) > _AR_PAIRS_SIZE:
        _AR_PAIRS.clear()
    _AR_PAIRS.update(sims)


def _prefetch_arabic_pairs(pairs: Iterable[tuple[str, str]]) -> None:
    """Compute the similarities of many folded Arabic word pairs in one
    vectorized batch (when there are enough new ones), so that the
    :func:`_arabic_word_similarity` calls that follow find them."""
    todo = dict.fromkeys((a, b) if a <= b else (b, a) for a, b in pairs if a and b)
    todo = [k for k in todo if k not in _AR_PAIRS]
    if len(todo) < _AR_BATCH_MIN:
        return
    # In slices: a batch holds a (pairs, letters, letters) array.
    for i in range(0, len(todo), _AR_BATCH_MAX):
        part = todo[i:i + _AR_BATCH_MAX]
        _remember_arabic_pairs(dict(zip(part, _edit_similarities(part, _AR_WEAK))))


def _cross_word_similarity(slots: list[tuple[str, ...]], latin: str) -> float:
    """An Arabic-script word against a Latin word (latin_key form): the
    learned model's calibrated score."""
    if not slots or not latin:
        return 0.0
    model = load_model()
    if len(latin) > 3 * len(slots) + 2 or len(slots) > 3 * len(latin) + 2:
        return 0.0
    lat = model.encode_latin([latin])
    s = model.joint_logp(slots, lat, np.array([len(latin)]))[0]
    score = s - model.lam * model.lm_logprob(latin)
    return float(model.calibrate(score, len(slots)))


class _Word:
    """One token of a name in the forms the comparisons need.  Read-only once
    built (instances are shared through :func:`_name_words`).

    ``sig`` is what every comparison reads: the letter slots (a tuple) of an
    Arabic-script word, the ``latin_key`` form (a string) of any other; its
    length is ``size``.  ``folded``: the letters two Arabic-script words are
    compared by (:func:`_arabic_fold`), "" for other scripts."""

    __slots__ = ("script", "latin", "slots", "sig", "size", "folded")

    def __init__(self, token: str, lang: str | None):
        self.script = _script(token, lang)
        if self.script == "arabic":
            persian = (bool(lang) and lang.lower().split("-")[0] in _PERSIAN_LANGS) \
                or any(c in _PERSIAN_LETTERS for c in token)
            self.slots = tuple(_arabic_slots(token, persian))
            self.latin = ""
        else:
            self.slots = ()
            self.latin = latin_key(cyrillic_to_latin(token, lang) if self.script == "cyrillic"
                                   else token)
        self._set_sig()

    def _set_sig(self) -> None:
        self.sig = self.slots if self.script == "arabic" else self.latin
        self.size = len(self.sig)
        self.folded = _arabic_fold(self.slots) if self.script == "arabic" else ""

    def empty(self) -> bool:
        return self.size == 0


def _join(words: list[_Word]) -> _Word:
    w = _Word.__new__(_Word)
    w.script = words[0].script
    w.slots = tuple(s for x in words for s in x.slots)
    w.latin = "".join(x.latin for x in words)
    w._set_sig()
    return w


def _words_of(name: str, lang: str | None) -> tuple[_Word, ...]:
    """The non-empty tokens of a name."""
    return tuple(w for w in (_Word(t, lang) for t in _tokens(name)) if not w.empty())


# The words of names compared or ranked recently (see _words_of).
_name_words = functools.lru_cache(maxsize=1 << 14)(_words_of)


def _word_similarity(a: _Word, b: _Word) -> float:
    if a.folded and b.folded:       # two non-empty Arabic-script words
        return _folded_similarity(a.folded, b.folded)
    return _sig_similarity(a.sig, b.sig)


@_model_memo(maxsize=1 << 16)
def _sig_similarity(a: tuple[tuple[str, ...], ...] | str,
                    b: tuple[tuple[str, ...], ...] | str) -> float:
    """Similarity of two words given as their ``_Word.sig``: slots (a tuple)
    for Arabic script, a string otherwise."""
    if not a or not b:
        return 0.0
    a_arabic, b_arabic = isinstance(a, tuple), isinstance(b, tuple)
    if a_arabic and b_arabic:
        return _arabic_word_similarity(a, b)
    if a_arabic:
        return _cross_word_similarity(a, b)
    if b_arabic:
        return _cross_word_similarity(b, a)
    return _latin_word_similarity(a, b)


def _spans(words: list[_Word]) -> tuple[None, list[_Word], list[_Word]]:
    """spans[d][i]: the token at i (d = 1) or the tokens at i, i + 1 joined (d = 2)."""
    return None, words, [_joined(words[i], words[i + 1]) for i in range(len(words) - 1)]


@functools.lru_cache(maxsize=1 << 15)
def _joined(a: _Word, b: _Word) -> _Word:
    """Two words joined (remembered by identity: words are shared through
    :func:`_name_words` and the candidates of a :class:`NameIndex`)."""
    return _join([a, b])


def _align(xs: list[_Word], ys: list[_Word], sims: dict | None = None) -> float:
    """Best monotone alignment of two token lists, where a token may face one
    or two adjacent tokens of the other side (joined) and a token may be left
    unmatched (scores 0).  Result: length-weighted mean similarity.
    ``sims`` remembers word-pair scores (words compare by identity) across
    the alignments of one pair of names."""
    n, m = len(xs), len(ys)
    total = sum(w.size for w in xs) + sum(w.size for w in ys)
    if total == 0:
        return 0.0
    if sims is None:
        sims = {}
    x_spans, y_spans = _spans(xs), _spans(ys)

    def score(a: _Word, b: _Word) -> float:
        key = (a, b)            # words hash by identity; the key keeps them alive
        s = sims.get(key)
        if s is None:
            s = sims[key] = _word_similarity(a, b) * (a.size + b.size)
        return s

    # best[i][j]: best weighted sum for xs[:i], ys[:j]
    best = [[-1.0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        row, below = best[i], best[i + 1] if i < n else None
        for j in range(m + 1):
            cur = row[j]
            if cur < 0:
                continue
            if below is not None and cur > below[j]:
                below[j] = cur
            if j < m:
                if cur > row[j + 1]:
                    row[j + 1] = cur
                if below is not None:
                    v = cur + score(xs[i], ys[j])
                    if v > below[j + 1]:
                        below[j + 1] = v
                    if j + 1 < m:
                        v = cur + score(xs[i], y_spans[2][j])
                        if v > below[j + 2]:
                            below[j + 2] = v
                    if i + 1 < n:
                        v = cur + score(x_spans[2][i], ys[j])
                        if v > best[i + 2][j + 1]:
                            best[i + 2][j + 1] = v
    return best[n][m] / total


def name_similarity(a: str, b: str, lang_a: str | None = None, lang_b: str | None = None) -> float:
    """How likely two names (any scripts) are spellings of the same name: 0..1.

    Arabic or Persian against Latin or Cyrillic uses the learned model (its
    score, calibrated so that 0.5 is the break-even of true and false pairs
    among look-alike candidates); two Arabic-script or two Latin/Cyrillic
    names use a vowel-tolerant edit distance.  Multi-word names are aligned
    token by token (see the module doc).  Symmetric:
    ``name_similarity(a, b, la, lb) == name_similarity(b, a, lb, la)``;
    0.0 for empty or letterless input.
    """
    if not isinstance(a, str) or not isinstance(b, str):
        return 0.0
    # The reordered alignments below try other orders of the first name's
    # tokens than of the second's; scoring every pair in one canonical order
    # keeps the answer symmetric at no cost.
    a, b, lang_a, lang_b = _canonical(a, b, lang_a, lang_b)
    if _hashable_lang(lang_a) and _hashable_lang(lang_b):
        return _name_similarity(a, b, lang_a, lang_b)
    return _words_similarity(list(_words_of(a, lang_a)), list(_words_of(b, lang_b)))


def _canonical(a: str, b: str, lang_a, lang_b) -> tuple[str, str, str | None, str | None]:
    """The order in which :func:`name_similarity` compares two names."""
    if (b, lang_b or "") < (a, lang_a or ""):
        return b, a, lang_b, lang_a
    return a, b, lang_a, lang_b


@_model_memo(maxsize=1 << 15)
def _name_similarity(a: str, b: str, lang_a: str | None, lang_b: str | None) -> float:
    """:func:`name_similarity` of two names in canonical order (memoized)."""
    return _words_similarity(list(_name_words(a, lang_a)), list(_name_words(b, lang_b)))


def _words_similarity(xs: list[_Word], ys: list[_Word]) -> float:
    """:func:`name_similarity` of two names given as their words."""
    if not xs or not ys:
        return 0.0
    if len(xs) == 1 and len(ys) == 1:
        return _word_similarity(xs[0], ys[0])
    if len(xs) == 1 or len(ys) == 1:
        return min(1.0, _align_single(xs, ys))
    if len(xs) == 2 and len(ys) == 2:
        return min(1.0, max(_align_two(x, y) for x, y in _orders(xs, ys)))
    # The words (and joined pairs, shared through _joined) recur across the
    # orders: each pair is scored once.
    sims: dict = {}
    return min(1.0, max(_align(x, y, sims) for x, y in _orders(xs, ys)))


def _align_single(xs: list[_Word], ys: list[_Word]) -> float:
    """:func:`_align` when one side is a single token: it faces one token or
    two adjacent tokens joined, or nothing (the same sums, in closed form)."""
    total = sum(w.size for w in xs) + sum(w.size for w in ys)
    if total == 0:
        return 0.0
    if len(xs) == 1:
        one, many, flip = xs[0], ys, False
    else:
        one, many, flip = ys[0], xs, True
    best = 0.0
    for i in range(len(many)):
        spans = [many[i]] if i + 1 == len(many) else [many[i], _joined(many[i], many[i + 1])]
        for b in spans:
            s = (_word_similarity(b, one) if flip else _word_similarity(one, b)) * (one.size + b.size)
            if s > best:
                best = s
    return best / total


def _align_two(xs: list[_Word], ys: list[_Word]) -> float:
    """:func:`_align` of two tokens against two, in closed form: both pairs
    in order, or one token against one, or one against the other two joined."""
    total = xs[0].size + xs[1].size + ys[0].size + ys[1].size
    if total == 0:
        return 0.0
    x1, x2 = xs
    y1, y2 = ys
    xj, yj = _joined(x1, x2), _joined(y1, y2)

    def score(a: _Word, b: _Word) -> float:
        return _word_similarity(a, b) * (a.size + b.size)

    best = max(0.0 + score(x1, y1) + score(x2, y2), score(x1, y2), score(x2, y1),
               score(x1, yj), score(x2, yj), score(xj, y1), score(xj, y2))
    return best / total


def _orders(xs: list[_Word], ys: list[_Word]) -> list[tuple[list[_Word], list[_Word]]]:
    """The token orders :func:`_words_similarity` aligns (several names)."""
    orders = [(xs, ys)]
    if len(xs) > 1 and len(ys) > 1:  # "Lavrov Sergei" against "Sergei Lavrov"
        orders.append((xs[::-1], ys))
        if len(xs) > 2:              # two words: the rotation is the reversal
            orders.append((xs[1:] + xs[:1], ys))
        orders.append((xs, ys[1:] + ys[:1]))
    return orders


def _prefetch_names(pairs: Iterable[tuple[str, str, str | None, str | None]]) -> None:
    """Prepare :func:`name_similarity` of many pairs ``(a, b, lang_a, lang_b)``:
    the Arabic word pairs their alignments will compare are computed in one
    vectorized batch.  The answers do not change; only their cost does."""
    folded: set[tuple[str, str]] = set()
    for a, b, lang_a, lang_b in pairs:
        if not (isinstance(a, str) and isinstance(b, str)
                and _hashable_lang(lang_a) and _hashable_lang(lang_b)):
            continue
        a, b, lang_a, lang_b = _canonical(a, b, lang_a, lang_b)
        xs, ys = list(_name_words(a, lang_a)), list(_name_words(b, lang_b))
        if not xs or not ys:
            continue
        # _align compares one token, or two joined, against one token: the
        # single tokens of either side against each other and against the
        # joined pairs of the other side, in every order it aligns.
        x1, y1 = {w.folded for w in xs}, {w.folded for w in ys}
        x2: set[str] = set()
        y2: set[str] = set()
        if len(xs) > 1 or len(ys) > 1:
            for x, y in _orders(xs, ys):
                x2.update(w.folded for w in _spans(x)[2])
                y2.update(w.folded for w in _spans(y)[2])
        folded.update((p, q) for p in x1 for q in y1 | y2)
        folded.update((p, q) for p in x2 for q in y1)
    _prefetch_arabic_pairs(folded)


# ---------------------------------------------------------------------------
# An upper bound of name_similarity for Arabic-script names (letter bags)
# ---------------------------------------------------------------------------
#
# Ranking needs only the candidates whose similarity reaches a floor, and
# most blocked candidates are far below it.  For two folded Arabic words a, b
# the weighted edit distance is at least max(W(a - b), W(b - a)), where a - b
# is the multiset of letters of a that b lacks and W sums letter weights: an
# alignment leaves those letters unmatched, and each one is deleted or
# exchanged at no less than its weight.  Hence sim(a, b) <= 1 - that / max(Wa, Wb).
# For several words, the alignment's weighted mean gives each token at most
# its best bound against any span it could face (itself or joined with any
# other token of its side, against one token or two joined of the other;
# bags ignore the order of joined tokens).  Letters of weight 2 past the
# first _BAG_WIDTH - 1 seen share one slot: a merged count can only lower
# the distance bound, so the bound stays a bound.

_BAG_WIDTH = 64
_BAG_SLOT: dict[str, int] = {c: i for i, c in enumerate(sorted(_AR_WEAK))}
_BAG_WEIGHT = np.full(_BAG_WIDTH, 2, np.int32)
_BAG_WEIGHT[:len(_BAG_SLOT)] = 1


def _bag(folded: str) -> np.ndarray:
    v = np.zeros(_BAG_WIDTH, np.int32)
    for c in folded:
        i = _BAG_SLOT.get(c)
        if i is None:
            i = _BAG_SLOT[c] = min(len(_BAG_SLOT), _BAG_WIDTH - 1)
        v[i] += 1
    return v


class _NameBags:
    """The spans of an Arabic-script name for the bound: one row per token
    and per unordered pair of tokens."""

    __slots__ = ("bags", "weights", "single", "span_of", "token_of", "sizes")

    def __init__(self, words: tuple[_Word, ...]):
        n = len(words)
        singles = [_bag(w.folded) for w in words]
        spans = [(i,) for i in range(n)] + [(i, j) for i in range(n) for j in range(i + 1, n)]
        self.bags = np.array([sum(singles[i] for i in sp) for sp in spans], np.int32)
        self.weights = self.bags @ _BAG_WEIGHT
        self.single = np.array([len(sp) == 1 for sp in spans])
        # (span, token) for every token of every span
        self.span_of = np.array([r for r, sp in enumerate(spans) for _ in sp], np.int64)
        self.token_of = np.array([t for sp in spans for t in sp], np.int64)
        self.sizes = np.array([w.size for w in words], np.float64)


@functools.lru_cache(maxsize=1 << 15)
def _name_bags(name: str, lang: str | None) -> _NameBags | None:
    """:class:`_NameBags` of a name whose every word is a non-empty
    Arabic-script word, else None (no bound)."""
    words = _name_words(name, lang)
    if not words or not all(w.folded for w in words):
        return None
    return _NameBags(words)


def _similarity_bounds(query: _NameBags, cands: list[_NameBags]) -> np.ndarray:
    """Upper bounds of :func:`name_similarity` of a name against each candidate."""
    n_spans = np.array([len(c.bags) for c in cands])
    n_tokens = np.array([len(c.sizes) for c in cands])
    span_start = np.cumsum(n_spans) - n_spans
    token_start = np.cumsum(n_tokens) - n_tokens
    cb = np.concatenate([c.bags for c in cands])
    cw = np.concatenate([c.weights for c in cands])
    csingle = np.concatenate([c.single for c in cands])
    q = query.bags[:, None, :]
    c = cb[None, :, :]
    lower = np.maximum(np.maximum(q - c, 0) @ _BAG_WEIGHT, np.maximum(c - q, 0) @ _BAG_WEIGHT)
    top = np.maximum(query.weights[:, None], cw[None, :])
    ub = np.maximum(1.0 - lower / np.maximum(top, 1), 0.0)
    # two joined tokens never face two joined tokens
    ub[~(query.single[:, None] | csingle[None, :])] = 0.0
    # each query token: its best over the spans holding it, per candidate
    per_cand = np.maximum.reduceat(ub, span_start, axis=1)           # (query spans, candidates)
    qtok = np.zeros((len(query.sizes), len(cands)))
    np.maximum.at(qtok, query.token_of, per_cand[query.span_of])
    # each candidate token: its best over the spans holding it
    col = ub.max(axis=0)                                               # (candidate spans,)
    span_of = np.concatenate([c.span_of + s for c, s in zip(cands, span_start)])
    token_of = np.concatenate([c.token_of + s for c, s in zip(cands, token_start)])
    ctok = np.zeros(int(n_tokens.sum()))
    np.maximum.at(ctok, token_of, col[span_of])
    csizes = np.concatenate([c.sizes for c in cands])
    num = query.sizes @ qtok + np.add.reduceat(csizes * ctok, token_start)
    return num / (query.sizes.sum() + np.add.reduceat(csizes, token_start))


# ---------------------------------------------------------------------------
# Ranking many candidates
# ---------------------------------------------------------------------------

# Letters folded for the blocking features (sounds Arabic spells two ways).
_BLOCK_FOLD = str.maketrans({
    "ص": "س", "ث": "س", "ط": "ت", "ض": "د", "ظ": "ز", "ذ": "ز", "ق": "ك", "ح": "ه", "غ": "ج",
    "أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي", "ء": "ا",
})


def _block_features(arabic: str) -> list[str]:
    """Features of an Arabic spelling for the blocking index: letter bigrams
    and trigrams, consonant-skeleton bigrams and skip-bigrams (with word
    boundaries), after folding letters Arabic uses interchangeably."""
    a = arabic.translate(_BLOCK_FOLD)
    sk = "".join(c for c in arabic if c not in _AR_WEAK).translate(_BLOCK_FOLD)
    t, u = "^" + a + "$", "^" + sk + "$"
    f = ["b" + t[i:i + 2] for i in range(len(t) - 1)]
    f += ["t" + t[i:i + 3] for i in range(len(t) - 2)]
    f += ["s" + u[i:i + 2] for i in range(len(u) - 1)]
    f += ["g" + u[i] + u[i + 2] for i in range(len(u) - 2)]
    return f


class _Blocker:
    """Inverted index of blocking features (tf-idf cosine, numpy only);
    one feature set per candidate."""

    def __init__(self, feature_sets: list[set[str]]):
        self.fid: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        for k, fs in enumerate(feature_sets):
            for f in fs:
                rows.append(self.fid.setdefault(f, len(self.fid)))
                cols.append(k)
        self.n = len(feature_sets)
        r = np.array(rows, np.int64)
        c = np.array(cols, np.int64)
        order = np.argsort(r, kind="stable")
        self.post = c[order].astype(np.int32)
        self.start = np.searchsorted(r[order], np.arange(len(self.fid) + 1))
        df = np.diff(self.start)
        self.idf2 = np.log((self.n + 1) / (df + 1.0)) ** 2
        norm = np.sqrt(np.bincount(c, weights=self.idf2[r], minlength=self.n)) if len(r) else \
            np.zeros(self.n)
        self.inv_norm = 1.0 / (norm + 1e-9)

    def scores(self, features: set[str]) -> np.ndarray:
        ids = [self.fid[f] for f in features if f in self.fid]
        if not ids or self.n == 0:
            return np.zeros(self.n)
        parts = [self.post[self.start[i]:self.start[i + 1]] for i in ids]
        w = np.concatenate([np.full(len(p), self.idf2[i]) for p, i in zip(parts, ids)])
        return np.bincount(np.concatenate(parts), weights=w, minlength=self.n) * self.inv_norm

    def top(self, features: set[str], k: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` best candidates (unordered) and their blocking scores;
        candidates sharing no feature with the query only when none does."""
        s = self.scores(features)
        k = min(k, self.n)
        if k <= 0:
            return np.zeros(0, np.int64), np.zeros(0)
        if k < self.n:
            idx = np.argpartition(-s, k - 1)[:k]
        else:
            idx = np.arange(self.n)
        if (s[idx] > 0).any():
            idx = idx[s[idx] > 0]
        return idx, s[idx]


class NameIndex:
    """Rank many candidate names (any script, usually Latin) against a query.

    Building the index spells every candidate in Arabic with the model (its
    few most likely spellings, about 0.3 ms a name) for the blocking step.
    :meth:`rank` blocks ``pool`` candidates and scores them: Arabic-script
    queries against single-word Latin candidates with the vectorized model,
    everything else (multi-word names, other script pairs) with
    :func:`name_similarity`.
    """

    # k-best Arabic spellings of a Latin name indexed for blocking, and how
    # far (log probability) below the best one a spelling may be.
    SPELLINGS = 5
    SPELLING_MARGIN = 3.0
    # Blocked candidates scored one by one with name_similarity (multi-word
    # names, Latin or Cyrillic queries), at most.
    SLOW_POOL = 50

    def __init__(self, names: Iterable[str], pool: int = 300):
        self.pool = pool
        self.model = load_model()
        self._spelled: dict[tuple[str, int, float], list[str]] = {}
        seen: dict[str, int] = {}
        for n in names:
            if isinstance(n, str) and n not in seen:
                seen[n] = len(seen)
        self.names = list(seen)
        self._words: list[list[_Word]] = []
        feature_sets: list[set[str]] = []
        latin_single: list[str] = []
        self._single = np.zeros(len(self.names), bool)
        for k, n in enumerate(self.names):
            words = list(_words_of(n, None))
            self._words.append(words)
            feature_sets.append(self._features(words))
            if len(words) == 1 and words[0].script != "arabic":
                self._single[k] = True
                latin_single.append(words[0].latin)
            else:
                latin_single.append("")
        self._blocker = _Blocker(feature_sets)
        # Model encodings of the single-word Latin candidates.
        lengths = np.array([len(x) for x in latin_single], np.int64)
        self._lengths = lengths
        width = int(lengths.max()) if len(lengths) else 0
        self._enc = self.model.encode_latin(latin_single, width)
        lm = np.array([self.model.lm_logprob(x) if x else 0.0 for x in latin_single])
        self._prior = -self.model.lam * lm

    def _features(self, words: list[_Word]) -> set[str]:
        """Blocking features of a name: those of its Arabic letters, or of the
        model's likely Arabic spellings of its Latin words (joined)."""
        variants = [""]
        for w in words:
            if w.script == "arabic":
                opts = ["".join(s[0] for s in w.slots)]
            else:
                opts = self._spellings(w.latin)
            variants = [v + o for v in variants for o in opts][:25]
        fs: set[str] = set()
        for v in variants:
            fs.update(_block_features(v))
        return fs

    def _spellings(self, latin: str) -> list[str]:
        """The model's likely Arabic spellings of a Latin word, remembered
        (candidate names share many words).  Do not modify the list."""
        key = (latin, self.SPELLINGS, self.SPELLING_MARGIN)
        opts = self._spelled.get(key)
        if opts is None:
            opts = self.model.spell_arabic_kbest(latin, self.SPELLINGS,
                                                 self.SPELLING_MARGIN) or [""]
            if len(self._spelled) >= 1 << 15:
                self._spelled.clear()
            self._spelled[key] = opts
        return opts

    def __len__(self) -> int:
        return len(self.names)

    def _query_words(self, query, lang) -> list[_Word]:
        if not isinstance(query, str):
            return []
        return list((_name_words if _hashable_lang(lang) else _words_of)(query, lang))

    def candidates(self, query: str, lang: str | None = None, pool: int | None = None) -> np.ndarray:
        """Indices of the blocked candidates for ``query`` (unordered)."""
        words = self._query_words(query, lang)
        if not words or not self.names:
            return np.zeros(0, np.int64)
        return self._blocker.top(self._features(words), pool or self.pool)[0]

    def scores(self, query: str, lang: str | None = None, pool: int | None = None,
               floor: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
        """(candidate indices, similarity 0..1) for the blocked candidates, best first.

        With ``floor`` > 0, a candidate whose similarity is certainly below
        the floor (an upper bound says so) may be given 0.0 instead: the
        candidates reaching the floor, and their order, do not change."""
        words = self._query_words(query, lang)
        if not words or not self.names:
            return np.zeros(0, np.int64), np.zeros(0)
        idx, block = self._blocker.top(self._features(words), pool or self.pool)
        fast = np.zeros(len(idx), bool)
        if len(words) == 1 and words[0].script == "arabic":
            fast = self._single[idx]
        # Pairs the vectorized model cannot score go through name_similarity,
        # only the best SLOW_POOL of them by blocking score.
        slow = np.nonzero(~fast)[0]
        if len(slow) > self.SLOW_POOL:
            slow = slow[np.argsort(-block[slow], kind="stable")[:self.SLOW_POOL]]
            keep = fast.copy()
            keep[slow] = True
            idx, fast = idx[keep], fast[keep]
            slow = np.nonzero(~fast)[0]
        if floor > 0 and len(slow):
            slow = self._above(query, lang, idx, slow, floor)
        sims = np.zeros(len(idx))
        raw = None
        if fast.any():
            raw = self._model_scores(words[0].slots, idx[fast])
            sims[fast] = self.model.calibrate(raw, len(words[0].slots))
        if len(slow) > 1:
            _prefetch_names((query, self.names[idx[k]], lang, None) for k in slow)
        for k in slow:
            sims[k] = name_similarity(query, self.names[idx[k]], lang, None)
        if raw is not None and fast.all():
            # the model's own order (the calibrated value saturates near 1)
            order = np.argsort(-raw, kind="stable")
        else:
            order = np.argsort(-sims, kind="stable")
        return idx[order], sims[order]

    def _above(self, query: str, lang: str | None, idx: np.ndarray, slow: np.ndarray,
               floor: float) -> np.ndarray:
        """The positions in ``slow`` whose similarity may reach ``floor``."""
        if not _hashable_lang(lang):
            return slow
        qb = _name_bags(query, lang)
        if qb is None:
            return slow
        bags = [_name_bags(self.names[idx[k]], None) for k in slow]
        known = [k for k, b in enumerate(bags) if b is not None]
        if not known:
            return slow
        keep = np.ones(len(slow), bool)
        bound = _similarity_bounds(qb, [bags[k] for k in known])
        # a margin for the rounding of the two computations
        keep[np.array(known)[bound < floor - 1e-9]] = False
        return slow[keep]

    def _model_scores(self, slots: list[tuple[str, ...]], sel: np.ndarray) -> np.ndarray:
        """score = log P(a, l) − λ log P_lm(l) for selected single-word candidates."""
        if not len(sel):
            return np.zeros(0)
        lengths = self._lengths[sel]
        lat = self._enc[sel, :int(lengths.max()) + 1]
        return self.model.joint_logp(slots, lat, lengths) + self._prior[sel]

    def rank(self, query: str, lang: str | None = None, k: int = 10,
             floor: float = 0.0) -> list[tuple[str, float]]:
        """The ``k`` best candidates for ``query`` with their similarity
        (0..1); with ``floor``, those below it may be left out or given 0.0."""
        idx, sims = self.scores(query, lang, floor=floor)
        return [(self.names[i], float(s)) for i, s in zip(idx[:k], sims[:k])]
