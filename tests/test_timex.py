"""Time expressions resolved against the publication date (khabar.timex).

The sentences are written for these tests; the seeds and SaudiNewsNet are
read at run time from ../shared for the real-text checks.
"""

from __future__ import annotations

import gzip
import json
from datetime import date
from importlib import import_module

import pytest
from util import SAUDI, seed

from khabar import timex
from khabar.timex import TimeExpr, estimate_date, event_date, find_times

TUE = date(2022, 1, 11)  # a Tuesday
MON = date(2022, 1, 10)
THU = date(2022, 1, 6)


def only(text: str, lang: str, anchor: date | None = TUE) -> TimeExpr:
    """The single expression found in ``text``."""
    found = find_times(text, lang, anchor)
    assert len(found) == 1, (text, found)
    return found[0]


def values(text: str, lang: str, anchor: date | None = TUE) -> list[tuple[str | None, str]]:
    return [(t.value, t.precision) for t in find_times(text, lang, anchor)]


# --- absolute dates ------------------------------------------------------------

@pytest.mark.parametrize("lang, text, value, cal", [
    ("en", "The talks opened on 11 January 2022 in Geneva.", "2022-01-11", "gregorian"),
    ("en", "The talks opened January 11, 2022, in Geneva.", "2022-01-11", "gregorian"),
    ("en", "The talks opened on the 11th of January, 2022.", "2022-01-11", "gregorian"),
    ("en", "The talks opened on Jan. 11, 2022.", "2022-01-11", "gregorian"),
    ("en", "The towers fell on Sept. 11, 2001.", "2001-09-11", "gregorian"),
    ("ar", "افتتحت المحادثات في 11 يناير 2022 في جنيف.", "2022-01-11", "gregorian"),
    ("ar", "افتتحت المحادثات في ١١ يناير ٢٠٢٢ في جنيف.", "2022-01-11", "gregorian"),
    ("ar", "افتتحت المحادثات في 11 كانون الثاني 2022.", "2022-01-11", "gregorian"),
    ("ar", "افتتحت المحادثات في 11 كانون الثاني/يناير 2022.", "2022-01-11", "gregorian"),
    ("ar", "افتتحت المحادثات يوم 11 جانفي 2022.", "2022-01-11", "gregorian"),
    ("ar", "صدر القرار في 8 جمادى الآخرة 1443 هـ.", "2022-01-11", "hijri"),
    ("fa", "مذاکرات در ۷ ژانویه ۲۰۲۲ آغاز شد.", "2022-01-07", "gregorian"),
    ("fa", "مذاکرات در ۱۷ دی ۱۴۰۰ آغاز شد.", "2022-01-07", "jalali"),
    ("fa", "مذاکرات روز ۱۷ دی‌ماه ۱۴۰۰ آغاز شد.", "2022-01-07", "jalali"),
    ("fa", "این حکم در ۸ جمادی‌الثانی ۱۴۴۳ صادر شد.", "2022-01-11", "hijri"),
    ("fa", "مذاکرات در ۱۵ می ۲۰۲۲ آغاز شد.", "2022-05-15", "gregorian"),
    ("ru", "Переговоры начались 11 января 2022 года в Женеве.", "2022-01-11", "gregorian"),
])
def test_written_dates(lang, text, value, cal):
    t = only(text, lang)
    assert (t.precision, t.kind, t.calendar) == ("day", "absolute", cal)
    # The tabular Hijri calendar may differ from sighting-based dates by a day.
    slack = 1 if cal == "hijri" else 0
    assert abs((date.fromisoformat(t.value) - date.fromisoformat(value)).days) <= slack
    assert t.text == text[t.start:t.end] and t.text[0].isalnum()


@pytest.mark.parametrize("lang, text, value, cal", [
    ("en", "Filed on 2022-01-11.", "2022-01-11", "gregorian"),
    ("fa", "تاریخ انتشار: ۱۴۰۰/۱۰/۱۷", "2022-01-07", "jalali"),
    ("ru", "Опубликовано 11.01.2022, 6:55", "2022-01-11", "gregorian"),
    ("ar", "الجمعة الموافق 25/8/1436هـ", "2015-06-12", "hijri"),
    ("ar", "يوم الأحد 25 / 8 / 1436هـ", "2015-06-12", "hijri"),
    ("en", "Posted 12/25/2014 by the editors", "2014-12-25", "gregorian"),
])
def test_numeric_dates(lang, text, value, cal):
    t = only(text, lang)
    assert (t.precision, t.kind, t.calendar) == ("day", "absolute", cal)
    slack = 1 if cal == "hijri" else 0
    assert abs((date.fromisoformat(t.value) - date.fromisoformat(value)).days) <= slack


def test_weekday_and_equivalent_date_are_one_expression():
    t = only("الجمعة الموافق 25/8/1436هـ", "ar")
    assert t.text.startswith("الجمعة") and t.kind == "absolute"


def test_ambiguous_us_or_european_numeric_date_is_left_alone():
    assert find_times("Posted 05/06/2014 by the editors", "en", TUE) == []


@pytest.mark.parametrize("lang, text, value", [
    # Anchor 11 January 2022: last December is near, next December far.
    ("ar", "وقع الاتفاق في 20 ديسمبر.", "2021-12-20"),
    ("ar", "تعقد القمة في 5 فبراير.", "2022-02-05"),
    ("en", "The law took effect on 1 July.", "2021-07-01"),
    ("en", "The vote is due on March 20.", "2022-03-20"),
    ("fa", "این دیدار روز ۱۷ دی برگزار شد.", "2022-01-07"),
    ("ru", "Встреча прошла 28 декабря.", "2021-12-28"),
])
def test_year_is_inferred_from_the_anchor(lang, text, value):
    assert values(text, lang) == [(value, "day")]


def test_yearless_date_without_anchor_is_returned_unresolved():
    t = only("وقع الاتفاق في 20 ديسمبر.", "ar", None)
    assert (t.value, t.kind, t.text) == (None, "absolute", "20 ديسمبر")
    assert values("وقع الاتفاق في 20 ديسمبر 2021.", "ar", None) == [("2021-12-20", "day")]


# --- months and years ----------------------------------------------------------------

@pytest.mark.parametrize("lang, text, value", [
    ("ar", "ارتفعت الأسعار في يناير.", "2022-01-01"),
    ("ar", "ارتفعت الأسعار في شهر كانون الأول.", "2021-12-01"),
    ("ar", "ارتفعت الأسعار في فبراير الماضي.", "2021-02-01"),
    ("ar", "تعقد الانتخابات في مارس المقبل.", "2022-03-01"),
    ("en", "Prices rose in January 2022.", "2022-01-01"),
    ("en", "Prices rose in December.", "2021-12-01"),
    ("en", "Prices will rise next March.", "2022-03-01"),
    ("fa", "قیمت‌ها در دی ماه ۱۴۰۰ بالا رفت.", "2021-12-22"),
    ("fa", "قیمت‌ها در مهر ماه بالا رفت.", "2021-09-23"),
    ("ru", "Цены выросли в декабре.", "2021-12-01"),
    ("ru", "Цены выросли в ноябре 2021 года.", "2021-11-01"),
])
def test_months(lang, text, value):
    t = only(text, lang)
    assert (t.value, t.precision, t.kind) == (value, "month", "absolute")


@pytest.mark.parametrize("lang, text, value, cal", [
    ("ar", "تأسست الشركة عام 2011.", "2011-01-01", "gregorian"),
    ("ar", "تأسست الشركة عام 1432 هـ.", "2010-12-08", "hijri"),
    ("en", "The company was founded in 2011.", "2011-01-01", "gregorian"),
    ("fa", "این شرکت در سال ۱۴۰۰ تأسیس شد.", "2021-03-21", "jalali"),
    ("ru", "Компания основана в 2011 году.", "2011-01-01", "gregorian"),
])
def test_years(lang, text, value, cal):
    t = only(text, lang)
    assert (t.precision, t.kind, t.calendar) == ("year", "absolute", cal)
    slack = 1 if cal == "hijri" else 0
    assert abs((date.fromisoformat(t.value) - date.fromisoformat(value)).days) <= slack


# --- relative expressions ------------------------------------------------------------

@pytest.mark.parametrize("lang, text, value, precision", [
    ("ar", "قال الوزير اليوم إن", "2022-01-11", "day"),
    ("ar", "قال الوزير اليوم الاثنين إن", "2022-01-10", "day"),
    ("ar", "قال الوزير يوم الاثنين إن", "2022-01-10", "day"),
    ("ar", "قال الوزير الاثنين إن", "2022-01-10", "day"),
    ("ar", "قال الوزير أمس إن", "2022-01-10", "day"),
    ("ar", "قال الوزير يوم أمس إن", "2022-01-10", "day"),
    ("ar", "وأمس قال الوزير إن", "2022-01-10", "day"),
    ("ar", "قال الوزير أول أمس إن", "2022-01-09", "day"),
    ("ar", "قال الوزير أول من أمس إن", "2022-01-09", "day"),
    ("ar", "يصل الوزير غدا إلى", "2022-01-12", "day"),
    ("ar", "قال الوزير الأسبوع الماضي إن", "2022-01-03", "week"),
    ("ar", "يصل الوزير الأسبوع المقبل إلى", "2022-01-17", "week"),
    ("ar", "قال الوزير هذا الأسبوع إن", "2022-01-10", "week"),
    ("ar", "ارتفع الإنتاج الشهر الماضي", "2021-12-01", "month"),
    ("ar", "ارتفع الإنتاج العام الماضي", "2021-01-01", "year"),
    ("ar", "وصل الوزير قبل يومين", "2022-01-09", "day"),
    ("ar", "وصل الوزير قبل ثلاثة أيام", "2022-01-08", "day"),
    ("ar", "وصل الوزير منذ أسبوعين", "2021-12-27", "week"),
    ("fa", "وزیر امروز گفت", "2022-01-11", "day"),
    ("fa", "وزیر روز جمعه گفت", "2022-01-07", "day"),
    ("fa", "وزیر جمعه گفت", "2022-01-07", "day"),
    ("fa", "وزیر دیروز گفت", "2022-01-10", "day"),
    ("fa", "وزیر روز گذشته گفت", "2022-01-10", "day"),
    ("fa", "وزیر پریروز گفت", "2022-01-09", "day"),
    ("fa", "وزیر فردا به تهران می‌رود", "2022-01-12", "day"),
    ("fa", "وزیر هفته گذشته گفت", "2022-01-03", "week"),
    ("fa", "وزیر هفته پیش گفت", "2022-01-03", "week"),
    ("fa", "وزیر دو روز پیش گفت", "2022-01-09", "day"),
    ("fa", "وزیر ۳ روز پیش گفت", "2022-01-08", "day"),
    ("fa", "وزیر سه شنبه گفت", "2022-01-11", "day"),
    ("fa", "وزیر سه‌شنبه گفت", "2022-01-11", "day"),
    ("fa", "وزیر سهشنبه گفت", "2022-01-11", "day"),
    ("fa", "وزیر پنج شنبه گفت", "2022-01-06", "day"),
    ("fa", "تورم امسال بالا رفت", "2021-03-21", "year"),
    ("en", "The minister said today that", "2022-01-11", "day"),
    ("en", "The minister said yesterday that", "2022-01-10", "day"),
    ("en", "The minister said on Monday that", "2022-01-10", "day"),
    ("en", "The minister said last week that", "2022-01-03", "week"),
    ("en", "The minister said last month that", "2021-12-01", "month"),
    ("en", "The minister arrived two days ago.", "2022-01-09", "day"),
    ("en", "The minister arrived a week ago.", "2022-01-03", "week"),
    ("en", "The minister is in Cairo this week.", "2022-01-10", "week"),
    ("ru", "Министр заявил сегодня", "2022-01-11", "day"),
    ("ru", "Министр заявил вчера", "2022-01-10", "day"),
    ("ru", "Министр заявил в понедельник", "2022-01-10", "day"),
    ("ru", "Министр заявил в прошлую пятницу", "2022-01-07", "day"),
    ("ru", "Министр заявил на прошлой неделе", "2022-01-03", "week"),
    ("ru", "Министр прибыл два дня назад", "2022-01-09", "day"),
    ("ru", "Министр прибыл неделю назад", "2022-01-03", "week"),
    ("ru", "Цены выросли в прошлом году", "2021-01-01", "year"),
])
def test_relative_expressions(lang, text, value, precision):
    t = only(text, lang)
    assert (t.value, t.precision) == (value, precision)
    assert t.kind in ("relative", "weekday")


def test_persian_months_count_solar_hijri_months():
    # 11 January 2022 is 21 Dey 1400: last month is Azar, which began on 22 November.
    t = only("تورم ماه گذشته بالا رفت", "fa")
    assert (t.value, t.precision, t.calendar) == ("2021-11-22", "month", "jalali")


# --- weekdays ------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, text, anchor, value", [
    ("ar", "قال اليوم الاثنين", MON, "2022-01-10"),
    ("ar", "قال اليوم الاثنين", TUE, "2022-01-10"),
    ("ar", "قال الاثنين", MON, "2022-01-10"),
    ("ar", "قال أمس الأربعاء", THU, "2022-01-05"),
    ("ar", "قال الاثنين الماضي", MON, "2022-01-03"),
    ("ar", "يصل الاثنين المقبل", MON, "2022-01-17"),
    ("ar", "يصل يوم الاثنين القادم", TUE, "2022-01-17"),
    ("ar", "قال غدا الخميس", TUE, "2022-01-13"),
    ("ar", "وصل الاثنين من الأسبوع الماضي", TUE, "2022-01-03"),
    ("en", "He left last Monday.", MON, "2022-01-03"),
    ("en", "He leaves next Monday.", MON, "2022-01-17"),
    ("en", "He left on Sunday.", MON, "2022-01-09"),
    ("fa", "دوشنبه هفته گذشته گفت", TUE, "2022-01-03"),
    ("fa", "جمعه گذشته گفت", TUE, "2022-01-07"),
    ("fa", "جمعه آینده می‌رود", TUE, "2022-01-14"),
    ("ru", "Он уехал в воскресенье.", MON, "2022-01-09"),
])
def test_weekdays(lang, text, anchor, value):
    t = only(text, lang, anchor)
    assert (t.value, t.precision, t.kind) == (value, "day", "weekday")


@pytest.mark.parametrize("lang, text, value", [
    ("en", "The minister will visit Cairo on Friday.", "2022-01-14"),
    ("en", "The minister visited Cairo on Friday.", "2022-01-07"),
    ("en", "The minister said on Friday that he will visit Cairo.", "2022-01-07"),
    ("ar", "سوف يزور الوزير القاهرة يوم الجمعة.", "2022-01-14"),
    ("ar", "زار الوزير القاهرة يوم الجمعة.", "2022-01-07"),
    ("fa", "وزیر روز جمعه به قاهره سفر خواهد کرد.", "2022-01-14"),
    ("fa", "وزیر روز جمعه گفت که به قاهره سفر خواهد کرد.", "2022-01-07"),
    ("ru", "Встреча состоится в пятницу.", "2022-01-14"),
])
def test_future_tense_turns_a_bare_weekday_forward(lang, text, value):
    assert values(text, lang) == [(value, "day")]


# --- without an anchor ---------------------------------------------------------------------

def test_no_anchor_keeps_relative_expressions_unresolved():
    found = find_times("قال الوزير أمس إن الاتفاق وقع في 11 يناير 2022 الأسبوع الماضي.", "ar", None)
    assert [(t.text, t.value, t.kind) for t in found] == [
        ("أمس", None, "relative"),
        ("11 يناير 2022", "2022-01-11", "absolute"),
        ("الأسبوع الماضي", None, "relative"),
    ]
    assert found[2].precision == "week"
    assert values("The minister said on Monday", "en", None) == [(None, "day")]


def test_anchor_may_be_a_datetime_or_an_iso_string():
    from datetime import datetime

    assert values("قال أمس", "ar", datetime(2022, 1, 11, 23, 30)) == [("2022-01-10", "day")]
    assert values("قال أمس", "ar", "2022-01-11T08:00:00+03:00") == [("2022-01-10", "day")]


# --- spans and the event date ------------------------------------------------------------

def test_spans_point_into_the_text_and_respect_the_window():
    text = "قال الوزير أمس إن الاجتماع عقد في 5 يناير. ويصل الوزير غدا إلى الرياض."
    cut = text.index("ويصل")
    found = find_times(text, "ar", TUE)
    assert [t.text for t in found] == ["أمس", "5 يناير", "غدا"]
    assert all(text[t.start:t.end] == t.text for t in found)
    tail = find_times(text, "ar", TUE, cut, len(text))
    assert [(t.text, t.value) for t in tail] == [("غدا", "2022-01-12")]
    assert tail[0].start > cut
    head = find_times(text, "ar", TUE, 0, cut)
    assert [t.text for t in head] == ["أمس", "5 يناير"]


def test_event_date_prefers_the_most_precise_expression():
    text = "In 2020 the two sides met. On Monday, officials said last week's talks failed."
    second = text.index("On Monday")
    t = event_date(text, "en", TUE, second, len(text))
    assert (t.text, t.value, t.precision) == ("On Monday", "2022-01-10", "day")
    t = event_date(text, "en", TUE, 0, second)
    assert (t.value, t.precision) == ("2020-01-01", "year")
    assert event_date("Officials said the talks failed.", "en", TUE) is None
    assert event_date("Officials said on Monday that talks failed.", "en", None) is None


# --- estimated dates ---------------------------------------------------------------------------

def test_estimate_date_from_story_dates():
    story = [date(2022, 1, 14), date(2022, 1, 10), date(2022, 1, 12)]  # median Wed 12
    assert estimate_date(0, story) == (date(2022, 1, 10), "day")  # Monday before
    assert estimate_date(2, story) == (date(2022, 1, 12), "day")  # the median itself
    assert estimate_date(3, story) == (date(2022, 1, 6), "day")  # never after the median
    assert estimate_date(None, story) == (date(2022, 1, 12), "week")
    assert estimate_date(None, [date(2022, 1, 10), date(2022, 1, 20)]) == (date(2022, 1, 10), "week")
    assert estimate_date(4, []) is None


# --- tricky negatives ------------------------------------------------------------------------

@pytest.mark.parametrize("lang, text", [
    ("fa", "این تصمیم باعث می‌شود که قیمت‌ها بالا برود."),  # می the verb prefix, not May
    ("fa", "این تصمیم باعث می شود که قیمت‌ها بالا برود."),
    ("fa", "تعداد آنها ۱۵ می‌شود."),
    ("fa", "تعداد آنها به ۱۵ می رسد."),
    ("fa", "او با مهر و محبت سخن گفت."),  # مهر "kindness"
    ("fa", "شورا بر این توافق مهر تایید زد."),
    ("fa", "هوا در ۳ مه فرو رفت."),  # مه "fog": a month only with a year
    ("fa", "خطیب نماز جمعه تهران گفت"),  # the Friday prayer, an institution
    ("fa", "امام جمعه شهر گفت"),
    ("fa", "او به من گفت که می‌آید."),  # به من is not بهمن split by a space
    ("ar", "فاز الفريق 3 صفر على منافسه."),  # صفر "zero", not the month
    ("ar", "قتل 15 شخصا وأصيب 20 آخرون في الحادث."),
    ("ar", "احتفلت المملكة اليوم الوطني بحضور الأمير."),  # "the national day"
    ("ar", "وصل في اليوم التالي إلى الرياض."),
    ("ar", "وصل الوفد في ذلك اليوم."),
    ("ar", "لا فرق بين الاثنين في هذا الأمر."),  # "between the two"
    ("ar", "وصل الوزير قبل يومين من الانتخابات."),  # relative to another happening
    ("en", "They say prices may 5 times higher."),
    ("en", "About 3.5 million people voted, 45 January reports said."),
    ("en", "The 1990s were a hard decade."),
    ("en", "Growth was 3.5 January to March."),  # not "5 January"
    ("en", "The story was first reported by USA Today."),
    ("en", "Churches were full on Good Friday."),
    ("en", "Canvassers worked in the last week of the campaign."),
    ("en", "The book sold 235,000 copies in eight months."),
    ("en", "She will march 5 miles."),
    ("ru", "Об этом сообщило агентство Россия сегодня."),
    ("fa", "طی سه سال گذشته هزار نفر استخدام شدند."),  # "the past three years"
])
def test_no_time_expression(lang, text):
    assert find_times(text, lang, TUE) == []


def test_numbers_that_are_not_days():
    # A count before a nominative month is not a day in Russian (a blog archive).
    assert values("(21) ноябрь 2006 г.", "ru") == [("2006-11-01", "month")]
    # 31 February does not exist: only the month remains.
    assert values("في 31 فبراير 2022", "ar") == [("2022-02-01", "month")]
    # "since the year 2011", not "since a year".
    assert values("منذ عام 2011", "ar") == [("2011-01-01", "year")]


def test_persian_month_names_that_are_words_need_a_day_year_or_the_word_month():
    assert values("در ۱۵ مهر", "fa") == [("2021-10-07", "day")]
    assert values("در مهر ۱۴۰۰", "fa") == [("2021-09-23", "month")]
    assert values("در ماه مهر", "fa") == [("2021-09-23", "month")]
    assert values("در مهر", "fa") == []


# --- language data -----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["ar", "fa", "en", "ru"])
def test_language_data_has_the_relative_words(lang):
    data = import_module(f"khabar.lang.{lang}.calendar")
    assert set(range(1, 11)) <= set(data.NUMBER_WORDS.values())
    assert {0, -1, 1} <= set(data.DAY_WORDS.values())
    assert {u for u, _ in data.UNIT_WORDS.values()} == {"day", "week", "month", "year"}
    assert {"last", "next", "this"} <= set(data.RELATIVE_MARKERS.values())


def test_existing_calendar_data_is_kept():
    from khabar.lang.ar.calendar import HIJRI_MONTHS
    from khabar.lang.fa.calendar import JALALI_MONTHS

    assert len(HIJRI_MONTHS) == len(JALALI_MONTHS) == 12


def test_unknown_language_still_finds_numeric_and_cldr_dates():
    assert values("Le 11 janvier 2022 et le 2022-01-12.", "fr") == [
        ("2022-01-11", "day"), ("2022-01-12", "day")]


# --- real text -----------------------------------------------------------------------------------

def test_seed_articles():
    """The seeds: Arabic and Persian reports of 6-11 January 2022."""
    text = seed(1).read_text(encoding="utf-8")
    assert any((t.value, t.kind) == ("2022-01-11", "absolute") for t in find_times(text, "ar", TUE))
    text = seed(3).read_text(encoding="utf-8")
    weekdays = [t for t in find_times(text, "fa", TUE) if t.kind == "weekday"]
    assert weekdays and all(t.value <= "2022-01-11" for t in weekdays)


@pytest.mark.skipif(not SAUDI.exists(), reason="SaudiNewsNet not available")
def test_real_arabic_news_spans_are_sound():
    n = 0
    with gzip.open(SAUDI, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= 200:
                break
            text = json.loads(line)["content"]
            found = find_times(text, "ar", date(2015, 7, 21))
            n += len(found)
            for a, b in zip(found, found[1:]):
                assert a.end <= b.start
            for t in found:
                assert text[t.start:t.end] == t.text and t.text.strip() == t.text
                assert t.value is None or date.fromisoformat(t.value)
                assert t.precision in timex.PRECISION_RANK
    assert n > 200  # about 4 per article
