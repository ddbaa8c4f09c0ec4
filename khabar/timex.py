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

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib import import_module
from itertools import accumulate, compress
from types import SimpleNamespace

from . import normalize
from .dates import to_gregorian

__all__ = ["TimeExpr", "find_times", "event_date", "estimate_date", "anchor_date"]

# A date after the anchor counts this many times its distance when the year
# of a yearless date is inferred: "20 December" in a 11 January article is
# last December (22 days back), "5 February" the coming one (25 days ahead,
# counted 50), "20 March" the coming one (68 ahead, 136 < 296 back), "1 July"
# last July.  News looks back more often than ahead; 2 is a judgement, not a
# calibration.
FUTURE_WEIGHT = 2.0
# How many tokens around a bare weekday are searched for a future marker.
FUTURE_WINDOW = 6
# Plausible years of a written date, per calendar.
YEAR_RANGES = {"gregorian": (1800, 2100), "jalali": (1200, 1500), "hijri": (1300, 1500)}
PRECISION_RANK = {"day": 3, "week": 2, "month": 1, "year": 0}
_REL_STEP = {"last": -1, "next": 1, "this": 0}
_SENTENCE_BREAK = re.compile(r"[.!?؟;؛\n]")

# Words: letters with their combining marks (Arabic harakat, accents);
# numbers with inner separators ("3.5", "1,200") stay one token so that they
# are never read as a day.
_MARKS = "\u0300-\u036f\u064b-\u065f\u0670\u06d6-\u06ed"
_TOKEN = re.compile(rf"\d+(?:[.,\u066b\u066c]\d+)*|(?:[^\W\d_]|[{_MARKS}])+")
_YMD = re.compile(r"(?<![\d/.\-])(\d{4})([/.\-])(\d{1,2})\2(\d{1,2})(?!\d|[/.\-]\d)")
_DMY = re.compile(r"(?<![\d/.\-])(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})(?!\d|[/.\-]\d)")


@dataclass
class TimeExpr:
    """A time expression: the span ``[start, end)`` of the text, its ``value``
    (ISO date, see the module docstring; None when it cannot be resolved),
    ``precision`` (``day``/``week``/``month``/``year``), ``kind``
    (``absolute``/``relative``/``weekday``) and the ``calendar`` it was
    written in (``gregorian``/``jalali``/``hijri``)."""

    start: int
    end: int
    text: str
    value: str | None
    precision: str
    kind: str
    calendar: str = "gregorian"


# ---------------------------------------------------------------------------
# Public functions
# ---------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------
# Tokens: keys, chunks and their caches
# ---------------------------------------------------------------------------

# How far (in space-separated chunks) an expression reaches from its hot
# chunk: the gaps between the hot words of "On Monday , 11 كانون الثاني /
# يناير 2022 هـ", the cue before "في شهر يناير" and the future-marker
# window (FUTURE_WINDOW tokens) fit.
_WINDOW = 6
_GAP = "\x00"
_NUMERIC = "\x01"  # the key of a compact numeric date token
# Chunk caches are cleared when they pass this size (memory stays bounded on
# long runs; news vocabulary refills them quickly).
_CACHE_LIMIT = 100_000


@lru_cache(maxsize=_CACHE_LIMIT // 2)
def _chunk(part: str) -> tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...], tuple]:
    """A space-separated chunk that is not one plain word → (token keys,
    token starts, token ends, numeric dates as (start, end, (ymd?, a, b, c)))."""
    keys, starts, ends = [], [], []
    for m in _TOKEN.finditer(part):
        for k in _tkey(m.group()):
            keys.append(k)
            starts.append(m.start())
            ends.append(m.end())
    numeric = []
    if len(part) >= 6 and ("/" in part or "." in part or "-" in part):
        for rx, ymd in ((_YMD, True), (_DMY, False)):
            numeric += [(m.start(), m.end(), (ymd, int(m.group(1)), int(m.group(3)),
                                              int(m.group(4)))) for m in rx.finditer(part)]
    return tuple(keys), tuple(starts), tuple(ends), tuple(numeric)


class _HotChunks(dict):
    """Chunk → whether an expression can be anchored in it (cached)."""

    def __init__(self, words: frozenset[str]) -> None:
        super().__init__()
        self.words = words

    def __missing__(self, part: str) -> bool:
        if part.isalpha():  # one plain word: the usual case
            hot = any(k in self.words for k in _WORD_KEYS[part])
        else:
            keys, _, _, numeric = _chunk(part)
            # Digits: a day (1-2 digits) or a year (4); counts come with a unit word.
            hot = bool(numeric) or any(
                k in self.words or (k.isdigit() and len(k) in (1, 2, 4)) for k in keys)
        if len(self) >= _CACHE_LIMIT:
            self.clear()
        self[part] = hot
        return hot


def _windows(hot: list[int], n: int) -> list[tuple[int, int]]:
    """Merged chunk ranges [a, b) within _WINDOW of a hot chunk."""
    out: list[list[int]] = []
    for h in hot:
        a, b = max(0, h - _WINDOW), min(n, h + _WINDOW + 1)
        if out and a <= out[-1][1]:
            out[-1][1] = b
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


class _Fold(dict):
    """``str.translate`` table giving each character its form in
    :func:`khabar.normalize.key` (folded, dropped, or a space where the key
    separates words), learned from the key itself and cached.  Keying a
    token through it costs a translate, not a call of ``key`` (7x faster);
    the one thing it skips, cutting Persian words glued by a lost ZWNJ,
    does not touch time words (the table has glued and spaced variants)."""

    def __missing__(self, cp: int) -> str:
        probe = normalize.key(f"a{chr(cp)}a")
        value = probe[1:-1] if len(probe) >= 2 and probe[0] == probe[-1] == "a" else " "
        if value and not value.strip():
            value = " "
        self[cp] = value
        return value


_FOLD = _Fold()


class _WordKeys(dict):
    """Plain word (a chunk of letters) → its key words, cached."""

    def __missing__(self, part: str) -> tuple[str, ...]:
        if len(self) >= _CACHE_LIMIT:
            self.clear()
        keys = self[part] = _tkey(part)
        return keys


_WORD_KEYS = _WordKeys()


def _tkey(token: str) -> tuple[str, ...]:
    """The key of one token, as words (a separator inside gives several)."""
    if token[:1].isdigit() and not token.isdigit():
        return (normalize.key(token),)  # "3.5", "1,200": one number, never a day
    return tuple(token.translate(_FOLD).split())


# ---------------------------------------------------------------------------
# The per-language table
# ---------------------------------------------------------------------------

def _keys(phrase: str) -> tuple[str, ...]:
    """A data phrase keyed exactly as the scanner keys text."""
    return tuple(k for tok in _TOKEN.findall(phrase) for k in _tkey(tok))


def _words(items) -> frozenset[str]:
    """One-word data items, keyed."""
    return frozenset(k for w in items for k in _keys(w)[:1])


class _Table:
    """Keyed phrases → {category: payload}; the longest phrase wins."""

    def __init__(self, proclitics: tuple[str, ...]) -> None:
        self.phrases: dict[tuple[str, ...], dict[str, object]] = {}
        self.proclitics = tuple(_keys(p)[0] for p in proclitics)

    def add(self, cat: str, phrase: str, payload: object) -> None:
        ks = _keys(phrase)
        if ks:
            self.add_keys(cat, ks, payload)

    def add_keys(self, cat: str, ks: tuple[str, ...], payload: object) -> None:
        variants = [ks]
        if len(ks) > 1:
            variants.append(("".join(ks),))  # written without space or ZWNJ
        variants += [(c + v[0],) + v[1:] for v in list(variants) for c in self.proclitics]
        for v in variants:
            self.phrases.setdefault(v, {}).setdefault(cat, payload)

    def split_compounds(self, cat: str) -> None:
        """One-word names that end in another name of the same category are
        also accepted split there: Persian writes پنجشنبه, پنج‌شنبه and
        پنج شنبه (five + Saturday)."""
        words = {k[0]: e[cat] for k, e in self.phrases.items() if len(k) == 1 and cat in e}
        for w, payload in list(words.items()):
            for tail in words:
                if len(w) - len(tail) >= 2 and w.endswith(tail):
                    self.add_keys(cat, (w[:-len(tail)], tail), payload)


def _babel_names(locales) -> tuple[list, list]:
    """CLDR month names [(name, month, abbreviated, format context?)] and
    weekday names [(name, n)]."""
    from babel import Locale

    months, days = [], []
    for loc in locales:
        L = Locale.parse(loc)
        wide = set()
        for ctx in ("format", "stand-alone"):
            for num, name in L.months[ctx]["wide"].items():
                months.append((name, num, False, ctx == "format"))
                wide.add(name)
            for num, name in L.months[ctx]["abbreviated"].items():
                if name not in wide:
                    months.append((name.rstrip("."), num, True, ctx == "format"))
            days += [(name, num) for num, name in L.days[ctx]["wide"].items()]
    return months, days


def _month_flags(data, name: str, abbreviated: bool, fmt: bool) -> tuple[bool, ...]:
    """(needs a year, needs the word "month" when alone, abbreviated, can
    follow a day number).  Where the language inflects the month after a
    day (Russian "21 ноября", CLDR's format context), the other forms
    ("ноябрь", "в ноябре") name a month only."""
    k = _keys(name)
    need_year = k in {_keys(w) for w in getattr(data, "MONTHS_NEED_YEAR", ())}
    need_word = k in {_keys(w) for w in getattr(data, "MONTHS_NEED_MONTH_WORD", ())}
    day_ok = fmt or not getattr(data, "DAY_NEEDS_FORMAT_CONTEXT", False)
    return need_year, need_word, abbreviated, day_ok


def _add_months(table: _Table, data, code: str, locales) -> None:
    """Gregorian (CLDR), Solar Hijri and lunar Hijri month names of a language."""
    from .lang.ar.calendar import HIJRI_MONTHS
    from .lang.fa.calendar import HIJRI_MONTHS_FA, JALALI_MONTHS

    def add(name, cal, num, abbreviated=False, fmt=True):
        table.add("month", name, (cal, num, _month_flags(data, name, abbreviated, fmt)))

    if code == "fa":
        for num, names in enumerate(JALALI_MONTHS, 1):
            for n in names:
                add(n, "jalali", num)
    months, _ = _babel_names(locales)
    for name, num, abbreviated, fmt in months:
        add(name, "gregorian", num, abbreviated, fmt)
    for name, num in getattr(data, "EXTRA_MONTHS", {}).items():
        add(name, "gregorian", num, fmt=False)
    if code in ("ar", "fa"):
        for lists in ((HIJRI_MONTHS_FA, HIJRI_MONTHS) if code == "fa" else (HIJRI_MONTHS,)):
            for num, names in enumerate(lists, 1):
                for n in names:
                    add(n, "hijri", num)


def _code(lang: str | None) -> str:
    """The ISO 639-1 part of a language tag ('fa-IR' -> 'fa')."""
    return (lang or "").replace("_", "-").split("-", 1)[0].lower()


def _language_data(code: str):
    """The calendar data module of a language (an empty one if it has none)
    and the CLDR locales of its month and weekday names."""
    from babel import Locale, UnknownLocaleError

    try:
        data = import_module(f"khabar.lang.{code}.calendar")
    except ImportError:
        data = SimpleNamespace()
    locales = getattr(data, "LOCALES", ())
    if not locales and code:
        try:
            locales = (str(Locale.parse(code)),)
        except (ValueError, UnknownLocaleError):
            locales = ()
    return data, locales


# Data dicts and tuples of a calendar module → table category.
_PHRASE_DICTS = (("day", "DAY_WORDS"), ("period", "PERIOD_WORDS"), ("unit", "UNIT_WORDS"),
                 ("rel", "RELATIVE_MARKERS"), ("offset", "OFFSET_MARKERS"),
                 ("num", "NUMBER_WORDS"), ("ysuffix", "YEAR_SUFFIXES"))
_PHRASE_TUPLES = (("future", "FUTURE_MARKERS"), ("equiv", "EQUIVALENCE_WORDS"))
# Data tuples of single words, used as sets.
_WORD_SETS = ("DAY_PREFIXES", "MONTH_CUES", "MONTH_WORDS", "YEAR_CUES", "DAY_SUFFIXES",
              "DATE_LINKERS", "CLAUSE_BREAKS", "WEEKDAY_BLOCKERS", "DAY_WORD_BLOCKERS_NEXT",
              "DAY_WORD_BLOCKERS_PREV", "EVENT_RELATIVE_NEXT")


def _build_table(data, code: str, locales) -> _Table:
    """Months, weekdays and every phrase of the language data, keyed."""
    table = _Table(getattr(data, "PROCLITICS", ()))
    _add_months(table, data, code, locales)
    weekdays = _babel_names(locales)[1] + list(getattr(data, "EXTRA_WEEKDAYS", {}).items())
    for name, num in weekdays:
        table.add("weekday", name, num)
    table.split_compounds("weekday")
    for cat, attr in _PHRASE_DICTS:
        for phrase, payload in getattr(data, attr, {}).items():
            table.add(cat, phrase, payload)
    for cat, attr in _PHRASE_TUPLES:
        for phrase in getattr(data, attr, ()):
            table.add(cat, phrase, True)
    return table


@lru_cache(maxsize=None)
def _lexicon(code: str) -> SimpleNamespace:
    """Everything the scanner needs for one language, built once."""
    from babel import Locale

    data, locales = _language_data(code)
    table = _build_table(data, code, locales)
    g = lambda name, default: getattr(data, name, default)  # noqa: E731
    sets = {name.lower(): _words(_with_clitics(g(name, ()), table)) for name in _WORD_SETS}
    sets["clause_breaks"] |= {_GAP}
    phrases = table.phrases
    starts = frozenset(k[0] for k in phrases)
    week_locale = g("WEEK_LOCALE", None) or (locales[0] if locales else "en_GB")
    return SimpleNamespace(
        phrases=phrases,
        starts=starts,
        maxlen=max((len(k) for k in phrases), default=1),
        # Tokens where an expression can begin: a phrase or a day prefix.
        triggers=starts | sets["day_prefixes"] | {_NUMERIC},
        hot=_HotChunks(_hot_words(phrases, sets)),
        date_orders=g("DATE_ORDERS", ("dmy",)),
        capitalized=g("CAPITALIZED_NAMES", False),
        future_side=g("FUTURE_SIDE", "before"),
        year_calendars=g("YEAR_CALENDARS", ("gregorian",)),
        numeric_calendars=g("NUMERIC_CALENDARS", ("gregorian",)),
        relative_calendar=g("RELATIVE_CALENDAR", "gregorian"),
        week_start=Locale.parse(week_locale).first_week_day,
        **sets,
    )


_ANCHOR_CATEGORIES = frozenset(("month", "weekday", "day", "period", "unit"))
_FUNCTION_CATEGORIES = frozenset(("num", "rel", "offset", "ysuffix", "future", "equiv"))


def _hot_words(phrases: dict, sets: dict) -> frozenset[str]:
    """Tokens that every expression contains one of (besides digits): the
    month, weekday, day, period and unit words; of a longer phrase with none
    of them ("كانون الثاني", "last night"), its words that are not function
    words (cues, markers, numbers: "last")."""
    anchors = [k for k, cats in phrases.items() if cats.keys() & _ANCHOR_CATEGORIES]
    single = {k[0] for k in anchors if len(k) == 1}
    function = set().union(*sets.values())
    function.update(k[0] for k, cats in phrases.items()
                    if len(k) == 1 and cats.keys() & _FUNCTION_CATEGORIES)
    multi = {w for k in anchors if len(k) > 1 and not single.intersection(k) for w in k}
    return frozenset(single | (multi - function))


def _with_clitics(words, table: _Table) -> list[str]:
    """Cue words and their forms with a proclitic ("وفي")."""
    return list(words) + [c + w for w in words for c in table.proclitics]


# ---------------------------------------------------------------------------
# Calendar arithmetic
# ---------------------------------------------------------------------------

def _year_of(cal: str, d: date) -> int:
    """The year of ``d`` in ``cal`` (lunar Hijri: within one year)."""
    if cal == "jalali":
        import jdatetime

        return jdatetime.date.fromgregorian(date=d).year
    if cal == "hijri":
        return round((d.year - 621.57) * 365.2425 / 354.367)
    return d.year


def _month_of(cal: str, d: date) -> tuple[int, int]:
    """(year, month) of ``d`` in ``cal`` (Gregorian or Solar Hijri)."""
    if cal == "jalali":
        import jdatetime

        j = jdatetime.date.fromgregorian(date=d)
        return j.year, j.month
    return d.year, d.month


def _month_start(cal: str, year: int, month: int) -> date | None:
    """The Gregorian date of the first day of a month, months counted past 12."""
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return to_gregorian(cal, year, month, 1)


def _score(first: date, last: date, anchor: date) -> float:
    """Distance of the period [first, last] from the anchor, future weighted."""
    if first <= anchor <= last:
        return 0.0
    if last < anchor:
        return float((anchor - last).days)
    return (first - anchor).days * FUTURE_WEIGHT


def _nearest(cal: str, month: int, day: int | None, anchor: date,
             rel: str | None = None) -> date | None:
    """The year-less date (or month, when ``day`` is None) nearest the anchor;
    with ``rel`` the last one before it, the next one after it, or the one of
    the anchor's year ("فبراير الماضي", "next March", "رمضان الحالي")."""
    best: tuple[float, date] | None = None
    y0 = _year_of(cal, anchor)
    for y in range(y0 - 2, y0 + 3):
        first = to_gregorian(cal, y, month, day or 1)
        if first is None:
            continue
        last = first
        if day is None:
            nxt = _month_start(cal, y, month + 1)
            last = nxt - timedelta(days=1) if nxt else first
        if rel == "this":
            s = 0.0 if y == y0 else None
        elif rel == "last":
            s = float((anchor - first).days) if last < anchor else None
        elif rel == "next":
            s = float((first - anchor).days) if first > anchor else None
        else:
            s = _score(first, last, anchor)
        if s is not None and (best is None or s < best[0]):
            best = (s, first)
    return best[1] if best else None


def _exists(cal: str, month: int, day: int) -> bool:
    """Whether a day of a month exists in some year (29 February does)."""
    lo = YEAR_RANGES[cal][0] + 200
    return any(to_gregorian(cal, y, month, day) for y in range(lo, lo + 5))


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


# ---------------------------------------------------------------------------
# The scanner
# ---------------------------------------------------------------------------

@dataclass
class _Hit:
    """A match before it becomes a TimeExpr: tokens [i, j) and the value."""

    i: int
    j: int
    value: date | None
    precision: str
    kind: str
    calendar: str = "gregorian"


class _Scan:
    """One pass over the tokens of a span.

    Only the neighbourhood of *hot* chunks (space-separated pieces holding a
    month, weekday, day word, unit word or digit) is tokenized: every
    expression contains one of them and reaches at most :data:`_WINDOW`
    chunks away from it.  Chunks are tokenized and keyed once per process
    (:func:`_chunk`), so an article costs a split, one dict lookup per chunk
    and the grammar on its few windows.
    """

    def __init__(self, text: str, start: int, end: int, lex, anchor: date | None) -> None:
        self.text, self.lex, self.anchor = text, lex, anchor
        self.keys: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.numeric_at: dict[int, tuple[date, str]] = {}
        seg = text[start:end]
        parts = seg.split(" ")
        hot = list(compress(range(len(parts)), map(lex.hot.__getitem__, parts)))
        if hot:
            self._add_windows(parts, hot, start)
        self.n = len(self.keys)
        self._memo: dict[int, list] = {}

    def _gap(self) -> None:
        """A token that joins nothing: the text between two windows."""
        self.keys.append(_GAP)
        self.starts.append(self.ends[-1])
        self.ends.append(self.ends[-1])

    def _add_windows(self, parts: list[str], hot: list[int], base: int) -> None:
        """Tokens of the chunks near hot chunks (the hot loop: kept flat)."""
        cum = list(accumulate(map(len, parts)))
        keys, starts, ends, words = self.keys, self.starts, self.ends, _WORD_KEYS
        for a, b in _windows(hot, len(parts)):
            if keys:
                self._gap()
            for ci in range(a, b):
                part = parts[ci]
                off = base + cum[ci] - len(part) + ci  # chunks are one space apart
                if part.isalpha():
                    for k in words[part]:
                        keys.append(k)
                        starts.append(off)
                        ends.append(off + len(part))
                    continue
                ks, ss, es, numeric = _chunk(part)
                if numeric:
                    self._add_numeric_chunk(part, off)
                elif ks:
                    keys.extend(ks)
                    starts.extend([off + s for s in ss])
                    ends.extend([off + e for e in es])

    def _add_numeric_chunk(self, part: str, off: int) -> None:
        """Append a chunk's tokens; a compact numeric date ("2022-01-11",
        "۱۴۰۰/۱۰/۱۷") becomes one token whose value is kept aside."""
        keys, rel_starts, rel_ends, numeric = _chunk(part)
        spans = [(s, e, self._numeric(*value)) for s, e, value in numeric]
        done = set()
        for k, s0, e0 in zip(keys, rel_starts, rel_ends):
            span = next((sp for sp in spans if sp[0] <= s0 < sp[1] and sp[2]), None)
            if span is None:
                self.keys.append(k)
                self.starts.append(off + s0)
                self.ends.append(off + e0)
            elif span[0] not in done:
                done.add(span[0])
                self.numeric_at[len(self.keys)] = span[2]
                self.keys.append(_NUMERIC)
                self.starts.append(off + span[0])
                self.ends.append(off + span[1])

    # --- lookups ---------------------------------------------------------
    def _at(self, i: int) -> list:
        """Phrases starting at token i, longest first: [(length, {cat: payload})]."""
        hit = self._memo.get(i)
        if hit is None:
            hit = []
            if 0 <= i < self.n and self.keys[i] in self.lex.starts:
                phrases = self.lex.phrases
                for n in range(min(self.lex.maxlen, self.n - i), 0, -1):
                    e = phrases.get(tuple(self.keys[i:i + n]))
                    if e:
                        hit.append((n, e))
            self._memo[i] = hit
        return hit

    def get(self, i: int, cat: str):
        """The longest phrase of category ``cat`` at token i: (length, payload)."""
        for n, e in self._at(i):
            if cat in e:
                return n, e[cat]
        return None

    def key(self, i: int) -> str:
        return self.keys[i] if 0 <= i < self.n else ""

    def number(self, i: int, lo: int = 0, hi: int = 10**6) -> int | None:
        k = self.key(i)
        if k.isdigit() and k.isascii():
            v = int(k)
            return v if lo <= v <= hi else None
        return None

    def capital_ok(self, i: int) -> bool:
        """Month and weekday names must be capitalized where the language does."""
        return not self.lex.capitalized or self.text[self.starts[i]].isupper()

    def broken(self, i: int) -> bool:
        """A sentence break between tokens i-1 and i."""
        return bool(_SENTENCE_BREAK.search(self.text, self.ends[i - 1], self.starts[i]))

    def glued_letters(self, i: int) -> bool:
        """Token i is followed by token i+1 with no space ("1990s", "2022م")."""
        return i + 1 < self.n and self.starts[i + 1] == self.ends[i]

    # --- driver ----------------------------------------------------------
    def run(self) -> list[TimeExpr]:
        out: list[TimeExpr] = []
        keys, triggers = self.keys, self.lex.triggers
        i = 0
        while i < self.n:
            if not (keys[i] in triggers or keys[i].isdigit()):
                i += 1
                continue
            hit = self._expr(i)
            if hit is None:
                i += 1
                continue
            out.append(self._emit(hit))
            i = hit.j
        return out

    def _emit(self, h: _Hit) -> TimeExpr:
        s, e = self.starts[h.i], self.ends[h.j - 1]
        return TimeExpr(s, e, self.text[s:e], h.value.isoformat() if h.value else None,
                        h.precision, h.kind, h.calendar)

    def _expr(self, i: int) -> _Hit | None:
        """The expression starting at token i (a day prefix may lead it)."""
        hit = self._core(i)
        if hit is None and self.key(i) in self.lex.day_prefixes:
            hit = self._core(i + 1)
            if hit is not None:
                hit.i = i
        return hit

    def _core(self, i: int) -> _Hit | None:
        return (self._absolute(i) or self._dayword(i) or self._weekday(i)
                or self._units(i) or self._period(i) or self._month_only(i)
                or self._year_only(i))

    # --- numeric dates ----------------------------------------------------
    def _numeric(self, ymd: bool, a: int, b: int, c: int) -> tuple[date, str] | None:
        """2022-01-11, ۱۴۰۰/۱۰/۱۷, 11.01.2022: day first; the US order only
        in English and only when the day is > 12 (else ambiguous: none)."""
        y, mo, d = (a, b, c) if ymd else (c, b, a)
        if not ymd and "mdy" in self.lex.date_orders:
            if a <= 12 < b:
                mo, d = a, b
            elif a <= 12 and b <= 12:
                return None
        for cal in self.lex.numeric_calendars:
            lo, hi = YEAR_RANGES[cal]
            if lo <= y <= hi and (v := to_gregorian(cal, y, mo, d)):
                return v, cal
        return None

    def _spaced_numeric(self, i: int) -> _Hit | None:
        """A numeric date written with spaces: "25 / 8 / 1436هـ", "2022 - 01 - 11"."""
        if i + 2 >= self.n or not self.keys[i].isdigit():
            return None
        sep = self.text[self.ends[i]:self.starts[i + 1]].strip()
        if sep not in ("/", "-") or self.text[self.ends[i + 1]:self.starts[i + 2]].strip() != sep:
            return None
        lens = tuple(len(self.keys[k]) if self.keys[k].isdigit() else 0 for k in (i, i + 1, i + 2))
        if 0 in lens or lens[1] > 2 or not (lens[0] == 4 and lens[2] <= 2
                                              or lens[0] <= 2 and lens[2] == 4):
            return None
        v = self._numeric(lens[0] == 4, *(int(self.keys[k]) for k in (i, i + 1, i + 2)))
        if v is None:
            return None
        suffix = self.get(i + 3, "ysuffix")
        return _Hit(i, i + 3 + (suffix[0] if suffix else 0), v[0], "day", "absolute", v[1])

    # --- absolute dates ----------------------------------------------------
    def _absolute(self, i: int) -> _Hit | None:
        """[weekday [equivalence]] day month [year] | … month day [year] |
        … numeric date ("الجمعة الموافق 9/9/1436هـ")."""
        j = i
        wd = self.get(i, "weekday")
        if wd and self.capital_ok(i):
            j += wd[0]
            eq = self.get(j, "equiv")
            if eq:
                j += eq[0]
        hit = self._numeric_token(j) or self._spaced_numeric(j)
        for order in self.lex.date_orders:
            hit = hit or (self._dmy(j) if order == "dmy" else self._mdy(j))
        if hit:
            hit.i = i
        return hit

    def _numeric_token(self, i: int) -> _Hit | None:
        """A compact numeric date (one token, see :meth:`_add_chunk`)."""
        v = self.numeric_at.get(i)
        if v is None:
            return None
        suffix = self.get(i + 1, "ysuffix")
        return _Hit(i, i + 1 + (suffix[0] if suffix else 0), v[0], "day", "absolute", v[1])

    def _month_at(self, k: int):
        """A month name at token k: (length, calendar, month, flags, worded),
        an alternative name of the same month ("كانون الثاني/يناير") and the
        word "month" after it ("۱۷ دی ماه ۱۴۰۰") absorbed."""
        mo = self.get(k, "month")
        if not mo or not self.capital_ok(k):
            return None
        n, (cal, num, flags) = mo
        alt = self.get(k + n, "month")
        if alt and alt[1][1] == num and alt[1][0] == cal:
            n += alt[0]
        worded = self.key(k + n) in self.lex.month_words
        return n + worded, cal, num, flags, worded

    def _year(self, k: int, cals, marked: bool = False) -> tuple[int, int, str] | None:
        """A year at token k in one of ``cals`` (or, when ``marked``, in the
        calendar its suffix names: "1443 هـ"): (end token, year, calendar)."""
        y = self.number(k)
        if y is None or len(self.key(k)) != 4:
            return None
        suffix = self.get(k + 1, "ysuffix")
        if self.glued_letters(k) and not suffix:
            return None  # "1990s"
        if suffix:
            if marked:
                cals = (suffix[1],)
            elif suffix[1] not in cals:
                suffix = None  # "1443" then a Gregorian mark: not this date's year
        for cal in cals:
            lo, hi = YEAR_RANGES[cal]
            if lo <= y <= hi:
                return k + 1 + (suffix[0] if suffix else 0), y, cal
        return None

    def _day_date(self, i, k, day, cal, num, flags) -> _Hit | None:
        """Finish a day-month date whose month ends before token k."""
        if not flags[3]:
            return None  # "(21) ноябрь 2006": a count before a month
        y = self._year(k, (cal,))
        if y:
            v = to_gregorian(cal, y[1], num, day)
            return _Hit(i, y[0], v, "day", "absolute", cal) if v else None
        if flags[0] or not _exists(cal, num, day):
            return None  # "31 February" is not a date; صفر "zero" needs a year
        v = _nearest(cal, num, day, self.anchor) if self.anchor else None
        return _Hit(i, k, v, "day", "absolute", cal)

    def _dmy(self, j: int) -> _Hit | None:
        day = self.number(j, 1, 31)
        if day is None or len(self.key(j)) > 2:
            return None
        k = j + 1
        if self.key(k) in self.lex.day_suffixes:
            k += 1
        if self.key(k) in self.lex.date_linkers:
            k += 1
        mo = self._month_at(k)
        if not mo:
            return None
        n, cal, num, flags, _ = mo
        return self._day_date(j, k + n, day, cal, num, flags)

    def _mdy(self, j: int) -> _Hit | None:
        mo = self._month_at(j)
        if not mo:
            return None
        n, cal, num, flags, _ = mo
        k = j + n
        day = self.number(k, 1, 31)
        if day is None or len(self.key(k)) > 2:
            return None
        k += 1
        if self.key(k) in self.lex.day_suffixes:
            k += 1
        return self._day_date(j, k, day, cal, num, flags)

    def _month_only(self, i: int) -> _Hit | None:
        """A month without a day: with a year, or beside a cue ("in January",
        "شهر يناير", "دی ماه", "فبراير الماضي", "last March")."""
        mo = self._month_at(i)
        if not mo:
            return None
        n, cal, num, (need_year, need_word, abbreviated, _), word = mo
        k = i + n
        word = word or self.key(i - 1) in self.lex.month_words
        y = self._year(k, (cal,))
        if y:
            return _Hit(i, y[0], _month_start(cal, y[1], num), "month", "absolute", cal)
        start, rel = i, None
        before, after = self.get(i - 1, "rel"), self.get(k, "rel")
        if before and before[0] == 1:
            start, rel = i - 1, before[1]
        elif after:
            k, rel = k + after[0], after[1]
        cue = (self.key(i - 1) in self.lex.month_cues or rel) and not need_word
        if need_year or abbreviated or not (word or cue):
            return None
        v = _nearest(cal, num, None, self.anchor, rel) if self.anchor else None
        return _Hit(start, k, v, "month", "absolute", cal)

    def _year_only(self, i: int) -> _Hit | None:
        """A year after a cue ("in 2020", "عام 2020", "سال ۱۴۰۰", "в 2020 году")."""
        if self.key(i - 1) not in self.lex.year_cues:
            return None
        y = self._year(i, tuple(self.lex.year_calendars), marked=True)
        if not y:
            return None
        return _Hit(i, y[0], to_gregorian(y[2], y[1], 1, 1), "year", "absolute", y[2])

    # --- relative days and weekdays -----------------------------------------
    def _dayword(self, i: int) -> _Hit | None:
        """today / yesterday / أول أمس …, alone or with a weekday or a date."""
        dw = self.get(i, "day")
        if not dw:
            return None
        n, off = dw
        k = i + n
        if (self.key(k) in self.lex.day_word_blockers_next
                or self.key(i - 1) in self.lex.day_word_blockers_prev or self._in_name(i)):
            return None
        hit = self._absolute(k)
        if hit is None and self.key(k) in self.lex.day_prefixes:
            hit = self._absolute(k + 1)  # "сегодня, в понедельник"
        if hit is not None:
            hit.i = i
            return hit
        if self.key(k) in self.lex.day_prefixes and self.get(k + 1, "weekday"):
            k += 1  # "сегодня, в понедельник"
        wd = self.get(k, "weekday")
        if wd and self.capital_ok(k):
            value = self._weekday_value(wd[1], None, off, False)
            return _Hit(i, k + wd[0], value, "day", "weekday")
        value = self.anchor + timedelta(days=off) if self.anchor else None
        return _Hit(i, k, value, "day", "relative")

    def _in_name(self, i: int) -> bool:
        """A capitalized "Today" after a capitalized word is a name ("USA Today")."""
        if not self.lex.capitalized or i == 0 or not self.text[self.starts[i]].isupper():
            return False
        return self.text[self.starts[i - 1]].isupper() and not self.broken(i)

    def _weekday(self, i: int) -> _Hit | None:
        """[last|next|this] weekday [last|next] [of last/next/this week]."""
        j, rel = i, None
        r = self.get(i, "rel")
        if r:
            rel, j = r[1], i + r[0]
        wd = self.get(j, "weekday")
        if not wd or not self.capital_ok(j):
            return None
        if rel is None and self.key(i - 1) in self.lex.weekday_blockers:
            return None
        k = j + wd[0]
        week = None
        if rel is None:
            r = self.get(k, "rel")
            if r and self.key(k + r[0]) not in self.lex.event_relative_next:
                rel, k = r[1], k + r[0]
            else:
                k, week = self._week_of(k)
        future = rel is None and week is None and self._future_near(i, k)
        value = self._weekday_value(wd[1], rel, None, future, week)
        return _Hit(i, k, value, "day", "weekday")

    def _week_of(self, k: int) -> tuple[int, str | None]:
        """"of last week" after a weekday ("دوشنبه هفته گذشته"): (end, rel)."""
        k2 = k + 1 if self.key(k) in self.lex.date_linkers else k
        u = self.get(k2, "unit")
        if u and u[1] == ("week", 1):
            r = self.get(k2 + u[0], "rel")
            if r:
                return k2 + u[0] + r[0], r[1]
        return k, None

    def _weekday_value(self, wd: int, rel: str | None, base: int | None, future: bool,
                       week: str | None = None) -> date | None:
        a = self.anchor
        if a is None:
            return None
        if week is not None or rel == "this":
            ws = self.lex.week_start
            first = a - timedelta(days=(a.weekday() - ws) % 7)  # of the anchor's week
            first += timedelta(weeks=_REL_STEP[week or rel])
            return first + timedelta(days=(wd - ws) % 7)
        if base is not None:  # اليوم الاثنين, أمس الأربعاء, غدا الخميس
            b = a + timedelta(days=base)
            if b.weekday() == wd:
                return b
            rel = "next" if base > 0 else None
        if rel == "last":
            return a - timedelta(days=(a.weekday() - wd) % 7 or 7)
        if rel == "next":
            return a + timedelta(days=(wd - a.weekday()) % 7 or 7)
        if future:
            return a + timedelta(days=(wd - a.weekday()) % 7)
        return a - timedelta(days=(a.weekday() - wd) % 7)

    def _future_near(self, i: int, j: int) -> bool:
        """A future-tense marker near tokens [i, j) in the same clause."""
        side, breaks = self.lex.future_side, self.lex.clause_breaks
        if side in ("before", "both"):
            for k in range(i - 1, max(i - 1 - FUTURE_WINDOW, -1), -1):
                if self.broken(k + 1) or self.keys[k] in breaks:
                    break
                if self.get(k, "future"):
                    return True
        if side in ("after", "both"):
            for k in range(j, min(j + FUTURE_WINDOW, self.n)):
                if (k > 0 and self.broken(k)) or self.keys[k] in breaks:
                    break
                if self.get(k, "future"):
                    return True
        return False

    # --- units: last week, two days ago ------------------------------------
    def _units(self, i: int) -> _Hit | None:
        """REL UNIT | UNIT REL | OFFSET [N] UNIT | [N] UNIT OFFSET."""
        r = self.get(i, "rel")
        if r:
            u = self.get(i + r[0], "unit")
            j = i + r[0] + u[0] if u else i
            if (u and u[1][0] != "day" and u[1][1] == 1
                    and self.key(j) not in self.lex.event_relative_next):  # "the last week of"
                return self._shifted(i, j, u[1][0], _REL_STEP[r[1]])
        o = self.get(i, "offset")
        if o and o[1][1] == "before":
            hit = self._counted(i + o[0], o[1][0], None)
            if hit:
                hit.i = i
                return hit
        u = self.get(i, "unit")
        counted = self.number(i - 1, 1, 100) is not None or self.get(i - 1, "num")
        if u and u[1][0] != "day" and u[1][1] == 1 and not counted:  # "سه سال گذشته": a span
            r = self.get(i + u[0], "rel")
            if r and self.key(i + u[0] + r[0]) not in self.lex.event_relative_next:
                # "هفته پیش" is last week, not "a week ago": both are near,
                # the week is the honest precision.
                return self._shifted(i, i + u[0] + r[0], u[1][0], _REL_STEP[r[1]])
        return self._counted(i, None, "after")

    def _counted(self, k: int, direction: int | None, pos: str | None) -> _Hit | None:
        """[N] UNIT, then (pos="after") an offset marker after it."""
        num = self.get(k, "num")
        count, k2 = (num[1], k + num[0]) if num else (self.number(k, 1, 1000), k + 1)
        if count is None:
            k2 = k
        u = self.get(k2, "unit")
        if not u:
            return None
        unit, ucount = u[1]
        if count is None:
            if ucount == 0:
                return None  # "أيام" alone: some days
            count = ucount
        k3 = k2 + u[0]
        if pos == "after":
            o = self.get(k3, "offset")
            if not o or o[1][1] != "after":
                return None
            direction, k3 = o[1][0], k3 + o[0]
        if self.number(k3) is not None or self.key(k3) in self.lex.event_relative_next:
            return None  # "منذ عام 2011" (since the year 2011), "two days before the vote"
        return self._shifted(k, k3, unit, direction * count)

    def _shifted(self, i: int, j: int, unit: str, steps: int) -> _Hit:
        """The anchor moved by ``steps`` units, at that unit's precision."""
        a = self.anchor
        if a is None:
            return _Hit(i, j, None, unit, "relative")
        if unit == "day":
            return _Hit(i, j, a + timedelta(days=steps), "day", "relative")
        if unit == "week":
            return _Hit(i, j, _monday(a + timedelta(weeks=steps)), "week", "relative")
        cal = self.lex.relative_calendar
        y, m = _month_of(cal, a)
        if unit == "month":
            return _Hit(i, j, _month_start(cal, y, m + steps), "month", "relative", cal)
        return _Hit(i, j, to_gregorian(cal, y + steps, 1, 1), "year", "relative", cal)

    def _period(self, i: int) -> _Hit | None:
        """One word for a period: امسال (this year), پارسال (last year)."""
        p = self.get(i, "period")
        return self._shifted(i, i + p[0], p[1][0], p[1][1]) if p else None
