"""Arabic speech cues (language data for khabar.quotes).

Arabic news reports speech verb-first: the verb, then the speaker, then the
complementizer and the content ("قال وزير الخارجية الصيني وانغ يي إن …",
"وأكدت الوزارة في بيان أن …"); less often speaker-first ("الرئيس أكد أن").
A cue may need a particle before its content (أشار إلى أن، أعرب عن، شدد
على).  The same speaker continues with a circumstantial participle ("…،
مؤكداً أن …") or a pro-drop verb ("وأضاف أن …"); both leave the speaker to
the previous quote.  "بحسب X" / "وفق ما نقلت X" attribute the rest of the
sentence to X.

VERBS lists the third person masculine singular past; khabar.quotes adds
VERB_SUFFIXES (feminine ت, plural وا) and PREFIXES (the conjunctions و and
ف).  IRREGULAR_FORMS lists forms the suffix rule misses (verbs ending in
ى/ا: رأى → رأت، دعا → دعت) and present tense forms.  Spellings with and
without hamza are both listed where news text uses both.
"""

# verb -> particle its content follows (None: the content follows directly).
VERBS: dict[str, str | None] = {
    "قال": None, "أكد": None, "اكد": None, "أضاف": None, "اضاف": None, "صرح": None,
    "أوضح": None, "اوضح": None, "شدد": "على", "ذكر": None, "أشار": "إلى", "اشار": "إلى",
    "أعرب": "عن", "اعرب": "عن", "لفت": "إلى", "اعتبر": None, "أعلن": None, "اعلن": None,
    "كشف": "عن", "حذر": "من", "طالب": None, "تابع": None, "أفاد": None, "افاد": None,
    "نقل": "عن", "أردف": None, "اردف": None, "أبلغ": None, "ابلغ": None,
    "وصف": None, "أبدى": None, "جدد": None, "نوه": "إلى", "تساءل": None, "زعم": None,
    "اتهم": None, "انتقد": None, "رحب": "ب", "أدان": None, "استنكر": None, "ندد": "ب",
    "شرح": None, "أقر": None, "اعترف": None, "رأى": None, "دعا": "إلى",
    "نفى": None, "ادعى": None,
}

VERB_SUFFIXES: tuple[str, ...] = ("", "ت", "وا")
PREFIXES: tuple[str, ...] = ("", "و", "ف")

# Forms the suffix rule misses: defective verbs and present tense (the
# latter often after "كما" or in "يقول …").
IRREGULAR_FORMS: dict[str, str] = {
    "رأت": "رأى", "رأوا": "رأى", "دعت": "دعا", "دعوا": "دعا", "نفت": "نفى", "نفوا": "نفى",
    "ادعت": "ادعى", "ادعوا": "ادعى", "أبدت": "أبدى", "أبدوا": "أبدى",
    "يقول": "قال", "تقول": "قال", "يقولون": "قال", "يؤكد": "أكد", "تؤكد": "أكد",
    "يرى": "رأى", "ترى": "رأى", "يشير": "أشار", "تشير": "أشار", "يضيف": "أضاف",
    "تضيف": "أضاف", "يعتبر": "اعتبر", "تعتبر": "اعتبر", "يوضح": "أوضح", "توضح": "أوضح",
}

# Circumstantial participles continuing the previous speaker ("…، مؤكداً أن").
# khabar.quotes adds PARTICIPLE_SUFFIXES to each stem.
PARTICIPLES: dict[str, str | None] = {
    "مؤكد": None, "موكد": None, "مشير": "إلى", "مضيف": None, "موضح": None, "لافت": "إلى",
    "مشدد": "على", "معرب": "عن", "معتبر": None, "منوه": "إلى", "محذر": "من", "قائل": None,
}
PARTICIPLE_SUFFIXES: tuple[str, ...] = ("ا", "اً", "ًا", "ة", "ين", "ان")

# Phrases that attribute the rest of the sentence to the noun phrase after
# them ("بحسب وكالة الأنباء", "وفق ما نقلت شينخوا", "نقلاً عن مصادر").
ACCORDING_TO: tuple[str, ...] = (
    "بحسب ما ذكرت", "بحسب ما ذكر", "بحسب ما نقلت", "بحسب ما نقل", "بحسب ما أفادت",
    "بحسب", "حسب ما ذكرت", "حسب ما ذكر", "حسب ما نقلت", "حسب",
    "وفق ما نقلت", "وفق ما نقل", "وفق ما ذكرت", "وفق ما ذكر", "وفق ما أفادت", "وفق ما أفاد",
    "وفق ما أوردت", "وفق ما أورد", "وفقا لـ", "وفقاً لـ", "وفقا ل", "وفقاً ل",
    "طبقا لـ", "طبقاً لـ", "طبقا ل", "طبقاً ل", "نقلا عن", "نقلاً عن", "على حد قول",
    "على لسان", "كما نقلت", "كما ذكرت",
)

# Complementizers opening reported content (أن after most verbs, إن after قال).
COMPLEMENTIZERS: tuple[str, ...] = ("أن", "إن", "بأن", "ان", "بان", "أنه", "إنه", "أنها", "إنها",
                                    "أنّ", "إنّ")

# Words that end a speaker phrase after the verb: prepositions and time
# words that start adjuncts ("قال الوزير في بيان", "أكد الرئيس اليوم").
SPEAKER_STOPS: frozenset[str] = frozenset("""
في خلال عبر أمام امام لدى على إلى الى عن من مع عقب بعد قبل أثناء اثناء اليوم أمس امس
الاثنين الثلاثاء الأربعاء الاربعاء الخميس الجمعة السبت الأحد الاحد صباح مساء ليلة حيث
الذي التي الذين وهو وهي كما لـ ل ب فيه فيها فيهم له لها لهم عنه عنها منه منها عليه
عليها إليه إليها به بها أيضا أيضاً ايضا
""".split())

# Words that open a clause before a speaker-first cue and are not part of it.
CLAUSE_OPENERS: frozenset[str] = frozenset("""
و ف وكان فكان كان وقد قد كما فيما بينما لكن ولكن ثم أما اما وأما واما إذ اذ
""".split())

# Pronouns and pronoun-like subjects that stand for an earlier actor.
PRONOUNS: frozenset[str] = frozenset("هو هي هم هما هن وهو وهي وهم".split())
PERSONAL_PRONOUNS: frozenset[str] = frozenset("هو هي وهو وهي".split())

# Subjects may be dropped ("وأضاف أن …"): a cue without a speaker continues
# the previous quote's speaker (see khabar.quotes.resolve_speakers).
PRO_DROP = True

# A statement or message as the speaker ("وأشار البيان إلى أن"): its issuer
# is the earlier speaker whose words came "في بيان", else the previous one.
DOCUMENTS: frozenset[str] = frozenset("البيان بيان البلاغ الرسالة رسالة".split())
# Words that make a statement speaker refer back to an earlier one ("the
# statement"; Arabic: the article ال on the noun).
DOCUMENT_DETERMINERS: frozenset[str] = frozenset(())

# Role nouns a speaker may be referred back to by ("وقال الوزير"), beyond
# the titles of khabar.lang.ar.titles.
ROLE_WORDS: tuple[str, ...] = tuple("""
الوزير الوزيرة المسؤول المسؤولة الوزارة المتحدث المتحدثة الناطق الناطقة الدبلوماسي
المبعوث السفير الرئيس الرئيسة الأمين الحكومة البيان
""".split())
# The role words above that name an organization, not a person ("the
# ministry said"): they refer back to an organization only.
ORG_ROLE_WORDS: frozenset[str] = frozenset("الوزارة الحكومة".split())

QUOTE_PAIRS: dict[str, str] = {"\u00ab": "\u00bb", "\u201c": "\u201d", '"': '"', "\u2039": "\u203a"}

# Word order read by khabar.quotes: the speech verb ends its clause.
VERB_FINAL = False
