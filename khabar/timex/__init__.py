"""Time expressions: dates named in article text, resolved against the
article's publication date (the *anchor*), with their precision.

:func:`find_times` scans a span of an article once, token by token, and
returns every time expression it finds as a :class:`TimeExpr`:

``absolute``
    A written date: "11 January 2022", "January 11, 2022", "11 يناير 2022",
    "11 كانون الثاني/يناير 2022", "۱۷ دی ۱۴۰۰" (Solar Hijri), "8 جمادى الآخرة
    1443" (lunar Hijri), "11 января 2022 года", numeric "2022-01-11",
    "۱۴۰۰/۱۰/۱۷", "25 / 8 / 1436هـ"; a month ("in January 2022", "في يناير",
    "دی ماه", "فبراير الماضي"); a year ("in 2020", "عام 2020", "سال ۱۴۰۰").
    Without a year, the year is the one that puts the date nearest the
    anchor, with dates after the anchor counted :data:`FUTURE_WEIGHT` times
    as far (news reports the past more than it announces the future).
    Names that are also ordinary words need more context: "می" and "مه"
    (May, also a verb prefix and "fog") a year, "مهر" a day, a year or
    ماه beside it, English names a capital letter.
``relative``
    "today", "أمس", "أول أمس", "دیروز", "вчера", "last week", "الشهر الماضي",
    "هفته گذشته", "на прошлой неделе", "two days ago", "قبل يومين", "دو روز
    پیش", "через два дня", "امسال".
``weekday``
    A named weekday: "on Monday", "يوم الاثنين", "روز جمعه", "в пятницу",
    "اليوم الاثنين", "أمس الأربعاء", "last Monday", "الاثنين المقبل",
    "دوشنبه هفته گذشته".  A bare weekday in news is the most recent such day
    on or before the anchor (0-6 days back); "last" is 1-7 days back, "next"
    1-7 days ahead; "اليوم الاثنين" is the anchor when the anchor is a
    Monday, else the most recent Monday.  After a future-tense marker close
    before it ("will meet on Monday", "سوف ... الاثنين"; in Persian and
    Russian also after it, up to a clause break) a bare weekday looks
    forward, 0-6 days ahead.

Values are ISO dates (``YYYY-MM-DD``) in the Gregorian calendar:

* precision ``day``: the day;
* precision ``week``: the Monday of the (ISO) week;
* precision ``month``: the first day of the month *in the calendar it is
  written in*, converted: ``YYYY-MM-01`` for a Gregorian month, the
  Gregorian date of 1 Dey for "دی ۱۴۰۰";
* precision ``year``: the first day of the year, likewise (1 Farvardin for
  a Solar Hijri year).

Persian relative months and years ("ماه گذشته", "سال آینده") count Solar
Hijri months and years; other languages count Gregorian ones.

With no anchor, relative and weekday expressions (and absolute dates
without a year) are still returned, with ``value=None``: the caller knows a
time is named but not which.

Language data (relative words, markers, number words one to ten, cue
words) lives in ``khabar/lang/<code>/calendar.py``; month and weekday names
come from CLDR through babel, plus the Solar and lunar Hijri month names of
``khabar.lang.fa`` and ``khabar.lang.ar``.  A language without a calendar
module gets its CLDR month names and numeric dates.

Speed: the text is split on spaces, each chunk is looked up once in a
per-language cache that says whether it can anchor an expression (a month,
weekday, day or unit word, a day or year number), and only the chunks
around those are tokenized and keyed (:func:`khabar.normalize.key`,
cached) for the grammar: about a millisecond for a 3,000-character Arabic
article once the caches are warm.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from .expr import FUTURE_WEIGHT, FUTURE_WINDOW, PRECISION_RANK, YEAR_RANGES, TimeExpr
from .lexicon import _code, _lexicon
from .scan import _Scan


__all__ = ["TimeExpr", "find_times", "event_date", "estimate_date", "anchor_date",
           "may_be_time", "FUTURE_WEIGHT", "FUTURE_WINDOW", "PRECISION_RANK", "YEAR_RANGES"]


def may_be_time(text: str, lang: str | None) -> bool:
    """Could a time expression be anchored in ``text`` (a month, weekday,
    day or unit word, a day or year number)?  Cheap (cached per word); a
    false answer means :func:`find_times` finds nothing in it."""
    hot = _lexicon(_code(lang)).hot
    return any(hot[part] for part in text.split())


def find_times(text: str, lang: str | None, anchor: date | None, start: int = 0,
               end: int | None = None) -> list[TimeExpr]:
    """Time expressions in ``text[start:end]``, in text order.

    Args:
        text: the article text (offsets in the result index into it).
        lang: ISO 639-1 code (``ar``, ``fa``, ``en``, ``ru``; others get month
            names from CLDR and numeric dates only).
        anchor: the publication date (a datetime is cut to its date); None
            leaves relative expressions unresolved (``value=None``).
        start, end: the span to scan (a sentence, or the whole text).

    Returns:
        Non-overlapping :class:`TimeExpr` objects sorted by ``start``.
    """
    end = len(text) if end is None else end
    return _Scan(text, start, end, _lexicon(_code(lang)), anchor_date(anchor)).run()


def event_date(text: str, lang: str | None, anchor: date | None, start: int = 0,
               end: int | None = None) -> TimeExpr | None:
    """The best date for a happening told in ``text[start:end]`` (a sentence).

    The most precise resolved expression in the span (day over week over
    month over year; the first of equals: news leads name the time of the
    happening early), or None: the caller then uses the article's date.
    """
    best = None
    for t in find_times(text, lang, anchor, start, end):
        if t.value is None:
            continue
        if best is None or PRECISION_RANK[t.precision] > PRECISION_RANK[best.precision]:
            best = t
    return best


def estimate_date(weekday: int | None, story_dates: list[date]) -> tuple[date, str] | None:
    """A date for an article that has none, from the dates of its story.

    Args:
        weekday: the weekday the article names (ISO, Monday = 0), or None.
        story_dates: publication dates of the other articles of its story.

    Returns:
        ``(date, "day")``: the day with that weekday closest to, and not after,
        the median of the story dates; without a weekday ``(median, "week")``;
        None when there are no story dates.  The caller marks it estimated.
    """
    if not story_dates:
        return None
    ordered = sorted(anchor_date(d) for d in story_dates)
    median = ordered[(len(ordered) - 1) // 2]  # the lower median: a real date
    if weekday is None:
        return median, "week"
    return median - timedelta(days=(median.weekday() - weekday) % 7), "day"


def anchor_date(value: date | datetime | str | None) -> date | None:
    """A date from an anchor given as date, datetime or ISO string (None if unusable)."""
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None
