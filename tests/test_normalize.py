"""khabar.normalize: display form, matching key, Persian ZWNJ repair, offsets.

Examples are ordinary words written for these tests; the seed articles are
read from ../shared at run time.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from khabar.normalize import (
    Mapped, key, key_mapped, orthographic, orthographic_mapped, repair_zwnj, tokens,
)

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"
ZWNJ = "\u200c"
needs_seeds = pytest.mark.skipif(not SEEDS.exists(), reason="../shared/corpus/seeds is missing")


def seed_text(n: int) -> str:
    return next(SEEDS.glob(f"{n:03d}_*.txt")).read_text(encoding="utf-8")


def z(s: str) -> str:
    """Write ZWNJ as '+' in test literals: 'می+کند' -> 'می\u200cکند'."""
    return s.replace("+", ZWNJ)


def as_word(word: str, text: str) -> bool:
    """Whether ``word`` occurs in ``text`` as a whole word (ZWNJ is inside words)."""
    return re.search(f"(?<![\\w{ZWNJ}]){re.escape(word)}(?![\\w{ZWNJ}])", text) is not None


# --- key: Arabic script ------------------------------------------------------

@pytest.mark.parametrize("marked, plain", [
    ("كِتَابٌ", "كتاب"),            # fatha, kasra, dammatan
    ("مُحَمَّدٌ", "محمد"),           # shadda
    ("سَمَاوَاتٍ", "سماوات"),        # kasratan
    ("رَحْمٰن", "رحمن"),             # superscript alef
    ("قُرْآنًا", "قرانا"),            # sukun, madda, fathatan
])
def test_key_removes_harakat(marked, plain):
    assert key(marked) == key(plain) == plain


def test_key_removes_tatweel():
    assert key("جميـــل") == "جميل"


@pytest.mark.parametrize("variant", ["أحمد", "إحمد", "آحمد", "ٱحمد", "احمد"])
def test_key_folds_alef_forms(variant):
    assert key(variant) == "احمد"


@pytest.mark.parametrize("variant", ["مستشفى", "مستشفی", "مستشفي"])
def test_key_folds_yeh_forms(variant):
    assert key(variant) == "مستشفي"


def test_key_folds_yeh_with_hamza():
    assert key("مسئول") == key("مسيول")


def test_key_folds_kaf():
    assert key("کتاب") == key("كتاب") == "كتاب"


@pytest.mark.parametrize("variant", ["مدرسة", "مدرسه", "مدرسۀ"])
def test_key_folds_teh_marbuta_and_heh_yeh(variant):
    assert key(variant) == "مدرسه"


def test_key_folds_waw_with_hamza():
    assert key("مؤتمر") == key("موتمر")


def test_key_unfolds_presentation_forms_and_ligatures():
    # Arabic presentation forms (old PDFs, some CMSs) and the lam-alef ligature.
    assert key("ﺍﻟﺴﻼﻡ") == key("السلام")
    assert key("ﻻ") == "لا"


def test_key_kazakhstan_with_diacritics_and_tatweel():
    plain = "كازاخستان"
    for form in ("كَازَاخِسْتَانَ", "كـازاخـسـتان", "كَـازَاخْـسْتَانُ", "كازاخستان"):
        assert key(form) == key(plain) == plain


@pytest.mark.parametrize("digits, ascii_digits", [
    ("٢٠٢٢", "2022"), ("۱۴۰۰", "1400"), ("١١ يناير ٢٠٢٢", "11 يناير 2022"),
    ("۱۷ دی ۱۴۰۰", "17 دي 1400"),
])
def test_key_digits_to_ascii(digits, ascii_digits):
    assert key(digits) == ascii_digits


def test_key_keeps_separators_between_digits_only():
    assert key("٣٫٥ مليون") == "3.5 مليون"
    assert key("2,000 جندي.") == "2,000 جندي"
    assert key("قال، ثم سأل؟") == "قال ثم سال"


def test_key_punctuation_to_space():
    assert key("«الصين»، قال: نعم؛ لماذا؟ “نعم” (لا) - إلخ...") == "الصين قال نعم لماذا نعم لا الخ"


def test_key_collapses_whitespace():
    assert key("  الصين \n\t و   روسيا  ") == "الصين و روسيا"


def test_key_removes_invisible_controls():
    assert key("\u200fالصين\u200e\u200b") == "الصين"


# --- key: Latin and Cyrillic --------------------------------------------------

def test_key_casefolds_latin_and_strips_accents():
    assert key("Erdoğan MEETS Müller") == "erdogan meets muller"


def test_key_russian_yo_and_short_i():
    assert key("Ёлка") == key("елка") == "елка"
    assert key("ЙОД") == "йод"  # й is a letter, not и with an accent
    assert key("Путин заявил: «Всё!»") == "путин заявил все"


def test_key_english_punctuation():
    assert tokens("The U.S. Secretary's call, on Monday.") == ["the", "u", "s", "secretary", "s", "call", "on", "monday"]


# --- key: Persian --------------------------------------------------------------

def test_key_zwnj_is_a_token_boundary():
    assert key(z("همکاری+های")) == "همكاري هاي"
    assert key("همکاریهای", "fa") == "همكاري هاي"
    assert "همكاري" in tokens(z("همکاری+های دو کشور"))


def test_key_query_finds_glued_persian_word():
    query = tokens("همکاری")[0]
    assert query in tokens("همکاریهای دو کشور گسترش مییابد", "fa")


def test_key_detects_persian_without_lang():
    # پ چ ژ گ mark Persian: the glued plural is cut without lang="fa".
    assert tokens("گروههای مسلح در پکن") == ["گروه", "هاي", "مسلح", "در", "پكن"]


def test_key_does_not_cut_arabic_words():
    # -ها is the Arabic pronoun "her/its": قيادتها is one word.
    arabic = "دعم قيادتها وجارتها"
    assert key(arabic) == key(arabic, "ar") == "دعم قيادتها وجارتها"


def test_key_of_arabic_with_one_foreign_name_is_not_persian():
    # One گ in a long Arabic text does not switch on the Persian rules.
    text = "قال غوتيريش إن قيادتها تدعم جارتها في المنطقة وأكد الأمين العام أنها تعمل " * 3 + "گ"
    assert "قيادتها" in tokens(text)


def test_key_arabic_and_persian_spellings_meet():
    assert key("کشورهای آسیای میانه", "fa") == key("كشورهاي آسياي ميانه", "fa")
    assert key("رئیس جمهور") == key("رئيس جمهور")


# --- orthographic ----------------------------------------------------------------

def test_orthographic_nfc():
    assert orthographic("e\u0301") == "é"
    assert orthographic("ا\u0653") == "آ"  # alef + combining madda


def test_orthographic_keeps_diacritics_and_digits():
    text = "جدّدت الصين موقفها في ٢٠٢٢ و۱۴۰۰"
    assert orthographic(text, "ar") == text


def test_orthographic_removes_kashida_keeps_dash_tatweel():
    assert orthographic("جميـــل") == "جميل"
    # In Iranian datelines a free-standing tatweel is a dash.
    assert orthographic("تهران ـ ایرنا", "fa") == "تهران ـ ایرنا"


def test_orthographic_removes_bidi_and_zero_width():
    assert orthographic("\u202bالصين\u202c\u200f \ufeffروسيا\u200b") == "الصين روسيا"


def test_orthographic_persian_letters():
    assert orthographic("كتاب علي", "fa") == "کتاب علی"
    assert orthographic("مستشفى", "fa") == "مستشفی"


def test_orthographic_persian_detected_without_lang():
    assert orthographic("پزشكي") == "پزشکی"


def test_orthographic_arabic_keheh_and_medial_farsi_yeh():
    assert orthographic("کتاب", "ar") == "كتاب"
    assert orthographic("سینا", "ar") == "سينا"
    assert orthographic("مستشفی", "ar") == "مستشفی"  # final: could be ى, left alone


def test_orthographic_zwnj_kept_in_persian_dropped_elsewhere():
    assert orthographic(z("می+کند"), "fa") == z("می+کند")
    assert orthographic(z("a+b"), "en") == "ab"
    assert orthographic(z("الصين+"), "ar") == "الصين"
    assert orthographic(z("می++کند +"), "fa") == z("می+کند ")  # runs and strays


def test_orthographic_is_idempotent_on_examples():
    for text in ("كتـاب عليّ", "پزشكي‌ها", z("می کند+ ـ"), "e\u0301\u0301"):
        once = orthographic(text)
        assert orthographic(once) == once


# --- ZWNJ repair: one rule at a time ---------------------------------------------

@pytest.mark.parametrize("glued, repaired", [
    ("میکند", "می+کند"), ("میشود", "می+شود"), ("میرفت", "می+رفت"),
    ("میخواهیم", "می+خواهیم"), ("میکردی", "می+کردی"), ("نمیتوان", "نمی+توان"),
    ("نمیدانند", "نمی+دانند"), ("مییابد", "می+یابد"), ("میداند", "می+داند"),
])
def test_repair_verb_prefix(glued, repaired):
    assert repair_zwnj(glued) == z(repaired)


@pytest.mark.parametrize("word", [
    "میان", "میز", "میزان", "میلیون", "میلیارد", "میدان", "میهن", "میوه", "میراث",
    "میلاد", "میلادی", "میهمان", "میزبان", "میانه", "میکروب", "میلیاردی",
    "میزبانی", "میکروسکوپ", "میلیمتر", "میانجی", "میم", "میل",
])
def test_repair_leaves_mi_nouns(word):
    assert repair_zwnj(word) == word


@pytest.mark.parametrize("glued, repaired", [
    ("کتابها", "کتاب+ها"), ("کشورهای", "کشور+های"), ("دانشگاههایی", "دانشگاه+هایی"),
    ("کتابهایش", "کتاب+هایش"), ("دوستانهایشان", "دوستان+هایشان"),
    ("همکاریهای", "همکاری+های"), ("سالها", "سال+ها"), ("شهرهایمان", "شهر+هایمان"),
])
def test_repair_plural_suffix(glued, repaired):
    assert repair_zwnj(glued) == z(repaired)


@pytest.mark.parametrize("word", ["تنها", "تنهایی", "انتها", "انتهای", "بها", "رها", "شبها", "اینها", "آنها"])
def test_repair_leaves_words_ending_in_ha(word):
    # Short stems (< 3 letters) and listed words that merely end in ها.
    assert repair_zwnj(word) == word


@pytest.mark.parametrize("glued, repaired", [
    ("بینالملل", "بین+الملل"), ("بینالمللی", "بین+المللی"), ("فوقالعاده", "فوق+العاده"),
    ("تحتالشعاع", "تحت+الشعاع"),
])
def test_repair_arabic_article_compounds(glued, repaired):
    assert repair_zwnj(glued) == z(repaired)


@pytest.mark.parametrize("glued, repaired", [
    ("آموزشدیده", "آموزش+دیده"), ("هماهنگشده", "هماهنگ+شده"), ("خشونتکشیده", "خشونت+کشیده"),
    ("سازمانیافته", "سازمان+یافته"), ("جنگزده", "جنگزده"), ("ازپیشتعیینشده", "ازپیشتعیین+شده"),
    ("دستگیرکرده", "دستگیر+کرده"), ("فرارسیده", "فرارسیده"), ("دریافته", "دریافته"),
    ("بازیافته", "بازیافته"), ("نشده", "نشده"),
])
def test_repair_participle_compounds(glued, repaired):
    assert repair_zwnj(glued) == z(repaired)


@pytest.mark.parametrize("glued, repaired", [
    ("خانهای", "خانه+ای"), ("هستهای", "هسته+ای"), ("منطقهای", "منطقه+ای"),
    ("برنامهاش", "برنامه+اش"), ("رسانهای", "رسانه+ای"),
])
def test_repair_silent_heh_clitic(glued, repaired):
    assert repair_zwnj(glued) == z(repaired)


def test_repair_heh_ambiguity_prefers_plural_for_unlisted_words():
    assert repair_zwnj("سازمانهای") == z("سازمان+های")  # not سازمانه‌ای
    assert repair_zwnj("گروههای") == z("گروه+های")


@pytest.mark.parametrize("glued, repaired", [
    ("کردهاند", "کرده+اند"), ("شدهاند", "شده+اند"), ("گفتهایم", "گفته+ایم"),
])
def test_repair_perfect_clitics(glued, repaired):
    assert repair_zwnj(glued) == z(repaired)


def test_repair_leaves_word_ending_like_a_clitic():
    assert repair_zwnj("اتهام") == "اتهام"


def test_repair_spaced_prefix_and_plural():
    assert repair_zwnj("آنها می شوند و نمی توانند") == z("آنها می+شوند و نمی+توانند")
    assert repair_zwnj("ناآرامی ها و واحد های ارتش") == z("ناآرامی+ها و واحد+های ارتش")
    assert repair_zwnj("می ماند") == z("می+ماند")
    assert repair_zwnj("نوشیدن می خوب") == "نوشیدن می خوب"  # می (wine) before a non-verb


def test_repair_combined_rules_in_one_word():
    assert repair_zwnj("میشدهاند") == z("می+شده+اند")
    assert repair_zwnj("آموزشدیدههای") == z("آموزش+دیده+های")


def test_repair_never_touches_words_with_zwnj():
    for text in (z("می+کندها"), z("کتاب+هایشانها"), z("همکاری+هایمیکند")):
        assert repair_zwnj(text) == text


def test_repair_handles_arabic_letters_and_diacritics():
    assert repair_zwnj("ميكند") == z("مي+كند")
    assert repair_zwnj("کتابهاً") == z("کتاب+هاً")
    assert repair_zwnj("میکُند") == z("می+کُند")


def test_repair_ignores_overlong_letter_runs():
    garbage = "می" * 2000 + "کند"
    assert repair_zwnj(garbage) == garbage
    assert key(garbage, "fa") == key(garbage, "ar")


def test_repair_is_idempotent_on_examples():
    for text in ("میکند کتابها می شوند", "میمیرد", "بینالمللیها", "ناآرامی ها ها"):
        once = repair_zwnj(text)
        assert repair_zwnj(once) == once


def test_orthographic_does_not_repair_arabic():
    arabic = "قالت قيادتها إن المنظمة تعمل على مساعدتها"
    assert orthographic(arabic, "ar") == arabic
    assert orthographic(arabic) == arabic


# --- seeds ------------------------------------------------------------------------

@needs_seeds
def test_seed_003_zwnj_repaired():
    text = orthographic(seed_text(3), "fa")
    for word in ("می+کند", "همکاری+های", "بین+الملل", "گروه+های", "آموزش+دیده",
                 "هماهنگ+شده", "خشونت+کشیده", "ناآرامی+های", "سرویس+های", "طرف+های"):
        assert as_word(z(word), text), word
    for glued in ("میکند", "همکاریهای", "بینالملل"):
        assert not as_word(glued, text), glued


@needs_seeds
def test_seed_003_key_matches_query():
    keyed = tokens(seed_text(3))  # detected as Persian without a language
    for query in ("همکاری", "بین‌الملل", "می‌کند", "آموزش‌دیده"):
        q = tokens(query)
        assert any(keyed[i:i + len(q)] == q for i in range(len(keyed))), query


@needs_seeds
def test_seed_000_kazakhstan_key():
    text = seed_text(0)
    assert "كازاخستان" in tokens(text)
    assert key("كازاخستان") in key(text)


@needs_seeds
@pytest.mark.parametrize("n", range(5))
def test_seed_key_idempotent_and_mapped(n):
    text = seed_text(n)
    k = key(text)
    assert key(k) == k
    assert key_mapped(text).text == k
    assert orthographic_mapped(text).text == orthographic(text)


# --- offsets ---------------------------------------------------------------------

def _check_key_offsets(text: str, lang: str | None = None) -> None:
    """Every letter or digit of the key comes from an original character whose
    own key contains it."""
    m = key_mapped(text, lang)
    assert len(m.offsets) == len(m.text) + 1 and m.offsets[-1] == len(text)
    for i, ch in enumerate(m.text):
        if ch.isalnum():
            source = text[m.offsets[i]]
            assert ch in key(source), (i, ch, source)


@pytest.mark.parametrize("text", [
    "كَـازَاخِسْتَانُ: ٣٫٥ مليون «نسمة»",
    "ﷺ ﻻ Ёлка Erdoğan",
    "همکاریهای بینالمللی میکند",
    "  a  b  ",
])
def test_key_offsets_point_to_sources(text):
    _check_key_offsets(text, "fa" if "همکاری" in text else None)


@needs_seeds
@pytest.mark.parametrize("n", range(5))
def test_seed_key_offsets_point_to_sources(n):
    _check_key_offsets(seed_text(n))


def test_span_to_original_recovers_the_written_word():
    text = "قال إن كَازَاخِسْتَانَ مستعدة"
    m = key_mapped(text)
    i = m.text.index("كازاخستان")
    s, e = m.span_to_original(i, i + len("كازاخستان"))
    assert text[s:e] == "كَازَاخِسْتَانَ"


def test_span_to_original_of_an_expansion_covers_its_source():
    m = key_mapped("x ﷺ y")
    i = m.text.index("الله")
    assert m.span_to_original(i, i + 4) == (2, 3)


def test_span_to_original_of_an_inserted_cut():
    text = "گفت میکند"
    m = key_mapped(text, "fa")
    i = m.text.index("كند")
    assert text[slice(*m.span_to_original(i, i + 3))] == "کند"


def test_orthographic_offsets():
    text = "ا\u0653ب كتـــاب \u200fمیکند"
    m = orthographic_mapped(text, "fa")
    assert m.text == orthographic(text, "fa")
    assert m.offsets[-1] == len(text)
    # Each kept character maps to itself, or to what it was composed from.
    for i, ch in enumerate(m.text):
        source = text[m.offsets[i]]
        assert ch in (source, ZWNJ, "آ", "ی", "ک"), (i, ch, source)
    i = m.text.index("کتاب")
    assert text[slice(*m.span_to_original(i, i + 4))] == "كتـــاب"


def test_mapped_is_frozen():
    m = Mapped("ab", [0, 1, 2])
    with pytest.raises(AttributeError):
        m.text = "x"  # type: ignore[misc]
    assert m.span_to_original(0, 0) == (0, 0)
    assert m.span_to_original(5, 9) == (2, 2)
