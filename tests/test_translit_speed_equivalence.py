"""The speed-ups of khabar.translit and khabar.kb change no answer.

Name matching remembers answers (bounded memo tables), computes the weighted
edit distance in integer half-units with a common prefix and suffix cut,
computes many Arabic word pairs in one vectorized batch, and reads a
skeleton token by token.  Each is checked here against the plain
definition it replaces (kept below as the reference), bit for bit.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from khabar import translit as tl

# -- references: the plain definitions ------------------------------------------------


def ref_weighted_edit(a: str, b: str, weak: frozenset) -> float:
    """Levenshtein distance; weak letters cost 0.5 to insert, delete or
    exchange for another weak letter, other edits 1 (float DP)."""
    if not a:
        return sum(0.5 if c in weak else 1.0 for c in b)
    prev = [0.0]
    for c in b:
        prev.append(prev[-1] + (0.5 if c in weak else 1.0))
    for ca in a:
        wa = 0.5 if ca in weak else 1.0
        cur = [prev[0] + wa]
        for k, cb in enumerate(b, 1):
            wb = 0.5 if cb in weak else 1.0
            sub = 0.0 if ca == cb else (0.5 if (ca in weak and cb in weak) else 1.0)
            cur.append(min(prev[k - 1] + sub, prev[k] + wa, cur[k - 1] + wb))
        prev = cur
    return prev[-1]


def ref_edit_similarity(a: str, b: str, weak: frozenset) -> float:
    if not a and not b:
        return 0.0
    d = ref_weighted_edit(a, b, weak)
    size = max(sum(0.5 if c in weak else 1.0 for c in a), sum(0.5 if c in weak else 1.0 for c in b))
    return max(0.0, 1.0 - d / max(size, 1e-9))


def ref_align(xs, ys) -> float:
    """Token alignment joining spans on the fly."""
    n, m = len(xs), len(ys)
    total = sum(w.size for w in xs) + sum(w.size for w in ys)
    if total == 0:
        return 0.0
    best = [[-1.0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            cur = best[i][j]
            if cur < 0:
                continue
            if i < n:
                best[i + 1][j] = max(best[i + 1][j], cur)
            if j < m:
                best[i][j + 1] = max(best[i][j + 1], cur)
            for di in (1, 2):
                for dj in (1, 2):
                    if i + di > n or j + dj > m or (di == 2 and dj == 2):
                        continue
                    a = xs[i] if di == 1 else tl._join(xs[i:i + di])
                    b = ys[j] if dj == 1 else tl._join(ys[j:j + dj])
                    s = ref_word_similarity(a, b) * (a.size + b.size)
                    if cur + s > best[i + di][j + dj]:
                        best[i + di][j + dj] = cur + s
    return best[n][m] / total


def ref_word_similarity(a, b) -> float:
    if a.empty() or b.empty():
        return 0.0
    if a.script == "arabic" and b.script == "arabic":
        fa, fb = tl._arabic_fold(a.slots), tl._arabic_fold(b.slots)
        return ref_edit_similarity(fa, fb, tl._AR_WEAK) if fa and fb else 0.0
    if a.script == "arabic":
        return tl._cross_word_similarity(a.slots, b.latin)
    if b.script == "arabic":
        return tl._cross_word_similarity(b.slots, a.latin)
    a, b = a.latin, b.latin
    if a == b:
        return 1.0
    s = ref_edit_similarity(a, b, tl._LAT_VOWELS)
    ka = tl._skeleton_word(a)
    return max(s, 0.9) if ka and ka == tl._skeleton_word(b) else s


def ref_name_similarity(a, b, lang_a=None, lang_b=None) -> float:
    if (b, lang_b or "") < (a, lang_a or ""):
        a, b, lang_a, lang_b = b, a, lang_b, lang_a
    xs = [w for w in (tl._Word(t, lang_a) for t in tl._tokens(a)) if not w.empty()]
    ys = [w for w in (tl._Word(t, lang_b) for t in tl._tokens(b)) if not w.empty()]
    if not xs or not ys:
        return 0.0
    if len(xs) == 1 and len(ys) == 1:
        return ref_word_similarity(xs[0], ys[0])
    s = ref_align(xs, ys)
    if len(xs) > 1 and len(ys) > 1:
        s = max(s, ref_align(xs[::-1], ys), ref_align(xs[1:] + xs[:1], ys),
                ref_align(xs, ys[1:] + ys[:1]))
    return min(1.0, s)


def clear_memos() -> None:
    tl._sync_memos()
    for memo in tl._MODEL_MEMOS:
        memo.cache_clear()
    tl._name_words.cache_clear()
    tl._joined.cache_clear()
    tl._AR_PAIRS.clear()


# -- the edit distance ------------------------------------------------------------------

def _random_words(alphabet: str, n: int, seed: int) -> list[tuple[str, str]]:
    rnd = random.Random(seed)
    pairs = []
    for _ in range(n):
        a = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 10)))
        # related words too: shared prefixes and suffixes, a few edits
        if rnd.random() < 0.5:
            b = list(a)
        else:
            b = [rnd.choice(alphabet) for _ in range(rnd.randint(0, 10))]
        for _ in range(rnd.randint(0, 3)):
            if b and rnd.random() < 0.5:
                b[rnd.randrange(len(b))] = rnd.choice(alphabet)
            else:
                b.insert(rnd.randint(0, len(b)), rnd.choice(alphabet))
        pairs.append((a, "".join(b)))
    return pairs


CASES = [("اويةهعبتنسل", tl._AR_WEAK), ("aeiouybcdk", tl._LAT_VOWELS), ("ab", tl._LAT_VOWELS)]


@pytest.mark.parametrize("alphabet,weak", CASES)
def test_weighted_edit_is_the_float_dp(alphabet, weak):
    for a, b in _random_words(alphabet, 3000, seed=len(alphabet)):
        assert tl._weighted_edit(a, b, weak) == ref_weighted_edit(a, b, weak), (a, b)
        assert tl._edit_similarity(a, b, weak) == ref_edit_similarity(a, b, weak), (a, b)
        assert tl._weighted_edit(a, b, weak) == tl._weighted_edit(b, a, weak)


@pytest.mark.parametrize("alphabet,weak", CASES)
def test_batched_edit_is_the_float_dp(alphabet, weak):
    pairs = [(a, b) for a, b in _random_words(alphabet, 2000, seed=7) if a and b]
    for size in (1, 5, len(pairs)):
        dists, sims = [], []
        for i in range(0, len(pairs), size):
            dists += tl._weighted_edits_halves(pairs[i:i + size], weak)[0]
            sims += tl._edit_similarities(pairs[i:i + size], weak)
        assert [d / 2 for d in dists] == [ref_weighted_edit(a, b, weak) for a, b in pairs]
        assert sims == [ref_edit_similarity(a, b, weak) for a, b in pairs]


def test_batched_pairs_give_the_same_similarities():
    words = _random_words("اويةهعبتنسلأإىآ", 500, seed=3)
    pairs = [(a, b) for a, b in words if a and b]
    clear_memos()
    tl._prefetch_arabic_pairs(pairs)
    assert len(tl._AR_PAIRS) >= tl._AR_BATCH_MIN
    for a, b in pairs:
        assert tl._folded_similarity(a, b) == ref_edit_similarity(a, b, tl._AR_WEAK)


# -- names --------------------------------------------------------------------------------

NAMES = [
    ("وزير الخارجية السعودي الأمير سعود الفيصل", "ar"), ("سعود الفيصل", "ar"), ("الفيصل", "ar"),
    ("خادم الحرمين الشريفين", "ar"), ("الملك عبدالله بن عبدالعزيز", "ar"),
    ("عبد الله بن عبد العزيز", None), ("وانغ يي", "ar"), ("وان غيي", "ar"), ("شي جين بينغ", None),
    ("شی جین‌پینگ", "fa"), ("تاکایف", "fa"), ("توكاييف", None), ("Tokayev", None),
    ("Токаев", "ru"), ("Сергей Лавров", "ru"), ("Sergei Lavrov", "en"), ("Lavrov Sergei", None),
    ("Xi Jinping", "en"), ("Abdullah bin Abdulaziz", None), ("Tokayev توكاييف", None), ("", None),
    ("!!!", None), ("الأمم المتحدة", "ar"), ("الامم المتحده", "ar"), ("أ", "ar"),
]


def test_name_similarity_is_the_plain_definition():
    pairs = [(a, b, la, lb) for a, la in NAMES for b, lb in NAMES]
    want = [ref_name_similarity(*p) for p in pairs]
    clear_memos()
    cold = [tl.name_similarity(*p) for p in pairs]
    warm = [tl.name_similarity(*p) for p in reversed(pairs)][::-1]
    clear_memos()
    tl._prefetch_names(pairs)
    prefetched = [tl.name_similarity(*p) for p in pairs]
    assert cold == want
    assert warm == want
    assert prefetched == want


def test_unhashable_language_bypasses_the_memo():
    assert tl.name_similarity("Tokayev", "Tokaev", ["en"], None) == \
        tl.name_similarity("Tokayev", "Tokaev", "en", None)
    assert tl.skeleton("Tokayev", ["en"]) == tl.skeleton("Tokayev")


@pytest.mark.parametrize("name,lang",
                         NAMES + [("  ", None), ("Żółć Ørsted", None), ("x-y z", "ru")])
def test_skeleton_is_the_plain_definition(name, lang):
    want = " ".join(s for s in (tl._skeleton_word(w) for w in tl.romanize(name, lang).split()) if s)
    clear_memos()
    assert tl.skeleton(name, lang) == want
    assert tl.skeleton(name, lang) == want


def test_model_swap_empties_the_model_memos():
    model = tl.load_model()
    before = tl.name_similarity("توكاييف", "Tokayev")
    assert tl._sig_similarity.cache_info().currsize > 0
    try:
        tl._MODEL = tl.load_model(tl.MODEL_PATH)     # another model object
        assert tl.name_similarity("توكاييف", "Tokayev") == before
        assert tl._sig_similarity.cache_info().currsize == 1
        assert tl._MEMO_MODEL is tl._MODEL
    finally:
        tl._MODEL = model


@pytest.mark.parametrize("batch_min", [1, tl._AR_BATCH_MIN, 10**9])
def test_name_index_ranks_with_the_plain_similarities(batch_min, monkeypatch):
    monkeypatch.setattr(tl, "_AR_BATCH_MIN", batch_min)    # batched, as shipped, one by one
    names = ["وزير الخارجية", "وزير الداخلية", "سعود الفيصل", "الأمير سعود الفيصل", "Tokayev",
             "الأمم المتحدة", "مجلس الأمن", "الأمير سعود", "وزارة الخارجية السعودية"]
    index = tl.NameIndex(names)
    for query in ("وزير الخارجيه", "الأمير سعود الفيصل", "الامم المتحده", "سعود"):
        clear_memos()
        got = index.rank(query, "ar", k=len(names))
        assert got
        for name, score in got:
            assert score == ref_name_similarity(query, name, "ar", None), (query, name)


def test_kb_lookup_memo_gives_fresh_equal_lists():
    from khabar.kb import knowledge_base

    kb = knowledge_base()
    for surface, lang in [("وروسيا", "ar"), ("Russia's", None), ("WHO", None), ("who", None),
                          ("Лаврова", "ru"), ("لا شيء هنا", "ar")]:
        for fallbacks, call in ((True, kb.lookup), (False, kb.lookup_exact)):
            want = kb._find(surface, lang, fallbacks)
            first = call(surface, lang)
            assert first == want
            first.append(None)
            assert call(surface, lang) == want


# -- the upper bound that lets ranking skip candidates --------------------------------

def _random_arabic_names(n: int, seed: int) -> list[tuple[str, str]]:
    """Pairs of Arabic-script names of 1-4 words: unrelated, or one a
    respelling of the other (letters changed, words joined, split, moved)."""
    rnd = random.Random(seed)
    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهويىةءأإآؤئپچژگکی"
    words = ["".join(rnd.choice(letters) for _ in range(rnd.randint(1, 7))) for _ in range(60)]
    pairs = []
    for _ in range(n):
        a = [rnd.choice(words) for _ in range(rnd.randint(1, 4))]
        if rnd.random() < 0.6:
            b = list(a)
            for _ in range(rnd.randint(0, 3)):
                k = rnd.randrange(len(b))
                w = list(b[k])
                w.insert(rnd.randint(0, len(w)), rnd.choice(letters))
                b[k] = "".join(w)
            if len(b) > 1 and rnd.random() < 0.3:
                k = rnd.randrange(len(b) - 1)
                b[k:k + 2] = [b[k] + b[k + 1]]
            if len(b) > 1 and rnd.random() < 0.3:
                b = b[1:] + b[:1]
        else:
            b = [rnd.choice(words) for _ in range(rnd.randint(1, 4))]
        pairs.append((" ".join(a), " ".join(b)))
    return pairs


def test_letter_bag_bound_is_never_below_the_similarity():
    pairs = _random_arabic_names(1500, 7)
    pairs += [(a, b) for a, la in NAMES for b, lb in NAMES
              if la in ("ar", "fa", None) and tl._name_bags(a, la) and tl._name_bags(b, lb)]
    below = 0
    for a, b in pairs:
        qa, qb = tl._name_bags(a, "ar"), tl._name_bags(b, None)
        if qa is None or qb is None:
            continue
        bound = float(tl._similarity_bounds(qa, [qb])[0])
        assert bound + 1e-9 >= ref_name_similarity(a, b, "ar", None), (a, b)
        below += bound < 0.72
    # a bound of 1.0 everywhere would pass the line above: it must also prune
    assert below > len(pairs) / 3


def test_bounds_of_many_candidates_are_those_of_each_alone():
    pairs = _random_arabic_names(200, 11)
    query = tl._name_bags(pairs[0][0], "ar")
    cands = [tl._name_bags(b, None) for _, b in pairs]
    cands = [c for c in cands if c is not None]
    together = tl._similarity_bounds(query, cands)
    alone = [float(tl._similarity_bounds(query, [c])[0]) for c in cands]
    assert together.tolist() == alone


def test_ranking_with_a_floor_keeps_every_candidate_above_it():
    names = sorted({b for _, b in _random_arabic_names(400, 3)} | {a for a, la in NAMES})
    index = tl.NameIndex(names, pool=100)
    index.SLOW_POOL = 40
    queries = [a for a, _ in _random_arabic_names(80, 5)] + ["وزير الخارجيه", "عبد الله"]
    skipped = 0
    for query in queries:
        full = index.rank(query, "ar", k=len(names))
        floored = index.rank(query, "ar", k=len(names), floor=0.72)
        assert [x for x in floored if x[1] >= 0.72] == [x for x in full if x[1] >= 0.72]
        skipped += sum(1 for x in full if x[1] > 0) - sum(1 for x in floored if x[1] > 0)
    assert skipped > 0          # the floor was used


def test_closed_form_alignments_are_the_plain_definition():
    """One token against several, and two against two, are aligned in closed
    form: the scores must be the dynamic program's, bit for bit."""
    pairs = _random_arabic_names(1200, 13)
    rnd = random.Random(13)
    latin = ["sergei", "lavrov", "wang", "yi", "abdel", "fattah", "sisi", "ab", "x"]
    pairs += [(" ".join(rnd.sample(latin, rnd.randint(1, 3))), b) for _, b in pairs[:300]]
    pairs += [(" ".join(rnd.sample(latin, rnd.randint(1, 3))),
               " ".join(rnd.sample(latin, rnd.randint(1, 3)))) for _ in range(300)]
    clear_memos()
    got = [tl.name_similarity(a, b, "ar", None) for a, b in pairs]
    want = [ref_name_similarity(a, b, "ar", None) for a, b in pairs]
    assert got == want
    shapes = {(len(a.split()), len(b.split())) for a, b in pairs}
    assert {(1, 2), (2, 1), (2, 2), (1, 3), (3, 1)} <= shapes
