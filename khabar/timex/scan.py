"""The scanner: one pass over a span of text, token by token, that finds and
resolves time expressions (see :mod:`khabar.timex`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate, compress

from ..dates import to_gregorian
from .calendars import _exists, _monday, _month_of, _month_start, _nearest
from .expr import _REL_STEP, _SENTENCE_BREAK, FUTURE_WINDOW, YEAR_RANGES, TimeExpr
from .lexicon import _GAP, _NUMERIC, _WORD_KEYS, _chunk, _windows


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
