"""khabar.sentences.split: rules per language, and invariants on the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from khabar.sentences import split

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"
needs_seeds = pytest.mark.skipif(not SEEDS.exists(), reason="../shared/corpus/seeds is missing")


def sents(text: str, lang: str | None = None, **kw) -> list[str]:
    return [text[s:e] for s, e in split(text, lang=lang, **kw)]


def check_spans(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> None:
    """Spans are non-empty, trimmed, inside [start, end), ordered, disjoint."""
    end = len(text) if end is None else end
    previous = start
    for s, e in spans:
        assert previous <= s < e <= end
        piece = text[s:e]
        assert piece.strip() == piece and piece
        previous = e


# --- English ------------------------------------------------------------------

def test_english_basic():
    assert sents("The talks ended. Both sides left! Was it a success? Nobody knows.") == [
        "The talks ended.", "Both sides left!", "Was it a success?", "Nobody knows."]


def test_english_abbreviations_and_initials():
    text = ("Mr. Blinken met Gen. Smith and Dr. Lee at St. Mary's on Jan. 10. "
            "J. K. Rowling was not there. The U.S. Sen. Brown said no. Then he left.")
    assert sents(text, "en") == [
        "Mr. Blinken met Gen. Smith and Dr. Lee at St. Mary's on Jan. 10.",
        "J. K. Rowling was not there.",
        "The U.S. Sen. Brown said no.",
        "Then he left."]


def test_english_words_that_look_like_abbreviations_end_sentences():
    assert sents("She studied art. Then she left. See Fig. 3 for details.", "en") == [
        "She studied art.", "Then she left.", "See Fig. 3 for details."]


def test_english_numbers_never_split():
    assert sents("Prices rose 3.5 percent to $2,000. Sales fell.") == [
        "Prices rose 3.5 percent to $2,000.", "Sales fell."]


def test_english_quotes_belong_to_their_sentence():
    text = "“We are ready to help.” The minister left. He asked: “Why now?” and sat down."
    assert sents(text) == [
        "“We are ready to help.”", "The minister left.", "He asked: “Why now?” and sat down."]


def test_english_lowercase_continuation():
    assert sents("Really? he asked. Wait... maybe not.") == ["Really? he asked.", "Wait... maybe not."]


def test_english_ellipsis_in_brackets_is_an_omission():
    assert sents("He said the plan (...) was final. Next.") == ["He said the plan (...) was final.", "Next."]


# --- Arabic -------------------------------------------------------------------

def test_arabic_basic_with_question_mark():
    text = "أعلنت الوزارة عن خطة جديدة. هل تنجح الخطة؟ الجواب غير واضح."
    assert sents(text, "ar") == ["أعلنت الوزارة عن خطة جديدة.", "هل تنجح الخطة؟", "الجواب غير واضح."]


def test_arabic_comma_and_semicolon_do_not_split():
    text = "قال الوزير، في بيان، إن الوضع مستقر؛ لكن الحذر واجب."
    assert sents(text, "ar") == [text]


def test_arabic_guillemets_close_inside_sentence():
    text = "وقال المتحدث: «الوضع خطير ويجب التحرك». وأضاف أن الاجتماع سيعقد غدا."
    assert sents(text, "ar") == ["وقال المتحدث: «الوضع خطير ويجب التحرك».", "وأضاف أن الاجتماع سيعقد غدا."]


def test_arabic_curly_quotes_without_end_stay_whole():
    text = "أكد الوزير أن “الصين مستعدة لتقديم الدعم” وفق ما نقلت الوكالة."
    assert sents(text) == [text]


def test_arabic_single_letter_abbreviation():
    text = "التقى الوزير د. أحمد سالم في القاهرة. ثم غادر."
    assert sents(text, "ar") == ["التقى الوزير د. أحمد سالم في القاهرة.", "ثم غادر."]


def test_arabic_decimal_in_arabic_digits():
    text = "بلغ النمو ٣.٥ بالمئة هذا العام. وهو رقم قياسي."
    assert sents(text, "ar") == ["بلغ النمو ٣.٥ بالمئة هذا العام.", "وهو رقم قياسي."]


# --- Persian ------------------------------------------------------------------

def test_persian_question_mark_and_quotes():
    text = "سخنگو گفت: «ما آماده همکاری هستیم.» آیا این موضع تغییر می‌کند؟ هنوز معلوم نیست."
    assert sents(text, "fa") == [
        "سخنگو گفت: «ما آماده همکاری هستیم.»", "آیا این موضع تغییر می‌کند؟", "هنوز معلوم نیست."]


def test_persian_quote_followed_by_period():
    text = "وزیر گفت «این یک موضوع داخلی است». سپس جلسه پایان یافت."
    assert sents(text, "fa") == ["وزیر گفت «این یک موضوع داخلی است».", "سپس جلسه پایان یافت."]


def test_persian_era_abbreviation():
    text = "این بنا در سال ۱۳۰۰ ه.ش ساخته شد. اکنون موزه است."
    assert sents(text, "fa") == ["این بنا در سال ۱۳۰۰ ه.ش ساخته شد.", "اکنون موزه است."]


# --- Russian ------------------------------------------------------------------

def test_russian_initials_and_abbreviations():
    text = ("В. В. Путин прибыл в г. Москву 10 янв. 2022 г. и выступил на ул. Ильинка, "
            "т.е. в центре города. Встреча прошла им. Горького. Затем он уехал.")
    assert sents(text, "ru") == [
        "В. В. Путин прибыл в г. Москву 10 янв. 2022 г. и выступил на ул. Ильинка, т.е. в центре города.",
        "Встреча прошла им. Горького.",
        "Затем он уехал."]


def test_russian_direct_speech_with_dash():
    text = "«Мы готовы помочь!» — заявил министр. Переговоры продолжатся."
    assert sents(text, "ru") == ["«Мы готовы помочь!» — заявил министр.", "Переговоры продолжатся."]


def test_russian_units_end_sentences():
    text = "Ущерб составил 5 млн. руб. в прошлом году и 7 млн. Власти назвали это рекордом."
    assert sents(text, "ru") == ["Ущерб составил 5 млн. руб. в прошлом году и 7 млн.",
                                 "Власти назвали это рекордом."]


def test_russian_etc_can_end_a_sentence():
    text = "Обсуждали газ, нефть и т.д. Затем перешли к политике."
    assert sents(text, "ru") == ["Обсуждали газ, нефть и т.д.", "Затем перешли к политике."]


# --- structure ----------------------------------------------------------------

def test_line_breaks_always_end_a_sentence():
    text = "عنوان بلا نقطة\nفقرة أولى. جملة ثانية\r\n\r\n  فقرة ثالثة  \n"
    assert sents(text) == ["عنوان بلا نقطة", "فقرة أولى.", "جملة ثانية", "فقرة ثالثة"]


def test_region_offsets_are_into_the_whole_text():
    text = "Header.\nFirst sentence. Second one.\nFooter."
    start = text.index("First")
    end = text.index("\nFooter")
    spans = split(text, start, end)
    assert [text[s:e] for s, e in spans] == ["First sentence.", "Second one."]
    check_spans(text, spans, start, end)


def test_empty_and_blank():
    assert split("") == []
    assert split("   \n\n  ") == []
    assert split("abc", 2, 1) == []


def test_pieces_without_letters_join_the_next_sentence():
    assert sents("1. The first point. 2. The second one.") == ["1. The first point.", "2. The second one."]
    assert sents("... !!! ؟ . Done. Next.") == ["... !!! ؟ . Done.", "Next."]
    assert sents("١. النقطة الأولى. ٢. النقطة الثانية.") == ["١. النقطة الأولى.", "٢. النقطة الثانية."]


# --- seeds --------------------------------------------------------------------

@needs_seeds
@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")) if SEEDS.exists() else [], ids=lambda p: p.name[:3])
def test_seed_spans_are_valid(path):
    text = path.read_text(encoding="utf-8")
    spans = split(text)
    check_spans(text, spans)
    # Everything that is not whitespace belongs to some sentence.
    covered = "".join(text[s:e] for s, e in spans)
    assert "".join(covered.split()) == "".join(text.split())


@needs_seeds
def test_seed_000_has_at_least_ten_sentences():
    text = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    spans = split(text, lang="ar")
    assert len(spans) >= 10
    # The quotation in the third line stays in one sentence with its attribution.
    third = text.splitlines()[2]
    assert any(text[s:e] == third.strip() for s, e in spans)


# --- properties -----------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from([
    "الصين", "كازاخستان", "می‌کند", "Mr.", "U.S.", "J.", "Путин", "г.", "т.е.", "3.5", "2,000",
    ".", "!", "?", "؟", "…", "۔", "،", "؛", "«", "»", "“", "”", "\"", "(", ")", "—",
    " ", " ", "\n", "\r\n", "\u00a0", "a", "A", "я", "Я", "د.", "٣٫٥",
])


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join), st.data())
def test_split_invariants(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    lang = data.draw(st.sampled_from([None, "ar", "fa", "en", "ru"]))
    spans = split(text, start, end, lang)
    check_spans(text, spans, start, end)
    covered = "".join(text[s:e] for s, e in spans)
    assert "".join(covered.split()) == "".join(text[start:end].split())
