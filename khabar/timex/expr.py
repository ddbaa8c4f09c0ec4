"""Time expressions: the :class:`TimeExpr` record and the constants the
scanner and the calendar arithmetic share (see :mod:`khabar.timex`)."""

from __future__ import annotations

import re
from dataclasses import dataclass


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
