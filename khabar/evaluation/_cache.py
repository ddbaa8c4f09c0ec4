"""A disk cache in front of an :class:`~khabar.embed.Embedder`, for evaluations
and training scripts that embed the same texts on every run.

Vectors are stored per embedder and prefix (``passage``/``query``) in one
``.npz`` file, keyed by the SHA-1 of the exact text embedded.  The cache only
saves time: a missing or unreadable file is recomputed.  Files are named by
the embedder's ``name``: delete the directory after changing an embedder's
weights under the same name.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from pathlib import Path
from typing import Sequence

import numpy as np

log = logging.getLogger(__name__)

# Texts embedded per call.
BATCH = 32
# Seconds between writes of new vectors during a long run, so an interrupted
# run keeps most of its work without rewriting the file after every batch.
SAVE_EVERY = 60.0


def default_cache_dir() -> Path:
    """``$KHABAR_EVAL_CACHE`` if set, else ``build/eval-cache`` under the
    current directory (``build/`` is git-ignored)."""
    return Path(os.environ.get("KHABAR_EVAL_CACHE") or Path("build") / "eval-cache")


_DIGEST_SIZE = 20


def _digest(text: str) -> bytes:
    """The cache key of a text: its SHA-1 (20 bytes)."""
    return hashlib.sha1(text.encode("utf-8")).digest()


class CachedEmbedder:
    """Same interface as the wrapped embedder; vectors are memoized on disk.

    Args:
        embedder: the embedder to call for texts not in the cache.
        directory: where the ``.npz`` files live; ``None`` keeps the cache in
            memory only.
    """

    def __init__(self, embedder, directory: str | os.PathLike | None):
        self._inner = embedder
        self.name = embedder.name
        self.dim = embedder.dim
        self._dir = Path(directory) if directory else None
        self._memo: dict[str, dict[bytes, np.ndarray]] = {}

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._get("passage", texts)

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._get("query", texts)

    def _path(self, kind: str) -> Path | None:
        return self._dir / f"{self.name}.{kind}.npz" if self._dir else None

    def _table(self, kind: str) -> dict[bytes, np.ndarray]:
        if kind in self._memo:
            return self._memo[kind]
        table: dict[bytes, np.ndarray] = {}
        path = self._path(kind)
        if path and path.exists():
            try:
                with np.load(path) as z:
                    keys, vecs = z["keys"], z["vecs"]
                if vecs.ndim == 2 and vecs.shape[1] == self.dim:
                    # numpy's S dtype drops trailing NUL bytes: pad digests back.
                    table = {bytes(k).ljust(_DIGEST_SIZE, b"\0"): v for k, v in zip(keys, vecs)}
            except (OSError, ValueError, KeyError) as exc:  # a damaged cache is only slower
                log.warning("ignoring unreadable embedding cache %s: %s", path, exc)
        self._memo[kind] = table
        return table

    def _save(self, kind: str) -> None:
        path = self._path(kind)
        if path is None:
            return
        table = self._memo[kind]
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + f".{os.getpid()}.tmp.npz")
        keys = np.array(list(table), dtype=f"S{_DIGEST_SIZE}")
        vecs = np.stack(list(table.values())) if table else np.zeros((0, self.dim), np.float32)
        np.savez(tmp, keys=keys, vecs=vecs.astype(np.float32))
        os.replace(tmp, path)  # atomic: readers never see half a file

    def _get(self, kind: str, texts: Sequence[str]) -> np.ndarray:
        table = self._table(kind)
        digests = [_digest(t) for t in texts]
        missing: dict[bytes, str] = {}
        for d, t in zip(digests, texts):
            if d not in table:
                missing[d] = t
        if missing:
            todo = sorted(missing.items(), key=lambda kv: len(kv[1]))  # similar lengths pad less
            embed = self._inner.passages if kind == "passage" else self._inner.queries
            saved = time.monotonic()
            for i in range(0, len(todo), BATCH):
                chunk = todo[i:i + BATCH]
                vecs = embed([t for _, t in chunk])
                table.update((d, v) for (d, _), v in zip(chunk, vecs))
                log.info("embedded %d/%d new texts", min(i + BATCH, len(todo)), len(todo))
                if time.monotonic() - saved > SAVE_EVERY:
                    self._save(kind)
                    saved = time.monotonic()
            self._save(kind)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([table[d] for d in digests]).astype(np.float32)
