"""Arabic calendar words that CLDR does not give under the ``ar`` locale.

Gregorian month names come from CLDR through babel: ``ar`` (يناير …) and the
Levantine/Iraqi locales (``ar_SY``, ``ar_LB``, ``ar_IQ``: كانون الثاني …), so
they are not repeated here.  Lunar Hijri month names (common in Gulf media)
are listed in calendar order, with frequent spelling variants.
"""

HIJRI_MONTHS = [
    ["محرم"],
    ["صفر"],
    ["ربيع الأول", "ربيع الاول", "ربيع أول"],
    ["ربيع الآخر", "ربيع الثاني", "ربيع الاخر"],
    ["جمادى الأولى", "جمادى الاولى", "جمادى الأول"],
    ["جمادى الآخرة", "جمادى الثانية", "جمادى الاخرة"],
    ["رجب"],
    ["شعبان"],
    ["رمضان"],
    ["شوال"],
    ["ذو القعدة", "ذي القعدة"],
    ["ذو الحجة", "ذي الحجة"],
]

# ---------------------------------------------------------------------------
# Time expressions (khabar.timex).  Plain data; the grammar is in timex.
# Words are written in ordinary spelling; timex folds them with
# khabar.normalize.key, so hamza and teh marbuta variants meet.
# ---------------------------------------------------------------------------

# CLDR locales whose Gregorian month and weekday names Arabic news uses:
# Egyptian/Gulf (يناير), Levantine/Iraqi (كانون الثاني), Maghreb (جانفي، ماي).
LOCALES = ("ar", "ar_SY", "ar_LB", "ar_IQ", "ar_JO", "ar_MA", "ar_DZ", "ar_TN")

# A word naming a day relative to the day of writing → offset in days.
DAY_WORDS: dict[str, int] = {
    "اليوم": 0,
    "أمس": -1,
    "بالأمس": -1,
    "البارحة": -1,
    "الليلة الماضية": -1,
    "أول أمس": -2,
    "أول من أمس": -2,
    "أمس الأول": -2,
    "غدا": 1,
    "يوم الغد": 1,
    "صباح الغد": 1,
    "مساء الغد": 1,
    "بعد غد": 2,
}
# اليوم is also "the day": followed by an ordinal or an adjective it names
# another day ("اليوم التالي" the next day, "اليوم الوطني" national day).
DAY_WORD_BLOCKERS_NEXT = (
    "التالي", "السابق", "الموالي", "الأخير", "الأول", "الثاني", "الثالث", "الرابع",
    "الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر", "الذي", "الواحد",
    "الوطني", "العالمي", "الدولي", "المفتوح", "الموعود",
)
# ... and after these it is "that day", "the same day" of the story.
DAY_WORD_BLOCKERS_PREV = ("ذلك", "نفس", "ذات")

# Units of relative expressions → (unit, count); count 0 is a plural that
# needs a number ("ثلاثة أيام"), 2 the dual ("يومين" two days).
UNIT_WORDS: dict[str, tuple[str, int]] = {
    "يوم": ("day", 1), "يوما": ("day", 1), "أيام": ("day", 0), "يومين": ("day", 2),
    "أسبوع": ("week", 1), "أسبوعا": ("week", 1), "الأسبوع": ("week", 1),
    "أسابيع": ("week", 0), "أسبوعين": ("week", 2),
    "شهر": ("month", 1), "شهرا": ("month", 1), "الشهر": ("month", 1),
    "أشهر": ("month", 0), "شهور": ("month", 0), "شهرين": ("month", 2),
    "عام": ("year", 1), "عاما": ("year", 1), "العام": ("year", 1), "أعوام": ("year", 0),
    "عامين": ("year", 2), "سنة": ("year", 1), "السنة": ("year", 1), "سنوات": ("year", 0),
    "سنين": ("year", 0), "سنتين": ("year", 2),
}
# Adjectives and demonstratives that place a unit or a weekday.
RELATIVE_MARKERS: dict[str, str] = {
    "الماضي": "last", "الماضية": "last", "المنصرم": "last", "المنصرمة": "last",
    "الفائت": "last", "الفائتة": "last",
    "المقبل": "next", "المقبلة": "next", "القادم": "next", "القادمة": "next",
    "الجاري": "this", "الجارية": "this", "الحالي": "this", "الحالية": "this",
    "هذا": "this", "هذه": "this",
}
# "قبل يومين" (two days ago), "منذ أسبوع", "بعد ثلاثة أيام": the marker
# stands before the number → (direction, position).
OFFSET_MARKERS: dict[str, tuple[int, str]] = {
    "قبل": (-1, "before"), "منذ": (-1, "before"), "بعد": (1, "before"),
}
# After an offset these make it relative to another happening
# ("قبل يومين من الانتخابات" two days before the elections).
EVENT_RELATIVE_NEXT = ("من", "على")

NUMBER_WORDS: dict[str, int] = {
    "واحد": 1, "واحدة": 1, "اثنين": 2, "اثنان": 2, "ثلاثة": 3, "ثلاث": 3,
    "أربعة": 4, "أربع": 4, "خمسة": 5, "خمس": 5, "ستة": 6, "ست": 6, "سبعة": 7,
    "سبع": 7, "ثمانية": 8, "ثماني": 8, "ثمان": 8, "تسعة": 9, "تسع": 9,
    "عشرة": 10, "عشر": 10,
}

# "يوم الاثنين", "يوم 11 يناير", "يوم أمس": part of the expression.
DAY_PREFIXES = ("يوم",)
# Words before a month name that make a bare name a month ("في يناير").
MONTH_CUES = ("في", "خلال", "منذ", "حتى", "مطلع", "أوائل", "أواخر", "منتصف", "نهاية", "بداية")
# "شهر يناير": the word "month" beside a month name.
MONTH_WORDS = ("شهر",)
# Words before a bare year ("عام 2022", "في سنة 2020").
YEAR_CUES = ("عام", "العام", "لعام", "للعام", "سنة", "لسنة", "للسنة")
# Calendar marks after a year: هـ (hijri), م (Gregorian).
YEAR_SUFFIXES: dict[str, str] = {
    "هـ": "hijri", "ه": "hijri", "هجري": "hijri", "هجرية": "hijri",
    "م": "gregorian", "ميلادي": "gregorian", "ميلادية": "gregorian",
}
# "11 من يناير".
DATE_LINKERS = ("من",)
DATE_ORDERS = ("dmy",)
# Month names that are also common words and count as months only with a
# year: صفر is "zero" (a score "فاز 3 صفر").
MONTHS_NEED_YEAR = ("صفر",)

# A weekday name after these is not a day: "بين الاثنين" (between the two),
# "صلاة الجمعة" (the Friday prayer, an institution).
WEEKDAY_BLOCKERS = ("بين", "كلا", "صلاة", "خطبة", "خطيب", "إمام", "أئمة")

# Future tense before a bare weekday: "سوف يزور ... الاثنين" is the coming
# Monday.  (The prefix سـ is not used: too many words begin with سي/ست.)
FUTURE_MARKERS = ("سوف", "المقرر", "المزمع", "المرتقب", "المنتظر")
FUTURE_SIDE = "before"
CLAUSE_BREAKS = ("أن", "إن", "بأن", "لأن")
# Proclitics written onto the next word ("وأمس", "وفي يناير", "والأسبوع الماضي").
PROCLITICS = ("و", "ف")
# CLDR locale whose first day of the week places "الاثنين من الأسبوع الماضي";
# Gulf media (Saudi Arabia) start the week on Sunday.
WEEK_LOCALE = "ar_SA"
# A numeric date is Gregorian when its year fits, else lunar Hijri: Saudi
# media write "25/8/1436هـ".
NUMERIC_CALENDARS = ("gregorian", "hijri")
# "الجمعة الموافق 9/9/1436هـ": a weekday and the date it falls on.
EQUIVALENCE_WORDS = ("الموافق", "الموافقة", "الموافق لـ")
