"""Properties of khabar.normalize on generated text (hypothesis).

The strategies mix Arabic, Persian, Latin and Cyrillic letters with their
variants, diacritics, digits of three scripts, punctuation, ZWNJ, invisible
controls, and Persian morphemes (so the ZWNJ rules fire often).
"""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khabar import normalize
from khabar.normalize import key, key_mapped, orthographic, orthographic_mapped, repair_zwnj, tokens

CHARS = (
    "ابتثجحخدذرسشصضطظعغفقلمنهوي"       # Arabic letters
    "أإآٱىیئکكةۀؤء"                      # variants the key folds
    "پچژگ"                              # Persian-only letters
    "\u064b\u064c\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0670\u06d6"  # marks
    "\u0640\u200c\u200d\u200f\u202b\u202c\ufeff\u00ad"                      # tatweel, invisibles
    "AaZzéÉ\u0301ßİıΣσς"                # Latin, Greek, combining acute
    "ЁёЙйАяИ\u0306"                      # Cyrillic, combining breve
    "09٠٩۰۹٫٬"                          # digits and Arabic separators
    ".,،؛؟!?«»“”()-…:۔"                 # punctuation
    " \n\t\u00a0"                       # whitespace
    "ﻻﷺﺍﻟ①ﬁ한\u1100\u1161"              # compatibility forms, Hangul jamo
)
MORPHEMES = (
    "می", "نمی", "ها", "های", "هایی", "هایش", "کند", "شود", "شد", "توان", "شده", "دیده",
    "کشیده", "یافته", "بین", "ال", "فوق", "خانه", "هسته", "ای", "اند", "کرده", "میان",
    "میلاد", "تنها", "انته", "سال", "کتاب", "همکاری", "ی", "ه", " ", "\u200c", "ً",
)

mixed_text = st.lists(
    st.one_of(st.sampled_from(CHARS), st.sampled_from(MORPHEMES)), max_size=40,
).map("".join)
any_text = st.one_of(mixed_text, st.text(max_size=40))
langs = st.sampled_from([None, "fa", "ar", "en", "ru"])

PROPS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_offsets(mapped, original: str) -> None:
    """Offsets: one per character plus the end sentinel, non-decreasing, in range."""
    offs = mapped.offsets
    assert len(offs) == len(mapped.text) + 1
    assert offs[-1] == len(original)
    assert all(0 <= o <= len(original) for o in offs)
    assert all(a <= b for a, b in zip(offs, offs[1:]))


@PROPS
@given(any_text, langs)
def test_key_is_idempotent(text, lang):
    k = key(text, lang)
    assert key(k, lang) == k


@PROPS
@given(any_text, langs)
def test_key_mapped_text_equals_key(text, lang):
    assert key_mapped(text, lang).text == key(text, lang)


@PROPS
@given(any_text, langs)
def test_key_mapped_offsets(text, lang):
    m = key_mapped(text, lang)
    assert_offsets(m, text)
    n = len(m.text)
    for a, b in ((0, n), (0, n // 2), (n // 3, n)):
        s, e = m.span_to_original(a, b)
        assert 0 <= s <= e <= len(text)


@PROPS
@given(any_text, langs)
def test_key_shape(text, lang):
    k = key(text, lang)
    assert k == k.strip() and "  " not in k
    assert tokens(text, lang) == k.split()


@PROPS
@given(any_text)
def test_repair_zwnj_is_idempotent(text):
    once = repair_zwnj(text)
    assert repair_zwnj(once) == once


@PROPS
@given(any_text)
def test_repair_zwnj_only_adds_zwnj(text):
    once = repair_zwnj(text)
    # Only ZWNJs are added, and spaces turned into ZWNJ; letters never change.
    strip = lambda s: "".join(c for c in s if not c.isspace() and c != "\u200c")
    assert strip(once) == strip(text)


@PROPS
@given(any_text, langs)
def test_orthographic_is_idempotent(text, lang):
    once = orthographic(text, lang)
    assert orthographic(once, lang) == once


@PROPS
@given(any_text, langs)
def test_orthographic_mapped(text, lang):
    m = orthographic_mapped(text, lang)
    assert m.text == orthographic(text, lang)
    assert_offsets(m, text)


@PROPS
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30).map(
    lambda s: unicodedata.normalize("NFD", s)))
def test_orthographic_mapped_on_decomposed_text(text):
    m = orthographic_mapped(text)
    assert m.text == orthographic(text)
    assert_offsets(m, text)


@pytest.mark.parametrize("block", range(0, 0x30000, 0x4000))
def test_every_character_key_is_a_fixed_point(block):
    """The per-character key table is idempotent over the BMP and planes 1-2,
    which is what makes key() idempotent."""
    for cp in range(block, block + 0x4000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        value = normalize._key_char(chr(cp))
        for ch in value:
            assert normalize._key_char(ch) == ch, (hex(cp), value)


def test_fast_translate_matches_table():
    """The code-page fast path and the table agree on every Windows-1256 and
    Windows-1251 character (and on a few that need the fallback)."""
    for codec in ("cp1256", "cp1251"):
        chars = "".join(bytes([b]).decode(codec, errors="ignore") for b in range(256))
        assert normalize._key_translate(chars) == chars.translate(normalize._KEY_TABLE)
    extra = "ی۱ۀ½µß한ﷺ" + chr(sys.maxunicode)
    assert normalize._key_translate(extra) == extra.translate(normalize._KEY_TABLE)
