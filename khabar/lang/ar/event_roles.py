"""Arabic function words that mark an actor's role around an event trigger.

WITH and TO mark the second party (the target) of an event: "اتصال هاتفي مع
…", "رسالة إلى …", "دعا … إلى".  AT marks a place ("في كازاخستان" is where
it happened, not who took part).  PROCLITIC_TO lists the one-letter
prepositions written joined to the next word (للافروف، بنظيره).  AND joins two
parties of one event ("لافروف ووانغ يي أجريا"), often written joined too.
"""

WITH = ("مع", "ومع", "بين", "وبين")
# "between X and Y": both are parties of a joint event.
BETWEEN = ("بين", "وبين")
TO = ("إلى", "الى", "إلي", "لدى", "ضد", "نحو", "تجاه")
AT = ("في", "وفي", "بـ", "داخل", "شمال", "جنوب", "شرق", "غرب", "قرب", "أنحاء", "مدينة", "عاصمة")
PROCLITIC_TO = ("ل", "لل", "ب", "بال")
# … but ب joined to a place smaller than a country is "in" ("قتل
# رجل بحمص", "تفجير بمدينة …"); before a country it stays a
# party ("ندد بإسرائيل").
PROCLITIC_AT = ("ب", "بال")
AND = ("و",)

# A circumstance phrase before a trigger makes the event a backdrop of the
# sentence ("حثت واشنطن على التهدئة على خلفية الاحتجاجات"): the subject of the
# sentence's verb is not the event's source.
CIRCUMSTANCE = ("على خلفية", "وعلى خلفية", "إثر", "اثر", "وإثر", "واثر", "على إثر", "على اثر",
                "عقب", "وعقب", "وسط", "في ظل", "وفي ظل", "جراء", "من جراء", "بسبب", "وبسبب",
                "بعد", "وبعد", "خلال", "وخلال", "أثناء", "اثناء", "بشأن", "حول", "إزاء", "ازاء")
# A definite event noun (with the article, DEFINITE) after these prepositions
# is what the sentence is about ("علقت الخارجية على الأحداث والاحتجاجات",
# commented on the protests); "في" is not one of them: "شاركوا في
# الاحتجاجات" (they took part in the protests) names the protesters.
DEFINITE = ("ال", "وال", "فال")
ABOUT_DEFINITE = ("على", "وعلى", "عن", "من")

# Words that open a new clause: an unmarked actor past one belongs to
# another predicate ("تعهد وانغ في الوقت الذي شككت فيه واشنطن").
CLAUSE_OPENERS = ("الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "اللاتي", "بينما", "وبينما",
                  "حيث", "عندما", "حين", "لأن", "كما", "فيما", "وفيما", "بعدما", "قبل", "بعد")

# The agent of a passive or of a verbal noun ("اعتقال … على يد الشرطة",
# "هجوم من قبل مسلحين"): the source, wherever it stands.
BY = ("من قبل", "على يد", "على أيدي", "بواسطة", "من جانب")

# "تلقى X برقية من Y": for these types a party right after the trigger and
# "من" sent it, and the receiver is the target.
FROM = ("من",)
FROM_TYPES = ("CONSULT", "SUPPORT")

# Reported speech: an event told inside what someone said ("قال X إن
# انفجارات وقعت …") has its parties inside the reported clause, not in the
# speaker.  These words, opening the clause right before the trigger, refer
# back to the speaker ("قال X إنه التقى …", "«نحن نرفض …»"), who then stays
# the source.  COMPLEMENTIZERS open the clause and are skipped.
COMPLEMENTIZERS = ("أن", "إن", "ان", "بأن", "بان", "وأن", "وإن")
SELF_REFERENCE = ("أنه", "إنه", "انه", "بأنه", "بانه", "أنها", "إنها", "انها", "بأنها", "بانها",
                  "أنهم", "إنهم", "انهم", "بأنهم", "أننا", "إننا", "اننا", "بأننا", "أنني", "إنني",
                  "انني", "نحن", "أنا", "انا")
# A trigger that is a circumstantial participle opening a clause after a
# comma ("…، مطالبا الوزارة بـ…", "…، داعيا إلى …") goes on with the
# speaker's own words: the speaker stays its source.
CONTINUING_PARTICIPLE = r"^و?م[^\W\d_]{3,}اً?$"

# Verbal nouns of acts done to someone or somewhere: the name right after
# them (the genitive) is the patient, the target ("اعتقال المعارض X" is
# X's arrest, "تم اغتيال X" has no known source).  Only nouns that cannot
# be read as a verb are listed (not قتل, خطف, سجن, طرد); a proclitic and
# the article are allowed in front ("باعتقال", "الاعتقال").
PATIENT_NOUNS = ("اعتقال", "احتجاز", "توقيف", "اغتيال", "اختطاف", "إعدام", "ترحيل", "مقتل",
                 "اقتحام", "احتلال", "حصار", "استهداف", "تفجير", "محاكمة", "إطلاق سراح",
                 "اطلاق سراح", "إفراج", "افراج", "تحرير", "ملاحقة", "اعتقالات")
# At most this many words (a title: "المعارض", "الصحفي") between the noun
# and the patient's name.
PATIENT_REACH = 2

# A passive verb shows itself only where the writer put a damma on one of
# its first letters ("قُتل", "اعتُقل", "يُعتقل"); unvoweled, "قتل" is both
# voices and is read as active.
PASSIVE_DAMMA = True

# Words that count people: before a generic agent ("عشرات المحتجين", "تسعة
# متمردين", "ستة من رجال الشرطة") they make it people acted on, never the
# source (khabar.events.agent_mentions).
COUNT_WORDS = ("آلاف", "ألف", "عشرات", "مئات", "الآلاف", "العشرات", "المئات", "أعداد", "بعض", "عدد",
               "اثنان", "اثنين", "ثلاثة", "ثلاث", "أربعة", "أربع", "خمسة", "خمس", "ستة", "سبعة",
               "سبع", "ثمانية", "ثماني", "تسعة", "تسع", "عشرة", "عشر", "عشرين", "عشرون", "ثلاثين",
               "أربعين", "خمسين", "مئة", "مائة")

# Before a body or counted people, "of" ("ستة من رجال الشرطة", six of the
# policemen); an indefinite accusative ending marks someone acted on ("قتل 14
# جنديا", 14 soldiers were killed).
OF_WORDS = ("من",)
INDEFINITE_ACCUSATIVE = "ا"
