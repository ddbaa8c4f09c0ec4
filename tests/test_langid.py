"""Language identification: Arabic, Persian and Urdu apart, on short texts too,
and per sentence in mixed articles (examples written for these tests)."""

from __future__ import annotations

import pytest

from khabar.article import Article, RawDocument
from khabar.config import DEFAULT_LANGUAGES
from khabar.langid import UNSUPPORTED, get_identifier
from khabar.pipeline import Pipeline, split_sentences
from khabar.clean import Cleaner

ident = get_identifier(DEFAULT_LANGUAGES)


@pytest.mark.parametrize("text, lang", [
    ("وزير الخارجية يبحث الأزمة مع نظيره", "ar"),
    ("وزیر امور خارجه با همتای خود گفت‌وگو کرد", "fa"),
    ("وزير امور خارجه با همتاي خود گفتگو كرد", "fa"),   # Persian typed with Arabic yeh/kaf
    ("وزیر خارجہ نے اپنے ہم منصب سے بات کی", "ur"),
    ("الرئيس", "ar"),
    ("رئیس‌جمهور", "fa"),
    ("Foreign ministers hold phone call", "en"),
    ("Министры провели телефонный разговор", "ru"),
    ("Dışişleri bakanları telefonda görüştü", "tr"),
    ("שרי החוץ שוחחו בטלפון", "he"),
])
def test_short_texts(text, lang):
    assert ident.detect(text)[0] == lang


def test_unsupported_codes_are_skipped_not_fatal():
    assert UNSUPPORTED <= set(DEFAULT_LANGUAGES)
    assert not UNSUPPORTED & set(ident.codes)
    assert {"ar", "fa", "ur", "en", "ru"} <= set(ident.codes)


def test_empty_and_digits():
    assert ident.detect("  2023 — 12 ")[0] is None


def _run(text: str) -> Article:
    art = Article.from_raw(RawDocument(source="m.txt", text=text))
    return Pipeline([Cleaner(), split_sentences, ident])(art)


def test_per_sentence_in_mixed_article():
    text = ("اتصال هاتفي بين الوزيرين\n"
            "أجرى وزير الخارجية اتصالا هاتفيا مع نظيره يوم الاثنين وبحثا العلاقات الثنائية.\n"
            "وقال الوزير إن المحادثات كانت بناءة ومثمرة للغاية.\n"
            "The two ministers agreed to meet again next month in the capital to sign the agreement.\n"
            "وزیر امور خارجه کشورمان نیز گفت که این گفت‌وگو در فضایی دوستانه برگزار شد و ادامه می‌یابد.\n"
            "وأضاف أن البلدين سيواصلان التنسيق بشأن القضايا الإقليمية والدولية.\n")
    art = _run(text)
    assert art.language == "ar"
    langs = [s.language for s in art.sentences]
    assert langs == ["ar", "ar", "en", "fa", "ar"]


def test_monolingual_article_inherits():
    art = _run("Talks end\nThe talks ended on Friday. Both sides called them useful.\n")
    assert art.language == "en" and {s.language for s in art.sentences} == {"en"}
