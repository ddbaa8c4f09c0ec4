"""Persian speech cues (language data for khabar.quotes).

Persian is verb-final: the speaker opens the clause and the speech verb
follows, with the content either after it ("… گفت: «…»", "… گفت، …", "…
گفت که …") or between the speaker and the verb ("وزیر … تاکید کرد.").
"به گزارش X،" and "به نقل از X" attribute the rest of the sentence to X.  A
dropped subject ("افزود: …") continues the previous speaker.

VERBS lists the past third person singular (simple verbs and light-verb
compounds, written with a space; a ZWNJ or no space also matches);
khabar.quotes adds the plural ending of the last word (ند) and the perfect
("گفته است", "گفته‌اند").  PRESENT maps the last word of a past form to its
present stem, which takes می/می‌ and ـد/ـند ("می‌گوید", "تاکید می‌کند").
"""

VERBS: tuple[str, ...] = (
    "گفت", "افزود", "اظهار داشت", "اظهار کرد", "تصریح کرد", "تاکید کرد", "تأکید کرد",
    "خاطرنشان کرد", "خاطر نشان کرد", "خاطرنشان ساخت", "عنوان کرد", "اعلام کرد", "یادآور شد",
    "یادآوری کرد", "ادامه داد", "بیان کرد", "بیان داشت", "توضیح داد", "اضافه کرد",
    "هشدار داد", "مدعی شد", "نوشت", "اذعان کرد", "تشریح کرد", "متذکر شد", "اشاره کرد",
    "گزارش داد", "اعلام داشت", "تاکید داشت", "تأکید داشت", "ابراز امیدواری کرد",
    "ابراز نگرانی کرد", "ابراز داشت", "اعتراف کرد", "پیشنهاد کرد", "درخواست کرد",
    "خواستار شد", "انتقاد کرد", "ادعا کرد", "تکذیب کرد", "اعلام نمود", "تاکید نمود",
    "تأکید نمود", "اظهار نمود", "بیان نمود", "عنوان نمود", "خبر داد", "پاسخ داد",
)

PLURAL_SUFFIX = "ند"
# The bare participle (گفته, نوشته) is left out: it is also a noun or an
# adjective ("به نوشته …", "گفته‌های او").
PERFECT_FORMS: tuple[str, ...] = ("ه است", "ه‌است", "ه‌اند", "ه اند")

# Last word of a past form -> present stem (for می‌… ـد / ـند).
PRESENT: dict[str, str] = {
    "گفت": "گوی", "افزود": "افزای", "داشت": "دار", "کرد": "کن", "نمود": "نمای",
    "شد": "شو", "داد": "ده", "نوشت": "نویس", "ساخت": "ساز",
}
PRESENT_PREFIXES: tuple[str, ...] = ("می‌", "می ", "می")
PRESENT_ENDINGS: tuple[str, ...] = ("د", "ند")

# Phrases that attribute the rest of the sentence to the noun phrase after
# them, up to the next comma ("به گزارش خبرگزاری فارس، …").
ACCORDING_TO: tuple[str, ...] = (
    "به گزارش", "بنا بر گزارش", "بنابر گزارش", "طبق گزارش", "بر اساس گزارش", "به نوشته",
    "به نقل از", "به گفته", "از قول", "بنا به گفته", "بنابر اعلام", "به اعلام",
)

# Complementizer opening reported content after the verb ("گفت که …").
COMPLEMENTIZERS: tuple[str, ...] = ("که",)

# Words that end the speaker phrase at the start of a clause: time words and
# prepositions opening adjuncts ("وزیر خارجه روز جمعه گفت", "او در این دیدار
# گفت").
SPEAKER_STOPS: frozenset[str] = frozenset("""
روز امروز دیروز امشب صبح ظهر عصر شب بامداد در با به از طی ضمن پس پیش هنگام
درباره دربارهٔ برای تا بر که نیز هم همچنین اخیرا اخیراً امروز همچنان سپس
شنبه یکشنبه دوشنبه سه‌شنبه چهارشنبه پنجشنبه پنج‌شنبه جمعه
""".split())

# Words that open a clause and are not part of the speaker.
CLAUSE_OPENERS: frozenset[str] = frozenset("و اما ولی همچنین سپس".split())

# Pronouns that stand for an earlier actor.
PRONOUNS: frozenset[str] = frozenset("او وی آنها ایشان آنان".split())
PERSONAL_PRONOUNS: frozenset[str] = frozenset("او وی ایشان".split())

# Subjects may be dropped ("افزود: …"): a cue without a speaker continues the
# previous quote's speaker.
PRO_DROP = True

# A statement or message as the speaker ("در این بیانیه آمده"): its issuer is
# the earlier speaker whose words came in a statement, else the previous one.
DOCUMENTS: frozenset[str] = frozenset("بیانیه بیانیهٔ پیام نامه اطلاعیه".split())
# Words that make a statement speaker refer back to an earlier one ("the
# statement"; Arabic: the article ال on the noun).
DOCUMENT_DETERMINERS: frozenset[str] = frozenset("این همین اين".split())

# Role nouns a speaker may be referred back to by ("وزیر گفت"), beyond the
# titles of khabar.lang.fa.titles.
ROLE_WORDS: tuple[str, ...] = tuple("""
وزیر مقام سخنگو سخنگوی دیپلمات سفیر رئیس دبیرکل وزارت دولت نماینده مسئول
""".split())
# The role words above that name an organization, not a person ("the
# ministry said"): they refer back to an organization only.
ORG_ROLE_WORDS: frozenset[str] = frozenset("وزارت دولت".split())

QUOTE_PAIRS: dict[str, str] = {"\u00ab": "\u00bb", "\u201c": "\u201d", '"': '"', "\u2039": "\u203a"}

# Word order read by khabar.quotes: the speech verb ends its clause.
VERB_FINAL = True
