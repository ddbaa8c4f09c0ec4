"""English time-expression words (language data for :mod:`khabar.timex`).

Month and weekday names come from CLDR through babel; this module holds the
words around them: "yesterday", "last week", "two days ago".  Keys are
case-folded by :func:`khabar.normalize.key`.
"""

LOCALES = ("en",)
# News capitalizes month and weekday names; requiring it keeps "may" (the
# verb) and "march" (the noun) out.
CAPITALIZED_NAMES = True

# Wire copy abbreviates September "Sept." (CLDR: "Sep").
EXTRA_MONTHS: dict[str, int] = {"Sept": 9}

DAY_WORDS: dict[str, int] = {
    "today": 0,
    "tonight": 0,
    "yesterday": -1,
    "last night": -1,
    "day before yesterday": -2,
    "tomorrow": 1,
    "day after tomorrow": 2,
}

UNIT_WORDS: dict[str, tuple[str, int]] = {
    "day": ("day", 1), "days": ("day", 0),
    "week": ("week", 1), "weeks": ("week", 0),
    "month": ("month", 1), "months": ("month", 0),
    "year": ("year", 1), "years": ("year", 0),
}
RELATIVE_MARKERS: dict[str, str] = {
    "last": "last", "past": "last", "previous": "last",
    "next": "next", "coming": "next",
    "this": "this", "current": "this",
}
# "in two weeks" is left out: in news it is more often a duration ("sold
# 235,000 copies in eight months") than a date.
OFFSET_MARKERS: dict[str, tuple[int, str]] = {
    "ago": (-1, "after"), "from now": (1, "after"),
}
# "two days before the vote", "a week after the attack".
EVENT_RELATIVE_NEXT = ("before", "after", "of", "earlier", "later")

NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}

DAY_PREFIXES = ("on",)
MONTH_CUES = ("in", "since", "until", "during", "from", "by", "early", "late", "mid",
              "through", "of", "last", "next", "this")
MONTH_WORDS = ()
YEAR_CUES = ("in", "since", "until", "during", "by")
YEAR_SUFFIXES: dict[str, str] = {"ad": "gregorian"}
DAY_SUFFIXES = ("st", "nd", "rd", "th")
DATE_LINKERS = ("of",)
# "11 January 2022" and "January 11, 2022".
DATE_ORDERS = ("dmy", "mdy")
MONTHS_NEED_YEAR = ()

# Named days that are not a day of this week: "Good Friday", "Black Friday".
WEEKDAY_BLOCKERS = ("good", "black", "holy", "ash", "cyber", "super", "bloody", "maundy")

FUTURE_MARKERS = ("will", "shall", "ll", "scheduled", "set to", "plans to", "expected to")
FUTURE_SIDE = "before"
CLAUSE_BREAKS = ("that",)
WEEK_LOCALE = "en_GB"  # first day of the week (Monday) for "Monday of last week"
