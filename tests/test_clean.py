"""Cleaning rules on articles written for these tests (general rules, many languages)."""

from __future__ import annotations

from khabar.article import Article, RawDocument
from khabar.clean import Cleaner, OutletLines


def clean(text: str, title: str | None = None, outlet: str | None = None, cleaner=None) -> Article:
    art = Article.from_raw(RawDocument(source="t.txt", text=text, title=title, outlet=outlet))
    return (cleaner or Cleaner())(art)


def body(art: Article) -> str:
    return art.clean_text


def test_first_line_is_title():
    a = clean("Quake hits northern valley\nA strong earthquake struck on Monday.\nRescuers arrived.")
    assert a.title == "Quake hits northern valley"
    assert "Quake hits" not in body(a)
    assert a.text[a.title_span[0]:a.title_span[1]] == a.title


def test_header_chrome_and_repeated_title():
    text = ("Daily Planet\n\nWorld\n\nLeaders agree to extend grain corridor\n\n"
            "Leaders of three countries agreed on Friday to extend the corridor.\n\n"
            "The agreement runs for another 120 days.\n\nLeaders agree to extend grain corridor\n")
    a = clean(text)
    assert a.title == "Leaders agree to extend grain corridor"
    assert "Daily Planet" not in body(a) and "World" not in body(a)
    assert body(a).count("Leaders agree") == 0
    assert {r for *_, r in a.removed} >= {"header", "repeated-title"}


def test_persian_end_marker_and_cms_prompts():
    text = ("وزیران دیدار کردند\nوزیران دو کشور روز دوشنبه در تهران دیدار کردند.\n"
            "آنها درباره همکاری اقتصادی گفت‌وگو کردند.\nانتهای پیام/\n"
            "این خبر را برای دوستان خود ارسال کنید\n")
    a = clean(text)
    assert "انتهای پیام" not in body(a) and "ارسال کنید" not in body(a)
    assert "همکاری اقتصادی" in body(a)


def test_arabic_and_english_footers():
    a = clean("عنوان الخبر هنا\nقال الوزير إن المحادثات كانت مثمرة.\nاقرأ أيضا: خبر آخر عن الموضوع\n"
              "جميع الحقوق محفوظة للصحيفة 2023\n")
    assert "اقرأ" not in body(a) and "محفوظة" not in body(a)
    assert "مثمرة" in body(a)
    b = clean("Talks resume in Geneva\nThe talks resumed on Tuesday.\n"
              "(Reporting by A. Writer; Editing by B. Editor)\n")
    assert "Reporting" not in body(b) and "resumed" in body(b)


def test_title_from_metadata_removed_from_body():
    a = clean("Quake hits valley\nA strong earthquake struck.\nMore later.", title="Quake hits valley")
    assert a.title == "Quake hits valley" and "Quake hits valley" not in body(a)


def test_dateline_split_from_first_paragraph():
    a = clean("Ministers talk\nCAIRO, March 14, 2023 (Reuters) - Ministers talked by phone.\nMore.")
    assert a.dateline and a.dateline.place == "Cairo" and a.dateline.agency == "Reuters"
    assert body(a).startswith("Ministers talked")


def test_outlet_boilerplate_learned_across_articles():
    lines = OutletLines(store=None, threshold=2)
    cl = Cleaner(lines)
    chrome = "Morning Bulletin: your city, your news"
    arts = [clean(f"Story number {i} headline\nFirst paragraph of story {i} says things.\n"
                  f"Second paragraph {i}.\n{chrome}\n", outlet="bulletin", cleaner=cl)
            for i in range(4)]
    assert chrome in body(arts[0]) and chrome in body(arts[1])
    assert chrome not in body(arts[3])
    # Another outlet is not affected.
    other = clean(f"Other headline here\nOther paragraph one.\nOther two.\n{chrome}\n",
                  outlet="elsewhere", cleaner=cl)
    assert chrome in body(other)


def test_offsets_cover_only_original_text():
    text = "Title line\n\n  Indented first paragraph.  \n\nSecond paragraph.\n"
    a = clean(text)
    for s, e in a.body_spans:
        assert text[s:e] == text[s:e].strip() and text[s:e]


def test_byline_then_dateline():
    a = clean("Markets steady after decision\nBy Jane Q. Reporter\n"
              "BEIRUT, Oct 1, 2023 (Levant Daily) - Oil prices held steady.\nMore text.")
    assert a.author == "By Jane Q. Reporter"
    assert a.dateline and a.dateline.place == "Beirut" and a.dateline.date == "2023-10-01"
    assert body(a).startswith("Oil prices held steady.")
