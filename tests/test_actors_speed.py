"""The actors stage's short cuts change no answer.

* ``_kb_spans`` normalizes each token once and skips an n-gram whose joined
  token keys the knowledge base lacks.  That is exact only if the key of
  tokens joined by spaces is their keys joined: checked here on real
  Arabic and Persian sentences (ANERcorp, ArmanPersoNER), on the bundled
  sample corpus in all four languages, and on random strings built from
  the characters that make keys tricky.
* ``Resolver.document_variants`` joins the skeletons of two tokens instead
  of computing the skeleton of the two-token span: exact only if skeletons
  are read token by token, checked the same way (and ``word_skeleton``, its
  memoized reading of one token, must equal ``skeleton`` without spaces).
* ``_kb_spans`` skips the n-grams of a token whose key begins no key of
  several words: the spans must equal those found without that short cut.
* ``extract_mentions`` decodes all of an article's sentences in one batch;
  the entities (spans, types and scores) must be those of one sentence at
  a time.
"""

from __future__ import annotations

import json
import random

import pytest

from util import ROOT, SHARED

from khabar import actors, normalize
from khabar.evaluation import ner as ner_eval

ANERCORP = SHARED / "eval" / "ner" / "anercorp" / "anercorp_train_dev.txt"
ARMAN = SHARED / "eval" / "ner" / "arman" / "arman_fold1_train.txt"
SAMPLE = ROOT / "corpus" / "sample" / "wire.jsonl"
SAMPLE_TEXT = ROOT / "corpus" / "sample" / "text"


def _corpus_sentences(path, lang, n):
    sents = ner_eval.read_conll(path, lang)
    return [" ".join(tok for tok, _ in s) for s in sents[:n]]


def _lang_of(text):
    """The sample's language from its letters (the test needs no detector)."""
    if any("\u0400" <= c <= "\u04ff" for c in text):
        return "ru"
    if any(c in "پچژگکی" for c in text):
        return "fa"
    return "ar" if any("\u0600" <= c <= "\u06ff" for c in text) else "en"


def _sample_texts():
    texts = []
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        if line.strip():
            texts.append(json.loads(line).get("content") or "")
    texts += [p.read_text(encoding="utf-8") for p in sorted(SAMPLE_TEXT.glob("*.txt"))]
    return [(t, _lang_of(t)) for t in texts if t.strip()]


def _ngrams(text):
    """(n-gram text, its tokens' texts) of every run of 2 to 5 tokens that
    _kb_spans would look up (tokens joined by whitespace only)."""
    toks = [(m.start(), m.end()) for m in actors._TOKEN.finditer(text)]
    for i in range(len(toks)):
        for n in range(2, 6):
            if i + n > len(toks):
                break
            if text[toks[i + n - 2][1]:toks[i + n - 1][0]].strip():
                break
            yield text[toks[i][0]:toks[i + n - 1][1]], [text[s:e] for s, e in toks[i:i + n]]


def _check(texts_langs):
    checked = 0
    for text, lang in texts_langs:
        for gram, parts in _ngrams(text):
            joined = " ".join(w for w in (normalize.key(p, lang) for p in parts) if w)
            assert normalize.key(gram, lang) == joined, (gram, lang)
            checked += 1
    return checked


def test_key_of_joined_tokens_is_joined_keys_on_real_text():
    texts = [(t, "ar") for t in _corpus_sentences(ANERCORP, "ar", 1500)]
    texts += [(t, "fa") for t in _corpus_sentences(ARMAN, "fa", 1500)]
    sample = _sample_texts()
    assert {lang for _, lang in sample} >= {"ar", "fa", "en", "ru"}
    texts += sample
    assert _check(texts) > 50_000


def test_first_word_filter_of_knowledge_base_spans_changes_nothing(monkeypatch):
    """_kb_spans skips the n-grams of a token whose key begins no key of
    several words (KnowledgeBase.may_start_key): the spans must be those
    found without that short cut, on real and random text."""
    from khabar.kb import knowledge_base

    kb = knowledge_base()
    texts = _real_and_random_texts(800, seed=5, per_lang=300, max_words=6)
    fast = [actors._kb_spans(t, lang, kb) for t, lang in texts]
    monkeypatch.setattr(type(kb), "may_start_key", lambda self, word: True)
    slow = [actors._kb_spans(t, lang, kb) for t, lang in texts]
    assert fast == slow
    assert sum(map(len, slow)) > 1000


def test_remembered_one_token_names_are_those_looked_up(monkeypatch):
    """_kb_spans remembers the answer for each token (_one_token): it must
    be the fresh answer, also once the city-word lists are replaced."""
    from khabar.kb import knowledge_base

    kb = knowledge_base()
    texts = _real_and_random_texts(400, seed=9, per_lang=200, max_words=6)
    tokens = [(text[m.start():m.end()], lang) for text, lang in texts
              for m in actors._TOKEN.finditer(text)]
    twice = tokens + tokens
    assert [actors._one_token(t, lang, kb) for t, lang in twice] == \
        [actors._one_token_uncached(t, lang, kb) for t, lang in twice]
    assert sum(actors._one_token(t, lang, kb) is not None for t, lang in tokens) > 100
    # a city word ("دوشنبه" is Dushanbe and Monday) is skipped while it is listed
    assert actors._one_token("دوشنبه", "fa", kb) is None
    monkeypatch.setattr(actors, "_CITY_WORDS", {"fa": frozenset()})
    assert actors._one_token("دوشنبه", "fa", kb) is not None


# Characters that make keys differ from the text: Arabic and Persian letter
# variants, harakat, tatweel, ZWNJ, Persian and Arabic-Indic digits, Latin
# and Cyrillic letters with accents, the hyphen and apostrophe that _TOKEN
# keeps inside a token, and unusual spaces between tokens.
_ALPHABET = ("ابتثجحخدذرزسشصضطظعغفقكلمنهويىئءأإآةۀ" "پچژگکی" "\u064b\u064e\u0650\u0651\u0652"
             "\u0640\u200c\u200d" "۰۱۲۳٤٥٦٧" "0123456789" "abcdeéèüößAZ" "абвгдеёжзийАЯ"
             "-'’" "ﻻﷲ")
_SPACES = (" ", "  ", "\u00a0", "\u2009", "\t", " \u200f ")


@pytest.mark.parametrize("lang", ["ar", "fa", "en", "ru"])
def test_key_of_joined_tokens_is_joined_keys_on_random_text(lang):
    rng = random.Random(7)
    texts = []
    for _ in range(3000):
        words = ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, 8)))
                 for _ in range(rng.randint(2, 6))]
        text = words[0]
        for w in words[1:]:
            text += rng.choice(_SPACES) + w
        texts.append((text, lang))
    assert _check(texts) > 3000


def _skeleton_check(texts_langs):
    """document_variants reads a two-token span's skeleton as its tokens'
    skeletons joined (spaces removed), with or without the first letter,
    each token's through the memoized ``word_skeleton``."""
    from khabar.translit import skeleton, word_skeleton

    def sk(t, lang):
        got = skeleton(t, lang).replace(" ", "")
        assert word_skeleton(t, lang) == got, (t, lang)
        return got

    checked = 0
    for text, lang in texts_langs:
        toks = [(m.start(), m.end()) for m in actors._TOKEN.finditer(text)]
        for (s1, e1), (s2, e2) in zip(toks, toks[1:]):
            if text[e1:s2].strip():
                continue
            for cut in (0, 1):
                assert sk(text[s1 + cut:e2], lang) == sk(text[s1 + cut:e1], lang) + sk(text[s2:e2], lang), \
                    (text[s1:e2], lang, cut)
                checked += 1
    return checked


def _real_and_random_texts(sentences: int, seed: int, per_lang: int, max_words: int):
    """(text, lang): the first ANERCORP and Arman sentences, the sample
    corpus, and random strings of the tricky characters in each language."""
    texts = [(t, "ar") for t in _corpus_sentences(ANERCORP, "ar", sentences)]
    texts += [(t, "fa") for t in _corpus_sentences(ARMAN, "fa", sentences)]
    texts += _sample_texts()
    rng = random.Random(seed)
    for lang in ("ar", "fa", "en", "ru"):
        for _ in range(per_lang):
            words = ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, 8)))
                     for _ in range(rng.randint(2, max_words))]
            texts.append((" ".join(words), lang))
    return texts


def test_skeleton_of_two_tokens_is_their_skeletons_joined():
    assert _skeleton_check(_real_and_random_texts(600, seed=11, per_lang=500, max_words=5)) > 20_000


@pytest.mark.parametrize("lang,path", [("ar", ANERCORP), ("fa", ARMAN)])
def test_batched_recognition_equals_one_sentence_at_a_time(lang, path):
    pytest.importorskip("pycrfsuite")
    from khabar import ner

    texts = _corpus_sentences(path, lang, 400)
    batched = ner.recognize_many(texts, lang)
    single = [ner.recognize(t, lang) for t in texts]
    assert sum(map(len, single)) > 100
    assert batched == single
    # Without marginals: the same spans, types and labels, no score.
    bare = ner.recognize_many(texts, lang, scores=False)
    assert [[(e.start, e.end, e.type, e.text, e.tag) for e in ents] for ents in bare] == \
        [[(e.start, e.end, e.type, e.text, e.tag) for e in ents] for ents in single]
    assert all(e.score is None for ents in bare for e in ents)


def test_token_blocks_computed_in_one_batch_are_the_per_view_sums():
    """CompiledCRF.rows computes the score blocks of all new tokens in one
    numpy batch: each must be what summing each view's attribute rows gives."""
    pytest.importorskip("pycrfsuite")
    import numpy as np

    from khabar import ner

    crf = ner._model("ar").crf
    tokens = [t for s in _corpus_sentences(ANERCORP, "ar", 300) for t in s.split()]
    tokens += ["", "x", "وقازاقستان", "كازاخستان"]
    rows = crf.rows(tokens)
    get, unk = crf.attr.get, crf._unk
    checked = 0
    for t, r in zip(tokens, rows):
        want = [crf.W[[get(a, unk) for a in v]].sum(axis=0) for v in crf.features.word(t)]
        assert np.array_equal(crf._table[r], np.array(want, np.float32)), t
        checked += 1
    assert checked > 5000


def test_keys_of_many_tokens_are_their_keys():
    texts = _real_and_random_texts(300, seed=3, per_lang=100, max_words=6)
    for text, lang in texts:
        toks = text.split() + [text, ""]
        assert normalize.keys(toks, lang) == [normalize.key(t, lang) for t in toks]
        assert normalize.keys(toks, lang) == [normalize.key(t, lang) for t in toks]   # remembered


def _entity_surfaces(path, lang, types=("PER", "LOC", "ORG")) -> list[tuple[str, str]]:
    """(surface, type) of the gold entities of a CoNLL file."""
    out = []
    for sent in ner_eval.read_conll(path, lang):
        cur: list[str] = []
        typ = None
        for tok, tag in [*sent, ("", "O")]:
            if cur and not tag.startswith("I-"):
                if typ in types:
                    out.append((" ".join(cur), typ))
                cur, typ = [], None
            if tag.startswith("B-"):
                cur, typ = [tok], {"PERS": "PER"}.get(tag[2:].upper(), tag[2:].upper())
            elif tag.startswith("I-") and cur:
                cur.append(tok)
    return out


def _reference_clusters(groups):
    """Promotion's clustering as first written: one group at a time, in
    order, against the clusters of its bucket (no slices, no prefetch)."""
    from khabar.actors import AUTO_CROSS_SKELETON, AUTO_JOIN, AUTO_JOIN_CROSS, script_of
    from khabar.translit import name_similarity, skeleton

    clusters, buckets = [], {}
    for g in sorted(groups, key=lambda g: (-len(g["articles"]), g["key"])):
        typ = g["types"].most_common(1)[0][0]
        surface = g["surfaces"].most_common(1)[0][0]
        sk = skeleton(surface).replace(" ", "")
        bucket = buckets.setdefault((typ, sk), [])
        home = None
        for c in bucket:
            other = c[0]["surfaces"].most_common(1)[0][0]
            cross = (script_of(surface) == "arabic") != (script_of(other) == "arabic")
            need = AUTO_JOIN_CROSS if cross and len(sk) >= AUTO_CROSS_SKELETON else AUTO_JOIN
            if name_similarity(surface, other) >= need:
                home = c
                break
        if home is None:
            home = [g]
            bucket.append(home)
            clusters.append(home)
        else:
            home.append(g)
    return clusters


def test_promotion_clusters_in_slices_as_one_group_at_a_time(monkeypatch):
    """_cluster_groups clusters bucket by bucket, a slice of buckets per
    vectorized batch of word pairs, in this process or on workers: the
    clusters, their members and their order must be those of the plain loop
    over groups, whatever the slice."""
    from collections import Counter

    from khabar import actors as mod

    rng = random.Random(5)
    surfaces = _entity_surfaces(ANERCORP, "ar") + _entity_surfaces(ARMAN, "fa")
    # A few Latin spellings too, so that cross-script joins are tried.
    surfaces += [("Marcus Delanger", "PER"), ("ماركوس ديلانغر", "PER"), ("Samir Haddad", "PER")]
    groups = {}
    for surface, typ in surfaces:
        key = normalize.key(surface)
        g = groups.setdefault(key, {"key": key, "types": Counter(), "surfaces": Counter(),
                                    "articles": set()})
        g["types"][typ] += 1
        g["surfaces"][surface] += 1
        g["articles"].update(f"a{rng.randrange(400)}" for _ in range(rng.randrange(1, 4)))
    groups = list(groups.values())
    assert len(groups) > 3000

    def keys(clusters):
        return [[g["key"] for g in c] for c in clusters]

    want = keys(_reference_clusters(groups))
    assert sum(len(c) > 1 for c in want) > 20     # variants do join
    for pairs in (1, 50, 10 ** 9):
        monkeypatch.setattr(mod, "_CLUSTER_SLICE_PAIRS", pairs)
        assert keys(mod._cluster_groups(groups)) == want, pairs
    # On two forked workers (skeletons and slices shared out; the workers
    # start with this process's memos, so empty them first).
    from khabar import translit
    from khabar.distributed import ForkPool

    monkeypatch.setattr(mod, "_SKELETON_CHUNK", 500)
    translit._AR_PAIRS.clear()
    with ForkPool(2) as pool:
        assert keys(mod._cluster_groups(groups, pool)) == want
