"""Copies: exact and near-duplicate articles, found incrementally in arrival order.

Syndicated news is mostly the same text published again: a wire or press-agency
release printed by several outlets under their own headlines, with a word
changed, a byline or a dateline added, the last paragraph cut.  A
:class:`CopyDetector` is fed articles in the order they arrive; for each it
returns the earlier article it copies (:class:`CopyMatch`) or ``None``.  The
first member of a copy group is its *original*; a copy of a copy points to the
root, so a group is "original + everything copied from it".

Method
    * The text is reduced to its matching key (:func:`khabar.normalize.key`:
      diacritics, letter variants, punctuation and whitespace folded).
    * **Exact copy**: the same key (64-bit BLAKE2b of it), whatever the
      headline — khabar's article id hashes headline + text, so re-headlined
      copies have different ids and are caught here.
    * **Near copy**: MinHash (``NUM_PERM`` multiply-shift hash functions) over
      the set of ``SHINGLE``-word shingles of the key, indexed by LSH with
      bands of ``ROWS_PER_BAND`` rows.  A candidate is a copy when the
      estimated Jaccard similarity reaches ``NEAR_JACCARD``, or when the
      shorter text is mostly contained in the longer one (containment, computed
      from the Jaccard estimate and the two shingle counts, reaches
      ``NEAR_CONTAINMENT``) and is at least ``CONTAINMENT_MIN_RATIO`` of its
      size (a trimmed or extended copy).
    * The best candidate (highest Jaccard, ties to the earliest) wins, and
      the new article joins that candidate's root.  (Also requiring a match
      with the root itself was tried: on SaudiNewsNet it refused 211 copies,
      12 of 14 sampled real, and did not stop template chains.)
    * Texts with fewer than ``MIN_TOKENS`` key tokens are never matched.

Known false positives (see docs/DEDUP.md): texts written from one template
(royal congratulation telegrams differing in the country and the president's
name, daily "no new cases" bulletins), an outlet reusing most of an old
article's background paragraphs, and bodies dominated by scraped page code
(a poll widget); together a few per cent of near copies.

Shingle hashing and MinHash are vectorized with numpy (the ``stories``
extra); all hash functions derive from fixed constants, so signatures are
identical across processes, machines and numpy versions and can be stored.

Persistence: :meth:`CopyDetector.to_rows` gives one row per article,
``(article_id, original_id, similarity, kind, signature)`` (original_id,
similarity and kind are ``None`` for an original), and
:meth:`CopyDetector.from_rows` rebuilds the detector from them without the
texts.  The signature blob carries a small header (format, shingle size,
number of hash functions, exact-text hash, shingle and token counts) followed
by the MinHash values as little-endian uint32; it is ``None`` for a text too
short to match.  Rows should be given in arrival order (ties between equally
similar earlier articles go to the earliest).

Calibration (SaudiNewsNet, 31,030 Arabic articles from 14 outlets; see
docs/DEDUP.md): exact Jaccard was computed for every pair of articles sharing
5-word shingles, and pairs were read band by band.  Pairs at Jaccard >= 0.5
were copies of the same release (with edits), below 0.5 same-topic rewrites
and templates appear; shorter texts contained >= 80 % in a longer one were
trimmed or extended copies.
"""

from __future__ import annotations

import hashlib
import logging
import struct
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from . import normalize
from .errors import require

np = require("numpy", "stories")

log = logging.getLogger(__name__)

__all__ = [
    "CopyDetector", "CopyMatch", "SHINGLE", "NUM_PERM", "ROWS_PER_BAND", "NEAR_JACCARD",
    "NEAR_CONTAINMENT", "CONTAINMENT_MIN_RATIO", "MIN_TOKENS",
]

# Words per shingle: the usual size for near-duplicate news.  Shorter shingles
# raise the background similarity of articles that merely share a topic and
# its long official titles ("خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز"):
# SaudiNewsNet pairs at Jaccard >= 0.2 number 29,251 with 3 words, 23,214
# with 5.  The thresholds below were read at 5 words.
SHINGLE = 5
# Hash functions per signature: the standard error of the Jaccard estimate is
# sqrt(J(1-J)/NUM_PERM), 0.044 at J = 0.5; a signature is 512 bytes.
NUM_PERM = 128
# LSH rows per band: with 64 bands of 2 rows a pair at Jaccard 0.25 becomes a
# candidate with probability 0.98 (needed for trimmed copies, see below), at
# 0.5 with certainty; every candidate is then verified on the full signature.
ROWS_PER_BAND = 2
# Estimated Jaccard of the shingle sets at or above which two texts are copies.
# Read on SaudiNewsNet pairs: 9/14 copies in [0.4, 0.5), 12/12 in [0.5, 0.6),
# 15/16 at >= 0.6 among pairs published two or more days apart (the miss: two
# congratulation telegrams from one template).
NEAR_JACCARD = 0.5
# A text whose shingles lie at least this much inside a longer one is a copy
# (trimmed last paragraphs, an outlet that printed the full release against
# one that printed its first half) ...
NEAR_CONTAINMENT = 0.8
# ... provided the shorter text has at least this share of the longer one's
# shingles (exact counts, so no estimation noise).  Read on SaudiNewsNet pairs
# with containment >= 0.8 and Jaccard < 0.5: at a size ratio of 0.2-0.3 half
# were a short item quoted inside a longer, different article (a round-up of
# reactions, a joint statement followed by a telegram), at 0.3-0.45 11 of 14
# were trimmed or extended copies.
CONTAINMENT_MIN_RATIO = 0.3
# Texts with fewer key tokens never match.  SaudiNewsNet has 15 groups of
# identical 1-7 token bodies under different headlines (bylines, author
# names, "تعليقات ()", a caption) and 354 empty bodies: extraction
# left-overs, not copies.  Identical or near bodies of 10-40 tokens were real
# copies of short news items.
MIN_TOKENS = 10
# Candidates taken from one LSH bucket (the earliest ones): bounds the work on
# texts that are little more than shared boilerplate.
MAX_BUCKET = 64
# New index entries are kept in a small buffer and merged into the sorted
# arrays when it fills (a linear merge: timsort on two sorted runs).
_BUFFER = 2048

_KINDS = ("exact", "near")
_MAGIC = b"kmh1"
_HEADER = struct.Struct("<4sHHQII")  # magic, shingle, num_perm, text hash, shingles, tokens


def _const64(label: str) -> int:
    """A fixed 64-bit constant derived from a label (stable everywhere)."""
    return int.from_bytes(hashlib.blake2b(label.encode(), digest_size=8).digest(), "little")


@dataclass(frozen=True)
class CopyMatch:
    """The earlier article a new one copies.

    ``original_id`` is the root of the copy group (its earliest member);
    ``matched_id`` the member the new text resembles most, and ``similarity``
    the estimated Jaccard similarity with it (1.0 for an exact copy);
    ``containment`` the share of the shorter text's shingles found in the
    other; ``kind`` is ``"exact"`` (same normalized text) or ``"near"``.
    """

    original_id: str
    similarity: float
    kind: str
    matched_id: str
    containment: float = 1.0


@dataclass(frozen=True)
class _Sketch:
    text_hash: int
    tokens: int
    shingles: int
    signature: Any  # np.ndarray of uint32, or None when too short


class _Sketcher:
    """Normalized key -> exact hash, shingle count and MinHash signature."""

    def __init__(self, shingle: int, num_perm: int):
        self.shingle = shingle
        self.num_perm = num_perm
        base = _const64("khabar-shingle-base") | 1
        self._base = base
        self._base_inv = pow(base, -1, 1 << 64)
        self._pow = np.ones(1, dtype=np.uint64)
        self._inv = np.ones(1, dtype=np.uint64)
        # Multiply-add-shift hashing of 32-bit values into 32 bits:
        # ((a * x + b) mod 2^64) >> 32 is strongly universal for odd a.
        self._a = np.array([_const64(f"khabar-minhash-a-{i}") | 1 for i in range(num_perm)],
                           dtype=np.uint64)[:, None]
        self._b = np.array([_const64(f"khabar-minhash-b-{i}") for i in range(num_perm)],
                           dtype=np.uint64)[:, None]

    def _powers(self, n: int) -> None:
        """Make sure base^i and base^-i are known for i < n."""
        have = len(self._pow)
        if have >= n:
            return
        size = max(n, 2 * have)
        for name, b in (("_pow", self._base), ("_inv", self._base_inv)):
            arr = np.full(size, b, dtype=np.uint64)
            arr[0] = 1
            setattr(self, name, np.cumprod(arr))  # wraps modulo 2^64, as wanted

    def shingle_hashes(self, key: str):
        """The distinct 32-bit hashes of the key's word shingles."""
        data = np.frombuffer(key.encode("utf-8"), dtype=np.uint8)
        n = len(data)
        self._powers(n + 1)
        spaces = np.flatnonzero(data == 32)
        starts = np.concatenate(([0], spaces + 1))
        ends = np.concatenate((spaces, [n]))
        k = self.shingle
        if len(starts) < k:
            return np.zeros(0, dtype=np.uint64)
        # Polynomial hash of every byte range via prefix sums:
        # sum data[m] * base^-(m - i) over [i, j) = (S[j] - S[i]) * base^i.
        prefix = np.zeros(n + 1, dtype=np.uint64)
        np.cumsum(data.astype(np.uint64) * self._inv[:n], out=prefix[1:])
        i, j = starts[: len(starts) - k + 1], ends[k - 1:]
        h = (prefix[j] - prefix[i]) * self._pow[i]
        # MurmurHash3's finalizer, then the top 32 bits.
        h ^= h >> np.uint64(33)
        h *= np.uint64(0xFF51AFD7ED558CCD)
        h ^= h >> np.uint64(33)
        h *= np.uint64(0xC4CEB9FE1A85EC53)
        h ^= h >> np.uint64(33)
        return np.unique(h >> np.uint64(32))

    def minhash(self, hashes):
        """MinHash signature (uint32[num_perm]) of a non-empty hash set."""
        out = np.full(self.num_perm, 0xFFFFFFFF, dtype=np.uint64)
        for s in range(0, len(hashes), 4096):  # bounds the temporary array
            chunk = hashes[s:s + 4096][None, :]
            vals = (self._a * chunk + self._b) >> np.uint64(32)
            np.minimum(out, vals.min(axis=1), out=out)
        return out.astype(np.uint32)

    @staticmethod
    def key(text: str, lang: str | None) -> tuple[str, int, int]:
        """The matching key, its 64-bit hash and its number of tokens."""
        key = normalize.key(text or "", lang)
        tokens = key.count(" ") + 1 if key else 0
        digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
        return key, int.from_bytes(digest, "little"), tokens

    def sketch(self, key: str, text_hash: int, tokens: int) -> _Sketch:
        if tokens < MIN_TOKENS:
            return _Sketch(text_hash, tokens, 0, None)
        hashes = self.shingle_hashes(key)
        if not len(hashes):  # only when SHINGLE > MIN_TOKENS
            return _Sketch(text_hash, tokens, 0, None)
        return _Sketch(text_hash, tokens, len(hashes), self.minhash(hashes))


class _BandIndex:
    """LSH buckets: band keys in one sorted array (plus a small unsorted
    buffer), so memory stays at 12 bytes per band per article."""

    def __init__(self, bands: int, rows: int):
        self.bands, self.rows = bands, rows
        self._salt = np.array([_const64(f"khabar-band-{i}") for i in range(bands)],
                              dtype=np.uint64)
        self._keys = np.zeros(0, dtype=np.uint64)
        self._seqs = np.zeros(0, dtype=np.int32)
        self._buf = np.zeros((_BUFFER, bands), dtype=np.uint64)
        self._buf_seqs = np.zeros(_BUFFER, dtype=np.int32)
        self._n_buf = 0

    def band_keys(self, sig):
        """One 64-bit key per band (band values mixed with a per-band salt)."""
        v = sig[: self.bands * self.rows].astype(np.uint64).reshape(self.bands, self.rows)
        key = np.zeros(self.bands, dtype=np.uint64)
        for r in range(self.rows):
            key = key * np.uint64(0x9E3779B97F4A7C15) + v[:, r]
        return key ^ self._salt

    def query(self, keys):
        """Sequence numbers sharing at least one bucket with ``keys``."""
        found = []
        if len(self._keys):
            lo = np.searchsorted(self._keys, keys, "left")
            hi = np.searchsorted(self._keys, keys, "right")
            for b in np.flatnonzero(hi > lo):
                found.append(self._seqs[lo[b]:min(hi[b], lo[b] + MAX_BUCKET)])
        if self._n_buf:
            hit = (self._buf[: self._n_buf] == keys).any(axis=1)
            found.append(self._buf_seqs[: self._n_buf][hit])
        if not found:
            return np.zeros(0, dtype=np.int32)
        return np.unique(np.concatenate(found))

    def add(self, seq: int, keys) -> None:
        self._buf[self._n_buf] = keys
        self._buf_seqs[self._n_buf] = seq
        self._n_buf += 1
        if self._n_buf == _BUFFER:
            self.flush()

    def add_many(self, seqs, keys) -> None:
        """Bulk load (restart): ``keys`` has one row of band keys per seq."""
        self.flush()
        self._merge(np.repeat(np.asarray(seqs, dtype=np.int32), self.bands),
                    np.asarray(keys, dtype=np.uint64).reshape(-1))

    def flush(self) -> None:
        if self._n_buf:
            n = self._n_buf
            self._n_buf = 0
            self._merge(np.repeat(self._buf_seqs[:n], self.bands), self._buf[:n].reshape(-1))

    def _merge(self, seqs, keys) -> None:
        # Stable sort: within a bucket, entries stay in arrival order, so the
        # MAX_BUCKET cap keeps the earliest articles.
        order = np.argsort(keys, kind="stable")
        keys, seqs = keys[order], seqs[order]
        all_keys = np.concatenate((self._keys, keys))
        order = np.argsort(all_keys, kind="stable")  # two sorted runs: a linear merge
        self._keys = all_keys[order]
        self._seqs = np.concatenate((self._seqs, seqs))[order]


class _Grow:
    """A growable numpy array (amortized appends)."""

    def __init__(self, dtype, width: int | None = None):
        shape = (16,) if width is None else (16, width)
        self.data = np.zeros(shape, dtype=dtype)
        self.n = 0

    def append(self, value) -> None:
        if self.n == len(self.data):
            bigger = np.zeros((2 * len(self.data),) + self.data.shape[1:], dtype=self.data.dtype)
            bigger[: self.n] = self.data
            self.data = bigger
        self.data[self.n] = value
        self.n += 1


class CopyDetector:
    """Incremental exact and near-copy detection (see the module docstring).

    Args:
        threshold: estimated Jaccard similarity at or above which a text is a
            near copy (``NEAR_JACCARD``).
        num_perm: MinHash hash functions (a multiple of ``ROWS_PER_BAND``).
        shingle: words per shingle.

    Example::

        det = CopyDetector()
        det.add("a1", body)                # None: an original
        det.add("a2", body_reprinted)      # CopyMatch("a1", 1.0, "exact", "a1", 1.0)
        det.add("a3", body_lightly_edited) # CopyMatch("a1", 0.83, "near", ...)
        rows = list(det.to_rows())         # persist; later:
        det = CopyDetector.from_rows(rows)
    """

    def __init__(self, threshold: float = NEAR_JACCARD, num_perm: int = NUM_PERM,
                 shingle: int = SHINGLE):
        if num_perm <= 0 or num_perm % ROWS_PER_BAND:
            raise ValueError(f"num_perm must be a positive multiple of {ROWS_PER_BAND}")
        if shingle < 1 or not 0.0 < threshold <= 1.0:
            raise ValueError("shingle must be >= 1 and threshold in (0, 1]")
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle = shingle
        self._sketcher = _Sketcher(shingle, num_perm)
        self._index = _BandIndex(num_perm // ROWS_PER_BAND, ROWS_PER_BAND)
        self._ids: list[str] = []
        self._seq: dict[str, int] = {}
        self._root = _Grow(np.int32)
        self._sizes = _Grow(np.int32)  # shingle count, 0 when not matchable
        self._sigs = _Grow(np.uint32, num_perm)
        self._hashes: list[int] = []
        self._tokens = _Grow(np.int32)
        self._exact: dict[int, int] = {}  # text hash -> first seq with it
        self._match: dict[int, CopyMatch] = {}  # seq -> its match (copies only)

    # --- public ------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._seq

    def add(self, article_id: str, text: str, lang: str | None = None) -> CopyMatch | None:
        """Register an article; return the earlier article it copies, or None.

        Args:
            article_id: the article's id (adding a known id again returns the
                first answer and changes nothing).
            text: the article body (without headline).
            lang: ISO 639-1 code if known (passed to :func:`normalize.key`).

        Returns:
            A :class:`CopyMatch` whose ``original_id`` is the root of the copy
            group, or None when the article is an original (or too short).
        """
        if article_id in self._seq:
            return self._match.get(self._seq[article_id])
        key, text_hash, tokens = self._sketcher.key(text, lang)
        seq = len(self._ids)
        match, root = None, seq
        first = self._exact.get(text_hash) if tokens >= MIN_TOKENS else None
        if first is not None:  # the same key: the same sketch, no need to hash again
            sk = _Sketch(text_hash, tokens, int(self._sizes.data[first]), self._sigs.data[first])
            root = int(self._root.data[first])
            match = CopyMatch(self._ids[root], 1.0, "exact", self._ids[first], 1.0)
        else:
            sk = self._sketcher.sketch(key, text_hash, tokens)
            found = self._near(sk) if sk.signature is not None else None
            if found is not None:
                match, root = found
        self._register(article_id, sk, root, match, index=first is None)
        return match

    def original_of(self, article_id: str) -> str:
        """The root of the article's copy group (itself for an original)."""
        return self._ids[int(self._root.data[self._seq[article_id]])]

    def match_of(self, article_id: str) -> CopyMatch | None:
        """What :meth:`add` returned for this article (for one restored by
        :meth:`from_rows`: ``matched_id`` is the original, ``containment`` 1.0)."""
        return self._match.get(self._seq[article_id])

    def groups(self) -> dict[str, list[str]]:
        """Copy groups with at least two members: original id -> members in
        arrival order (the original first)."""
        members: dict[int, list[str]] = {}
        for seq in sorted(self._match):
            members.setdefault(int(self._root.data[seq]), []).append(self._ids[seq])
        return {self._ids[r]: [self._ids[r]] + m for r, m in sorted(members.items())}

    def signature_bytes(self, article_id: str) -> bytes | None:
        """The stored form of an article's sketch (None when too short to match)."""
        return self._blob(self._seq[article_id])

    def to_rows(self) -> Iterator[tuple]:
        """``(article_id, original_id, similarity, kind, signature)`` per
        article in arrival order; the last three are None for an original."""
        for seq, aid in enumerate(self._ids):
            m = self._match.get(seq)
            if m is None:
                yield (aid, None, None, None, self._blob(seq))
            else:
                yield (aid, m.original_id, m.similarity, m.kind, self._blob(seq))

    @classmethod
    def from_rows(cls, rows: Iterable[Any], threshold: float = NEAR_JACCARD) -> "CopyDetector":
        """Rebuild a detector from :meth:`to_rows` output (e.g. read back
        from the store), in arrival order, without the texts.

        Shingle size and number of hash functions are taken from the stored
        signatures, so a database keeps the settings it was built with.

        Raises:
            ValueError: a signature is malformed, or signatures disagree on
                the settings they were computed with.
        """
        rows = [tuple(r) for r in rows]
        params = {_parse_header(r[4])[:2] for r in rows if r[4] is not None}
        if len(params) > 1:
            raise ValueError(f"copy signatures computed with different settings {sorted(params)}; "
                             "recompute copy detection")
        shingle, num_perm = params.pop() if params else (SHINGLE, NUM_PERM)
        det = cls(threshold=threshold, num_perm=num_perm, shingle=shingle)
        det._load(rows)
        return det

    # --- internals -----------------------------------------------------------
    def _near(self, sk: _Sketch) -> tuple[CopyMatch, int] | None:
        """The best qualifying earlier article and its root, if any."""
        cands = self._index.query(self._index.band_keys(sk.signature))
        if not len(cands):
            return None
        jac = (self._sigs.data[cands] == sk.signature).mean(axis=1)
        sizes = self._sizes.data[cands]
        cont = self._containment(jac, sk.shingles, sizes)
        ok = self._qualifies(jac, cont, sk.shingles, sizes)
        if not ok.any():
            return None
        cands, jac, cont = cands[ok], jac[ok], cont[ok]
        i = np.lexsort((cands, -jac))[0]  # the most similar; ties: the earliest
        root = int(self._root.data[cands[i]])
        m = CopyMatch(self._ids[root], round(float(jac[i]), 4), "near",
                      self._ids[int(cands[i])], round(float(cont[i]), 4))
        return m, root

    @staticmethod
    def _containment(jac, size, other_sizes):
        # |A ∩ B| = J (|A| + |B|) / (1 + J), over the smaller set.
        inter = jac * (size + other_sizes) / (1.0 + jac)
        return np.minimum(inter / np.maximum(np.minimum(size, other_sizes), 1), 1.0)

    def _qualifies(self, jac, cont, size, other_sizes):
        ratio = np.minimum(size, other_sizes) / np.maximum(np.maximum(size, other_sizes), 1)
        return (jac >= self.threshold) | ((cont >= NEAR_CONTAINMENT)
                                          & (ratio >= CONTAINMENT_MIN_RATIO))

    def _register(self, article_id: str, sk: _Sketch, root: int, match: CopyMatch | None,
                  index: bool) -> None:
        seq = len(self._ids)
        self._ids.append(article_id)
        self._seq[article_id] = seq
        self._root.append(root)
        self._hashes.append(sk.text_hash)
        self._tokens.append(sk.tokens)
        matchable = sk.signature is not None
        self._sizes.append(sk.shingles if matchable else 0)
        self._sigs.append(sk.signature if matchable else 0)
        if match is not None:
            self._match[seq] = match
        if matchable:
            self._exact.setdefault(sk.text_hash, seq)
            if index:  # an exact copy adds nothing its first occurrence lacks
                self._index.add(seq, self._index.band_keys(sk.signature))

    def _blob(self, seq: int) -> bytes | None:
        if not self._sizes.data[seq]:
            return None
        head = _HEADER.pack(_MAGIC, self.shingle, self.num_perm, self._hashes[seq],
                            int(self._sizes.data[seq]), int(self._tokens.data[seq]))
        return head + self._sigs.data[seq].astype("<u4").tobytes()

    def _load(self, rows: list[tuple]) -> None:
        """Fill an empty detector from stored rows (see :meth:`from_rows`)."""
        pending: list[tuple[int, str]] = []
        bulk_seqs, bulk_keys = [], []
        for aid, original, sim, kind, blob in rows:
            if aid in self._seq:
                continue
            if blob is None:
                sk = _Sketch(0, 0, 0, None)
            else:
                _, _, text_hash, shingles, tokens = _parse_header(blob)
                sig = np.frombuffer(blob, dtype="<u4", offset=_HEADER.size).astype(np.uint32)
                if len(sig) != self.num_perm:
                    raise ValueError(f"copy signature of {aid} has {len(sig)} values, "
                                     f"expected {self.num_perm}")
                sk = _Sketch(text_hash, tokens, shingles, sig)
            seq = len(self._ids)
            match = None
            if original is not None and original != aid:
                if kind not in _KINDS:
                    raise ValueError(f"unknown copy kind {kind!r} for {aid}")
                match = CopyMatch(original, float(sim if sim is not None else 1.0), kind,
                                  original, 1.0)
                pending.append((seq, original))
            first = self._exact.get(sk.text_hash) if blob is not None else None
            self._register(aid, sk, seq, match, index=False)
            if blob is not None and first is None:  # the first of its text: indexed
                bulk_seqs.append(seq)
                bulk_keys.append(self._index.band_keys(sk.signature))
        roots = self._root.data
        for seq, original in pending:
            if original not in self._seq:  # original not stored: this one stands alone
                log.warning("copy %s points to unknown original %s", self._ids[seq], original)
                del self._match[seq]
                continue
            roots[seq] = self._seq[original]
        for seq, _ in pending:  # stored originals are roots; resolve any chain anyway
            hops = 0
            while roots[roots[seq]] != roots[seq] and hops < len(roots):
                roots[seq] = roots[roots[seq]]
                hops += 1
        if bulk_seqs:
            self._index.add_many(bulk_seqs, np.stack(bulk_keys))


def _parse_header(blob: bytes) -> tuple[int, int, int, int, int]:
    """(shingle, num_perm, text hash, shingles, tokens) of a signature blob."""
    if len(blob) < _HEADER.size:
        raise ValueError("copy signature too short")
    magic, shingle, num_perm, text_hash, shingles, tokens = _HEADER.unpack_from(blob)
    if magic != _MAGIC:
        raise ValueError(f"not a khabar copy signature (magic {magic!r})")
    return shingle, num_perm, text_hash, shingles, tokens
