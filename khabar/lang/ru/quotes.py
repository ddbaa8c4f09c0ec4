"""Russian speech cues (language data for khabar.quotes).

Russian news reports speech in three orders:

* speaker first, content after "что" or a colon ("Глава МИД Сергей Лавров
  заявил, что …", "В понедельник министр отметил: «…»");
* content first, then the cue and the speaker ("Ситуация под контролем, —
  заявил представитель МВД.", "«…», — сказал он.");
* "по словам X, …", "как сообщает X, …", "по данным X" attribute the rest
  of the sentence to X (X in the genitive or nominative case).

VERBS lists the masculine past; khabar.quotes adds VERB_SUFFIXES (feminine
а, neuter о, plural и).  IRREGULAR_FORMS lists present-tense and other forms
the suffix rule misses.  Matching folds case and ё.  The speaker before a
cue is the words right before it back to a stop word (SPEAKER_NEAR), since
Russian puts adverbials before the subject ("Вчера министр заявил").
"""

# verb -> particle its content follows (None: the content follows directly).
VERBS: dict[str, str | None] = {
    "заявил": None, "сказал": None, "сообщил": None, "отметил": None, "подчеркнул": None,
    "добавил": None, "пояснил": None, "указал": "на", "напомнил": None, "уточнил": None,
    "рассказал": None, "предупредил": None, "признал": None, "констатировал": None,
    "объявил": None, "заверил": None, "выразил": None, "призвал": None, "потребовал": None,
    "высказал": None, "написал": None, "опроверг": None, "обвинил": None, "отверг": None,
    "ответил": None, "считал": None, "утверждал": None, "полагал": None, "настаивал": "на",
    "пообещал": None, "обещал": None, "заметил": None, "посетовал": None,
    "проинформировал": None, "резюмировал": None, "акцентировал": "на",
}

VERB_SUFFIXES: tuple[str, ...] = ("", "а", "о", "и")
PREFIXES: tuple[str, ...] = ("",)

# Present tense and other forms the suffix rule misses ("считает", "говорит").
IRREGULAR_FORMS: dict[str, str] = {
    "говорит": "сказал", "говорят": "сказал", "заявляет": "заявил", "заявляют": "заявил",
    "сообщает": "сообщил", "сообщают": "сообщил", "отмечает": "отметил",
    "отмечают": "отметил", "подчеркивает": "подчеркнул", "подчеркивают": "подчеркнул",
    "считает": "считал", "считают": "считал", "полагает": "полагал", "полагают": "полагал",
    "утверждает": "утверждал", "утверждают": "утверждал", "уверен": "заявил",
    "уверена": "заявил", "уверены": "заявил", "напоминает": "напомнил",
    "указывает": "указал", "пишет": "написал", "пишут": "написал",
    "предупреждает": "предупредил", "добавляет": "добавил", "поясняет": "пояснил",
    "признает": "признал", "настаивает": "настаивал",
}

# Phrases that attribute the rest of the sentence to the noun phrase after
# them, up to the next comma ("по словам министра, …", "как сообщает ТАСС, …").
ACCORDING_TO: tuple[str, ...] = (
    "по словам", "по данным", "по сообщению", "по сообщениям", "по информации",
    "по мнению", "по оценке", "по оценкам", "согласно заявлению", "согласно данным",
    "как сообщает", "как сообщают", "как сообщил", "как сообщила", "как сообщили",
    "как заявил", "как заявила", "как заявили", "как передает", "как передают",
    "как пишет", "как пишут", "как отметил", "как отметила", "как подчеркнул",
    "как рассказал", "как уточнил", "как говорится в", "как следует из",
    "со ссылкой на", "ссылаясь на",
)

# Complementizers opening reported content ("заявил, что …").
COMPLEMENTIZERS: tuple[str, ...] = ("что", "чтобы", "будто")

# Words that end a speaker phrase: prepositions and time words that start
# adjuncts ("министр в понедельник заявил" keeps "министр"), conjunctions.
SPEAKER_STOPS: frozenset[str] = frozenset("""
в во на по с со к ко у о об от до для из за при после перед во время между через
сегодня вчера ранее позже затем также тоже уже еще ещё лишь только ночью утром днем
днём вечером понедельник вторник среду четверг пятницу субботу воскресенье
и а но или однако что который которая которые которое где когда как это этом этого
этой этим его ее её их ему ей им себя
журналистам репортерам корреспонденту корреспондентам изданию агентству телеканалу
газете радиостанции журналу порталу
""".split())

# Words between a speaker and the cue after it ("министр также заявил", "глава
# МИД в понедельник заявил"): skipped when reading the speaker before a cue.
SPEAKER_SKIP: frozenset[str] = frozenset("""
также тоже уже ранее еще ещё вновь снова вчера сегодня затем позднее неоднократно
в во понедельник вторник среду четверг пятницу субботу воскресенье
""".split())

# Words that open a clause and are not part of the speaker.
CLAUSE_OPENERS: frozenset[str] = frozenset("и а но однако также кроме того при этом затем".split())

# Pronouns that stand for an earlier actor.
PRONOUNS: frozenset[str] = frozenset("он она они оно".split())
PERSONAL_PRONOUNS: frozenset[str] = frozenset("он она".split())

# A cue without a speaker ("Также добавил, что …") continues the previous
# quote's speaker.
PRO_DROP = True

# A statement or message as the speaker ("в заявлении говорится", "заявление
# гласит"): its issuer is the earlier speaker whose words came in a
# statement, else the previous one.
DOCUMENTS: frozenset[str] = frozenset("заявление заявлении сообщение сообщении коммюнике послание".split())
# Russian has no articles: a statement speaker is read as the one given before.
DOCUMENT_DETERMINERS = None

# Role nouns a speaker may be referred back to by ("министр заявил"), beyond
# the titles of khabar.lang.ru.titles.
ROLE_WORDS: tuple[str, ...] = tuple("""
министр министра глава главы представитель представителя пресс-секретарь
пресс-секретаря дипломат дипломата посол посла спикер спикера председатель
председателя генсек генсека ведомство ведомства министерство министерства
правительство правительства источник источника чиновник чиновника официальный
""".split())
# The role words above that name an organization, not a person ("the
# ministry said"): they refer back to an organization only.
ORG_ROLE_WORDS: frozenset[str] = frozenset("ведомство ведомства министерство министерства правительство правительства".split())

# Quotation marks: the other languages' pairs cover these (guillemets, curly
# and straight double quotes); „…“ is read as a double-quote pair there.
QUOTE_PAIRS: dict[str, str] = {"\u00ab": "\u00bb", "\u201c": "\u201d", '"': '"'}

# Order switches read by khabar.quotes (see the module doc).
VERB_FINAL = False
# The speaker before a cue: the words right before it, back to a stop word.
SPEAKER_NEAR = True
# With a speaker after the cue and no content after it, the content is what
# comes before ("…, — заявил министр").
CONTENT_BEFORE_CUE = True
