"""Russian titles, roles and country adjectives (language data for khabar.kb).

TITLES maps a title phrase (nominative; the matching key folds ё and case)
to the role titles it can stand for (see khabar.lang.ar.titles).  Russian
puts the country after the title in the genitive ("президент Казахстана",
"глава МИД Китая") or before it as an adjective ("китайский министр").
Genitives are derived from the CLDR names by the rules in khabar.kb and
GENITIVE lists the forms the rules get wrong; ADJECTIVES lists the masculine
nominative adjective, whose case forms khabar.kb generates.
"""

TITLES: dict[str, tuple[str, ...]] = {
    "президент": ("president",),
    "президента": ("president",),
    "президентом": ("president",),
    "вице-президент": ("vice_president",),
    "премьер-министр": ("prime_minister",),
    "премьер-министра": ("prime_minister",),
    "премьер": ("prime_minister",),
    "председатель правительства": ("prime_minister",),
    "глава правительства": ("prime_minister",),
    "канцлер": ("chancellor",),
    "король": ("king",),
    "королева": ("queen",),
    "эмир": ("emir",),
    "наследный принц": ("crown_prince",),
    "кронпринц": ("crown_prince",),
    "султан": ("sultan",),
    "император": ("emperor",),
    "верховный лидер": ("supreme_leader",),
    "верховный руководитель": ("supreme_leader",),
    "духовный лидер": ("supreme_leader",),
    "аятолла": ("supreme_leader",),
    "министр иностранных дел": ("foreign_minister",),
    "министра иностранных дел": ("foreign_minister",),
    "министр по иностранным делам": ("foreign_minister",),
    "глава мид": ("foreign_minister",),
    "главы мид": ("foreign_minister",),
    "глава министерства иностранных дел": ("foreign_minister",),
    "госсекретарь": ("foreign_minister",),
    "государственный секретарь": ("foreign_minister",),
    "глава дипломатии": ("foreign_minister", "high_representative"),
    "верховный представитель": ("high_representative",),
    "министр обороны": ("defense_minister",),
    "глава минобороны": ("defense_minister",),
    "официальный представитель": ("spokesperson",),
    "официальный представитель мид": ("spokesperson",),
    "официальный представитель министерства иностранных дел": ("spokesperson",),
    "официальный представитель госдепартамента": ("spokesperson",),
    "официальный представитель госдепа": ("spokesperson",),
    "представитель мид": ("spokesperson",),
    "пресс-секретарь": ("spokesperson", "presidential_spokesperson", "press_secretary"),
    "пресс-секретарь президента": ("presidential_spokesperson",),
    "пресс-секретарь кремля": ("presidential_spokesperson",),
    "пресс-секретарь белого дома": ("press_secretary",),
    "генеральный секретарь": ("secretary_general",),
    "генсек": ("secretary_general",),
    "генсекретарь": ("secretary_general",),
    "генеральный директор": ("director_general",),
    "гендиректор": ("director_general",),
    "директор-распорядитель": ("director_general",),
    "верховный комиссар": ("high_commissioner",),
    "генеральный комиссар": ("commissioner_general",),
    "прокурор": ("prosecutor",),
    "главный прокурор": ("prosecutor",),
    "глава политбюро": ("political_leader",),
    "лидер": ("leader",),
    "главарь": ("leader",),
    "командующий": ("commander",),
    "командир": ("commander",),
    "начальник генштаба": ("chief_of_staff",),
    "начальник генерального штаба": ("chief_of_staff",),
    "спикер": ("speaker",),
    "председатель парламента": ("speaker",),
    "председатель госдумы": ("speaker",),
    "посол": ("ambassador",),
    "постпред": ("ambassador",),
    "постоянный представитель": ("ambassador",),
    "спецпредставитель": ("envoy",),
    "специальный представитель": ("envoy",),
    "спецпосланник": ("envoy",),
    "советник по национальной безопасности": ("national_security_adviser",),
    "секретарь совбеза": ("security_council_secretary",),
    "секретарь совета безопасности": ("security_council_secretary",),
    "коллега": ("counterpart",),
}

HONORIFICS: tuple[str, ...] = ("господин", "госпожа", "г-н", "г-жа", "шейх", "принц", "генерал",
                               "маршал", "доктор")

# Masculine nominative adjective per country; khabar.kb adds the case forms.
ADJECTIVES: dict[str, tuple[str, ...]] = {
    "RU": ("российский", "русский"), "CN": ("китайский",), "US": ("американский",),
    "KZ": ("казахстанский", "казахский"), "IR": ("иранский",), "TR": ("турецкий",),
    "GB": ("британский", "английский"), "FR": ("французский",), "DE": ("германский", "немецкий"),
    "IT": ("итальянский",), "JP": ("японский",), "IN": ("индийский",), "SA": ("саудовский",),
    "IL": ("израильский",), "EG": ("египетский",), "SY": ("сирийский",), "IQ": ("иракский",),
    "UA": ("украинский",), "BY": ("белорусский",), "UZ": ("узбекский", "узбекистанский"),
    "KG": ("киргизский", "кыргызский", "кыргызстанский"), "TJ": ("таджикский",),
    "TM": ("туркменский",), "AZ": ("азербайджанский",), "AM": ("армянский",),
    "GE": ("грузинский",), "AF": ("афганский",), "PK": ("пакистанский",), "QA": ("катарский",),
    "AE": ("эмиратский",), "KW": ("кувейтский",), "JO": ("иорданский",), "LB": ("ливанский",),
    "PS": ("палестинский",), "YE": ("йеменский",), "OM": ("оманский",), "BH": ("бахрейнский",),
    "KR": ("южнокорейский",), "KP": ("северокорейский",), "BR": ("бразильский",),
    "AR": ("аргентинский",), "MX": ("мексиканский",), "CA": ("канадский",),
    "AU": ("австралийский",), "ID": ("индонезийский",), "ZA": ("южноафриканский",),
    "PL": ("польский",), "HU": ("венгерский",), "ES": ("испанский",), "MN": ("монгольский",),
    "DZ": ("алжирский",), "MA": ("марокканский",), "TN": ("тунисский",), "LY": ("ливийский",),
    "SD": ("суданский",), "ET": ("эфиопский",), "VE": ("венесуэльский",), "CU": ("кубинский",),
    "RS": ("сербский",), "MD": ("молдавский",), "NL": ("нидерландский", "голландский"),
}

# Genitive forms the rules miss (indeclinable abbreviations need nothing).
GENITIVE: dict[str, tuple[str, ...]] = {
    "US": ("Соединенных Штатов", "Соединенных Штатов Америки", "США"),
    "RU": ("Российской Федерации", "РФ"),
    "CN": ("КНР", "Китайской Народной Республики"),
    "GB": ("Великобритании", "Соединенного Королевства"),
    "KR": ("Южной Кореи", "Республики Корея"),
    "KP": ("Северной Кореи", "КНДР"),
    "AE": ("Объединенных Арабских Эмиратов", "ОАЭ"),
    "ZA": ("Южно-Африканской Республики", "ЮАР"),
    "DE": ("Германии", "ФРГ"),
    "SA": ("Саудовской Аравии",),
    "KG": ("Киргизии", "Кыргызстана", "Киргизстана"),
    "BY": ("Белоруссии", "Беларуси"),
    "MD": ("Молдавии", "Молдовы"),
    "NL": ("Нидерландов",),
    "PH": ("Филиппин",),
    "IL": ("Израиля",),
    "PS": ("Палестины",),
    "CZ": ("Чехии",),
}

COUNTRY_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "RU": ("РФ",), "CN": ("КНР",), "KP": ("КНДР",), "US": ("США",), "AE": ("ОАЭ",),
    "ZA": ("ЮАР",), "DE": ("ФРГ",), "CF": ("ЦАР",),
}

# Words before a title that make it someone else's ("вице-премьер", "заместитель министра", "бывший президент"):
# khabar.kb_titles skips that title, so the speaker is not taken for the holder.
NOT_HOLDERS: tuple[str, ...] = ("вице", "заместитель", "заместителя", "замглавы", "экс", "бывший", "бывшая", "бывшего",
                                "бывшей", "покойный")

# Words that name the kind of place before a place name ("город Алматы",
# "село …"): a name the tagger took in with one of them is looked up without
# it too (khabar.kb).
PLACE_WORDS = ("город", "г.", "столица", "село", "посёлок", "поселок", "деревня", "остров",
               "республика", "страна")
