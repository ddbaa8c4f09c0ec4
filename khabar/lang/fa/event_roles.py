"""Persian function words that mark an actor's role around an event trigger.

WITH/TO mark the second party ("گفتگوی تلفنی با …", "پیامی به …"); AT a
place ("در قزاقستان").  Persian is verb-final, so these prepositions sit
before the party they mark and the trigger verb comes last.
"""

WITH = ("با", "میان", "بین")
# "between X and Y": both are parties of a joint event.
BETWEEN = ("میان", "بین")
TO = ("به", "برای", "علیه")
AT = ("در", "درون", "داخل", "شهر")
PROCLITIC_TO = ()
AND = ("و",)

# Verb-final: the subject opens its clause and objects and adverbials stand
# between it and the verb ("X در این تماس با Y درباره … گفتگو کرد"), so the
# source is the first unmarked actor of the trigger's clause, not the
# nearest one.  A clause ends at a finite verb and opens after "که" ("X
# ابراز همدردی کرد و گفت Y …"): the finite forms of the commonest light and
# speech verbs (a word list, not a parser; "می‌کند" is seen as "کند").
SUBJECT_FIRST = True
CLAUSE_OPENERS = (
    "که", "کرد", "کردند", "کند", "کنند", "کرده‌اند", "شد", "شدند", "شود", "شوند", "است", "هست",
    "هستند", "بود", "بودند", "باشد", "داشت", "داشتند", "دارد", "دارند", "گفت", "گفتند", "افزود",
    "افزودند", "نوشت", "خواند", "خواندند", "داد", "دادند", "دهد", "دهند",
)

# A circumstance phrase before a trigger makes the event a backdrop of the
# sentence ("در پی اعتراضات در قزاقستان …"): the subject of the sentence's
# verb is not the event's source.
CIRCUMSTANCE = ("در پی", "درپی", "پس از", "بعد از", "به دنبال", "بدنبال", "در جریان", "طی",
                "در خلال", "در بحبوحه", "به دلیل", "بدلیل", "به علت", "درباره", "در مورد",
                "پیرامون", "در واکنش به")

# The agent of a passive or of a verbal noun ("بازداشت … توسط پلیس", "حمله
# از سوی …"): the source, wherever it stands.
BY = ("توسط", "به دست", "از سوی", "از طرف", "از جانب")

# "X پیامی از Y دریافت کرد": a party right after the trigger and "از" sent
# it.  CONSULT only: "حمایت از X" is support for X.
FROM = ("از",)
FROM_TYPES = ("CONSULT",)

# Reported speech: an event told inside what someone said ("X گفت که
# اعتراض‌ها …") has its parties inside the reported clause, not in the
# speaker.  These words, opening the clause right before the trigger, refer
# back to the speaker ("X گفت که وی با … دیدار کرد", "«ما …»"), who then
# stays the source.  COMPLEMENTIZERS open the clause and are skipped.
COMPLEMENTIZERS = ("که",)
SELF_REFERENCE = ("وی", "او", "ایشان", "ما", "من", "آنها")
# The verb comes last, so the pronoun opening the clause is its subject
# however many words stand between them (khabar.events.SELF_REACH: 3).
SELF_REACH = 12

# Verbal nouns of acts done to someone or somewhere: the name right after
# them (the ezafe) is the patient, the target ("بازداشت X").
PATIENT_NOUNS = ("بازداشت", "دستگیری", "ترور", "ربودن", "اعدام", "اخراج", "آزادی", "محاکمه",
                 "اشغال", "محاصره", "حبس", "کشتن", "قتل")
PATIENT_REACH = 2

# A verbal-noun trigger followed by these light verbs is a passive: the
# clause's subject is the patient, the target ("ناوالنی بازداشت شد").
PASSIVE_AFTER = ("شد", "شدند", "شده", "شده‌اند", "شدهاند", "شده‌است", "شود", "شوند",
                 "می‌شود", "می‌شوند", "میشود", "میشوند", "گردید", "گردیدند", "گردیده", "گردیده‌اند")
# The object marker after a name: that name is the patient, the target
# ("پلیس ناوالنی را بازداشت کرد").
OBJECT_AFTER = ("را",)

# Words that count people: before a generic agent ("دهها معترض", "نه
# شورشی") they make it people acted on, never the source
# (khabar.events.agent_mentions).
COUNT_WORDS = ("هزاران", "دهها", "ده‌ها", "صدها", "تعدادی", "شماری", "گروهی", "دو", "سه", "چهار",
               "پنج", "شش", "هفت", "هشت", "نه", "ده", "یازده", "دوازده", "بیست", "سی", "چهل",
               "پنجاه", "صد", "هزار")

# "of" between a count and the people counted ("شماری از معترضان").
OF_WORDS = ("از",)
