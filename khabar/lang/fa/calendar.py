"""Solar Hijri (Jalali) month names, the calendar of Iranian and Afghan media.

Afghan (Dari) usage names the months after the zodiac (حمل، ثور …); both are
listed, in calendar order.  Conversion to Gregorian: :mod:`jdatetime`.
"""

JALALI_MONTHS = [
    ["فروردین", "حمل"],
    ["اردیبهشت", "ثور"],
    ["خرداد", "جوزا"],
    ["تیر", "سرطان"],
    ["مرداد", "امرداد", "اسد"],
    ["شهریور", "سنبله"],
    ["مهر", "میزان"],
    ["آبان", "عقرب"],
    ["آذر", "قوس"],
    ["دی", "جدی"],
    ["بهمن", "دلو"],
    ["اسفند", "حوت"],
]


# ---------------------------------------------------------------------------
# Time expressions (khabar.timex).  Plain data; the grammar is in timex.
# Written in standard Persian spelling; timex folds words with
# khabar.normalize.key (ی/ي, ک/ك, ZWNJ → space).
# ---------------------------------------------------------------------------

# CLDR locales: Iranian Persian (ژانویه) and Dari (جنوری، می).
LOCALES = ("fa", "fa_AF")

# Lunar Hijri month names as Persian writes them (Arabic spellings are in
# khabar.lang.ar.calendar.HIJRI_MONTHS and are accepted too).
HIJRI_MONTHS_FA = [
    ["محرم"],
    ["صفر"],
    ["ربیع‌الاول", "ربیع‌الأول"],
    ["ربیع‌الثانی", "ربیع‌الآخر"],
    ["جمادی‌الاول", "جمادی‌الاولی", "جمادی‌الأولی"],
    ["جمادی‌الثانی", "جمادی‌الثانیه", "جمادی‌الآخر", "جمادی‌الآخره"],
    ["رجب"],
    ["شعبان"],
    ["رمضان"],
    ["شوال"],
    ["ذی‌القعده"],
    ["ذی‌الحجه"],
]

DAY_WORDS: dict[str, int] = {
    "امروز": 0,
    "امشب": 0,
    "دیروز": -1,
    "روز گذشته": -1,
    "دیشب": -1,
    "شب گذشته": -1,
    "پریروز": -2,
    "فردا": 1,
    "پس‌فردا": 2,
}
# Words naming a whole period relative to now → (unit, offset).
PERIOD_WORDS: dict[str, tuple[str, int]] = {
    "امسال": ("year", 0),
    "پارسال": ("year", -1),
}

UNIT_WORDS: dict[str, tuple[str, int]] = {
    "روز": ("day", 1),
    "هفته": ("week", 1),
    "ماه": ("month", 1),
    "سال": ("year", 1),
}
# Persian puts the marker after the unit ("هفته گذشته", "ماه آینده") and
# "این" before it ("این هفته").
RELATIVE_MARKERS: dict[str, str] = {
    "گذشته": "last", "پیش": "last", "قبل": "last",
    "آینده": "next", "بعد": "next", "دیگر": "next", "آتی": "next",
    "جاری": "this", "این": "this",
}
# "دو روز پیش" (two days ago), "سه هفته دیگر" (in three weeks).  گذشته is
# not one of them: "سه روز گذشته" is "the past three days", a duration.
OFFSET_MARKERS: dict[str, tuple[int, str]] = {
    "پیش": (-1, "after"), "قبل": (-1, "after"),
    "دیگر": (1, "after"), "بعد": (1, "after"),
}
# "دو روز پیش از انتخابات": relative to another happening.
EVENT_RELATIVE_NEXT = ("از",)

NUMBER_WORDS: dict[str, int] = {
    "یک": 1, "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "شیش": 6,
    "هفت": 7, "هشت": 8, "نه": 9, "ده": 10,
}

DAY_PREFIXES = ("روز",)
MONTH_CUES = ("در", "از", "تا", "طی", "اوایل", "اواخر", "اواسط", "ابتدای", "پایان")
# "دی ماه", "ماه مهر": ماه beside a month name.
MONTH_WORDS = ("ماه",)
YEAR_CUES = ("سال",)
YEAR_SUFFIXES: dict[str, str] = {
    "ش": "jalali", "شمسی": "jalali", "خورشیدی": "jalali", "هجری شمسی": "jalali",
    "ق": "hijri", "قمری": "hijri", "هجری قمری": "hijri", "هـ.ق": "hijri", "هـ.ش": "jalali",
    "م": "gregorian", "میلادی": "gregorian",
}
DATE_LINKERS = ()
DATE_ORDERS = ("dmy",)
# Month names that are ordinary words unless a year follows: می (also the
# verb prefix, "می شود"), مه ("fog"), and the Dari zodiac names
# (سرطان "cancer", میزان "level", جدی "serious", قوس "arc", دلو "bucket" …).
# The Iranian names below are months after a day number ("۱۷ دی"), but
# without a day only beside ماه or a year: مهر "kindness, seal", دی, تیر
# "arrow, bullet", آذر "fire", بهمن "avalanche" and the rest are also names.
MONTHS_NEED_YEAR = ("می", "مه", "مهٔ", "حمل", "ثور", "جوزا", "سرطان", "اسد", "سنبله",
                    "میزان", "عقرب", "قوس", "جدی", "دلو", "حوت")
MONTHS_NEED_MONTH_WORD = ("مهر", "دی", "تیر", "آذر", "بهمن", "آبان", "خرداد", "مرداد")

# "نماز جمعه" (Friday prayer), "امام جمعه" (Friday prayer leader).
WEEKDAY_BLOCKERS = ("نماز", "امام", "ائمه", "خطیب", "خطبه", "خطبه‌های")

# Future tense: the auxiliary خواستن and "قرار است" (is to).
FUTURE_MARKERS = ("خواهد", "خواهند", "خواهم", "خواهیم", "خواهید", "قرار است")
FUTURE_SIDE = "both"
CLAUSE_BREAKS = ("که", "گفت", "افزود")
# A bare year number (سال ۱۴۰۰) is Solar Hijri when it fits, else Gregorian;
# "ماه گذشته" and "سال آینده" count Solar Hijri months and years.
YEAR_CALENDARS = ("jalali", "gregorian")
RELATIVE_CALENDAR = "jalali"
# CLDR locale for the first day of the week (Saturday in Iran).
WEEK_LOCALE = "fa_IR"
# A numeric date (۱۴۰۰/۱۰/۱۷) is Gregorian when its year fits, else Solar Hijri.
NUMERIC_CALENDARS = ("gregorian", "jalali")
# "جمعه برابر با ۱۷ دی": a weekday and the date it falls on.
EQUIVALENCE_WORDS = ("برابر با", "مصادف با", "مطابق با")
