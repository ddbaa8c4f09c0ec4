"""Russian time-expression words (language data for :mod:`khabar.timex`).

Month and weekday names come from CLDR through babel in the nominative and
genitive ("январь", "января"); the other case forms news uses ("в январе",
"в среду", "в прошлую пятницу") are listed here, with the words around them.
"""

LOCALES = ("ru",)

# After a day number a month is in the genitive (CLDR's format context:
# "21 ноября"); the nominative "ноябрь 2006" and the prepositional "в ноябре"
# name a month only.
DAY_NEEDS_FORMAT_CONTEXT = True
# Prepositional case of the months: "в январе 2022 года".
EXTRA_MONTHS: dict[str, int] = {
    "январе": 1, "феврале": 2, "марте": 3, "апреле": 4, "мае": 5, "июне": 6,
    "июле": 7, "августе": 8, "сентябре": 9, "октябре": 10, "ноябре": 11, "декабре": 12,
}
# Accusative ("в среду") and genitive ("до пятницы") forms of the weekdays
# (ISO numbering, Monday = 0).
EXTRA_WEEKDAYS: dict[str, int] = {
    "понедельника": 0, "вторника": 1, "среду": 2, "среды": 2, "четверга": 3,
    "пятницу": 4, "пятницы": 4, "субботу": 5, "субботы": 5, "воскресенья": 6,
}

DAY_WORDS: dict[str, int] = {
    "сегодня": 0,
    "вчера": -1,
    "позавчера": -2,
    "завтра": 1,
    "послезавтра": 2,
}
# "Россия сегодня" is a news agency.
DAY_WORD_BLOCKERS_PREV = ("россия",)

UNIT_WORDS: dict[str, tuple[str, int]] = {
    "день": ("day", 1), "дня": ("day", 0), "дней": ("day", 0), "сутки": ("day", 1),
    "неделя": ("week", 1), "неделю": ("week", 1), "неделе": ("week", 1),
    "недели": ("week", 0), "недель": ("week", 0),
    "месяц": ("month", 1), "месяце": ("month", 1), "месяца": ("month", 0),
    "месяцев": ("month", 0),
    "год": ("year", 1), "году": ("year", 1), "года": ("year", 0), "лет": ("year", 0),
}
RELATIVE_MARKERS: dict[str, str] = {
    **dict.fromkeys(("прошлый", "прошлой", "прошлом", "прошлую", "прошлого", "прошлая",
                     "прошлое", "минувший", "минувшей", "минувшем", "минувшую"), "last"),
    **dict.fromkeys(("следующий", "следующей", "следующем", "следующую", "следующего",
                     "будущей", "будущем", "будущий", "ближайший", "ближайшую",
                     "ближайшей"), "next"),
    **dict.fromkeys(("этот", "этой", "этом", "эту", "этого", "текущий", "текущей",
                     "текущем", "нынешнем", "нынешней"), "this"),
}
OFFSET_MARKERS: dict[str, tuple[int, str]] = {
    "назад": (-1, "after"), "через": (1, "before"),
}
EVENT_RELATIVE_NEXT = ("после", "до", "спустя")

NUMBER_WORDS: dict[str, int] = {
    "один": 1, "одна": 1, "одну": 1, "одно": 1, "два": 2, "две": 2, "три": 3,
    "четыре": 4, "пять": 5, "шесть": 6, "семь": 7, "восемь": 8, "девять": 9,
    "десять": 10,
}

# "в понедельник", "на прошлой неделе": part of the expression.
DAY_PREFIXES = ("в", "во", "на")
MONTH_CUES = ("в", "с", "до", "к", "начале", "конце", "середине")
MONTH_WORDS = ()
YEAR_CUES = ("в", "с", "до")
# "2022 года", "в 2022 году", "2022 г.".
YEAR_SUFFIXES: dict[str, str] = {
    "год": "gregorian", "года": "gregorian", "году": "gregorian", "г": "gregorian",
}
# "11-го января".
DAY_SUFFIXES = ("го",)
DATE_LINKERS = ()
DATE_ORDERS = ("dmy",)
MONTHS_NEED_YEAR = ()

WEEKDAY_BLOCKERS = ("страстная", "страстную")

FUTURE_MARKERS = ("будет", "будут", "состоится", "состоятся", "пройдет", "пройдут")
FUTURE_SIDE = "both"
CLAUSE_BREAKS = ("что", "сообщил", "сообщила", "заявил", "заявила")
WEEK_LOCALE = "ru_RU"  # first day of the week (Monday)
