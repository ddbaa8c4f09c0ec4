"""Russian function words that mark an actor's role around an event trigger.

WITH and TO mark the second party ("телефонный разговор с …", "послание
к …", "санкции против …"); AT a place ("в Алма-Ате").  Russian also marks
the target by case alone ("направил послание президенту"): such an actor is
unmarked here and taken as the next unmarked actor after the trigger.
"""

WITH = ("с", "со", "между")
# "between X and Y": both are parties of a joint event.
BETWEEN = ("между",)
TO = ("к", "ко", "против", "в адрес", "для", "по отношению к")
AT = ("в", "во", "под", "около", "возле")
PROCLITIC_TO = ()
AND = ("и",)

# A circumstance phrase before a trigger makes the event a backdrop of the
# sentence ("на фоне протестов"): the subject of the sentence's verb is not
# the event's source.
CIRCUMSTANCE = ("на фоне", "после", "в ходе", "из-за", "во время", "в связи с", "по поводу",
                "вследствие", "несмотря на")

# Words that open a new clause: an unmarked actor past one belongs to
# another predicate.
CLAUSE_OPENERS = ("который", "которая", "которое", "которые", "которого", "которой", "которых",
                  "которым", "где", "когда", "пока", "хотя", "потому", "поскольку", "что", "чтобы",
                  "после", "перед")

# The agent of a noun ("нападение со стороны …").
BY = ("со стороны",)

# The agent of a passive: an actor in the instrumental case, without a
# preposition, right after a short passive participle ("Украина была
# атакована Россией", "задержаны полицией", "убит боевиками", "принят
# президентом").  The participle ends in -н, or -т after the roots that
# form it that way (бить, крыть, -нять, взять: not the -ят of a present
# tense, "грозят"), with its gender and number ending (атакован-а,
# обстрелян-ы, осуждён, убит, закрыт-о, принят, взят); nouns of that shape
# are listed apart.  The agent's first word ends in an
# instrumental ending (nouns -ом -ем -ой -ей -ью -ами -ями, names and
# adjectives -ым -им -ой -ыми -ими).
PASSIVE_PARTICIPLE = r"(?:[аяеё]н|бит|рыт|нят|взят)[аоы]?"
NOT_PARTICIPLES = ("обмен", "план", "роман", "экран", "обман", "туман", "клан", "стан")
INSTRUMENTAL = ("ом", "ем", "ём", "ой", "ей", "ою", "ею", "ью", "ами", "ями", "ым", "им", "ыми",
                "ими")

# "X получил послание от Y": the sender is the source.
FROM = ("от",)
FROM_TYPES = ("CONSULT", "SUPPORT")

# Reported speech: an event told inside what someone said ("X заявил, что
# протесты …") has its parties inside the reported clause, not in the
# speaker.  These words, opening the clause right before the trigger, refer
# back to the speaker ("X сообщил, что он провёл переговоры …", "«Мы
# отвергаем …»"), who then stays the source.  COMPLEMENTIZERS open the
# clause and are skipped.
COMPLEMENTIZERS = ("что", "чтобы")
SELF_REFERENCE = ("он", "она", "они", "мы", "я")
# A trigger that is an adverbial participle opening a clause after a
# comma ("…, призвав к санкциям") goes on with the speaker's own words: the
# speaker stays its source.
CONTINUING_PARTICIPLE = r"^[а-яё]{3,}(?:в|вши|вшись)$"

# Nouns of acts done to someone or somewhere: the name right after them
# (the genitive) is the patient, the target ("арест журналиста X").
PATIENT_NOUNS = ("арест", "задержание", "убийство", "похищение", "казнь", "депортация",
                 "высылка", "освобождение", "штурм", "оккупация", "осада", "обстрел",
                 "бомбардировка")
PATIENT_REACH = 2

# A trigger that is a short passive participle (PASSIVE_PARTICIPLE) is a
# passive: its subject is the patient, the target ("Навальный был задержан");
# the agent, if any, is in the instrumental (see above).
PASSIVE_SUBJECT_IS_PATIENT = True

# Words that count people: before a generic agent ("десятки протестующих",
# "девять боевиков") they make it people acted on, never the source
# (khabar.events.agent_mentions).
COUNT_WORDS = ("тысячи", "тысяч", "десятки", "десятков", "сотни", "сотен", "несколько", "ряд",
               "два", "две", "двое", "три", "трое", "четыре", "четверо", "пять", "пятеро",
               "шесть", "семь", "восемь", "девять", "десять", "двадцать", "тридцать", "сто")
