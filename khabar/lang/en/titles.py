"""English titles, roles and demonyms (language data for khabar.kb).

TITLES maps a title phrase to the role titles it can stand for (see
khabar.lang.ar.titles).  English puts the country before the title ("Chinese
Foreign Minister Wang Yi", "Russia's foreign minister") or after it
("Foreign Minister of Kazakhstan"); keys are case-folded, so "Prime
Minister" and "prime minister" are one entry.

CLDR has no demonyms, so DEMONYMS lists them by hand: the adjective used
before a title, for the countries that appear in international news.
"""

TITLES: dict[str, tuple[str, ...]] = {
    "president": ("president",),
    "pres": ("president",),
    "vice president": ("vice_president",),
    "vice-president": ("vice_president",),
    "prime minister": ("prime_minister",),
    "premier": ("prime_minister",),
    "pm": ("prime_minister",),
    "chancellor": ("chancellor",),
    "king": ("king",),
    "queen": ("queen",),
    "emir": ("emir",),
    "amir": ("emir",),
    "crown prince": ("crown_prince",),
    "sultan": ("sultan",),
    "emperor": ("emperor",),
    "supreme leader": ("supreme_leader",),
    "ayatollah": ("supreme_leader",),
    "foreign minister": ("foreign_minister",),
    "minister of foreign affairs": ("foreign_minister",),
    "minister for foreign affairs": ("foreign_minister",),
    "foreign affairs minister": ("foreign_minister",),
    "minister of foreign affairs and expatriates": ("foreign_minister",),
    "foreign secretary": ("foreign_minister",),
    "secretary of state": ("foreign_minister",),
    "external affairs minister": ("foreign_minister",),
    "minister of external affairs": ("foreign_minister",),
    "top diplomat": ("foreign_minister", "high_representative"),
    "high representative": ("high_representative",),
    "foreign policy chief": ("high_representative",),
    "defense minister": ("defense_minister",),
    "defence minister": ("defense_minister",),
    "defense secretary": ("defense_minister",),
    "secretary of defense": ("defense_minister",),
    "secretary of war": ("defense_minister",),
    "foreign ministry spokesperson": ("spokesperson",),
    "foreign ministry spokesman": ("spokesperson",),
    "foreign ministry spokeswoman": ("spokesperson",),
    "state department spokesperson": ("spokesperson",),
    "state department spokesman": ("spokesperson",),
    "state department spokeswoman": ("spokesperson",),
    "spokesperson": ("spokesperson",),
    "spokesman": ("spokesperson",),
    "spokeswoman": ("spokesperson",),
    "kremlin spokesman": ("presidential_spokesperson",),
    "kremlin spokesperson": ("presidential_spokesperson",),
    "white house press secretary": ("press_secretary",),
    "press secretary": ("press_secretary",),
    "government spokesperson": ("government_spokesperson",),
    "government spokesman": ("government_spokesperson",),
    "secretary-general": ("secretary_general",),
    "secretary general": ("secretary_general",),
    "director-general": ("director_general",),
    "director general": ("director_general",),
    "managing director": ("director_general",),
    "executive director": ("director_general",),
    "high commissioner": ("high_commissioner",),
    "commissioner-general": ("commissioner_general",),
    "prosecutor": ("prosecutor",),
    "chief prosecutor": ("prosecutor",),
    "political bureau chief": ("political_leader",),
    "politburo chief": ("political_leader",),
    "leader": ("leader",),
    "commander": ("commander",),
    "chief of staff": ("chief_of_staff",),
    "speaker": ("speaker",),
    "speaker of parliament": ("speaker",),
    "ambassador": ("ambassador",),
    "envoy": ("envoy",),
    "special envoy": ("envoy",),
    "national security adviser": ("national_security_adviser",),
    "national security advisor": ("national_security_adviser",),
    "counterpart": ("counterpart",),
}

HONORIFICS: tuple[str, ...] = (
    "mr", "mrs", "ms", "dr", "sir", "dame", "lord", "sheikh", "shaikh", "prince", "princess",
    "hh", "his highness", "his majesty", "her majesty", "his excellency", "h e", "gen", "general",
    "lt gen", "maj gen", "field marshal", "marshal", "col", "colonel", "hojatoleslam", "sayyed",
)

# Country → demonyms/adjectives (several where usage varies).
DEMONYMS: dict[str, tuple[str, ...]] = {
    "AF": ("Afghan",), "AL": ("Albanian",), "DZ": ("Algerian",), "AO": ("Angolan",),
    "AR": ("Argentine", "Argentinian"), "AM": ("Armenian",), "AU": ("Australian",),
    "AT": ("Austrian",), "AZ": ("Azerbaijani", "Azeri"), "BH": ("Bahraini",),
    "BD": ("Bangladeshi",), "BY": ("Belarusian", "Belarussian"), "BE": ("Belgian",),
    "BO": ("Bolivian",), "BA": ("Bosnian",), "BR": ("Brazilian",), "BG": ("Bulgarian",),
    "KH": ("Cambodian",), "CM": ("Cameroonian",), "CA": ("Canadian",), "TD": ("Chadian",),
    "CL": ("Chilean",), "CN": ("Chinese",), "CO": ("Colombian",), "HR": ("Croatian",),
    "CU": ("Cuban",), "CY": ("Cypriot",), "CZ": ("Czech",), "DK": ("Danish",),
    "DJ": ("Djiboutian",), "EC": ("Ecuadorian",), "EG": ("Egyptian",), "ER": ("Eritrean",),
    "EE": ("Estonian",), "ET": ("Ethiopian",), "FI": ("Finnish",), "FR": ("French",),
    "GE": ("Georgian",), "DE": ("German",), "GH": ("Ghanaian",), "GR": ("Greek",),
    "HU": ("Hungarian",), "IS": ("Icelandic",), "IN": ("Indian",), "ID": ("Indonesian",),
    "IR": ("Iranian",), "IQ": ("Iraqi",), "IE": ("Irish",), "IL": ("Israeli",),
    "IT": ("Italian",), "JP": ("Japanese",), "JO": ("Jordanian",),
    "KZ": ("Kazakh", "Kazakhstani"), "KE": ("Kenyan",), "KW": ("Kuwaiti",),
    "KG": ("Kyrgyz", "Kyrgyzstani"), "LA": ("Lao", "Laotian"), "LV": ("Latvian",),
    "LB": ("Lebanese",), "LY": ("Libyan",), "LT": ("Lithuanian",), "MY": ("Malaysian",),
    "ML": ("Malian",), "MR": ("Mauritanian",), "MX": ("Mexican",), "MD": ("Moldovan",),
    "MN": ("Mongolian",), "ME": ("Montenegrin",), "MA": ("Moroccan",),
    "MZ": ("Mozambican",), "MM": ("Myanmar", "Burmese"), "NP": ("Nepali", "Nepalese"),
    "NL": ("Dutch",), "NZ": ("New Zealand",), "NE": ("Nigerien",), "NG": ("Nigerian",),
    "KP": ("North Korean",), "MK": ("North Macedonian", "Macedonian"), "NO": ("Norwegian",),
    "OM": ("Omani",), "PK": ("Pakistani",), "PS": ("Palestinian",), "PA": ("Panamanian",),
    "PE": ("Peruvian",), "PH": ("Philippine", "Filipino"), "PL": ("Polish",),
    "PT": ("Portuguese",), "QA": ("Qatari",), "RO": ("Romanian",), "RU": ("Russian",),
    "RW": ("Rwandan",), "SA": ("Saudi",), "SN": ("Senegalese",), "RS": ("Serbian",),
    "SG": ("Singaporean",), "SK": ("Slovak",), "SI": ("Slovenian",), "SO": ("Somali",),
    "ZA": ("South African",), "KR": ("South Korean",), "SS": ("South Sudanese",),
    "ES": ("Spanish",), "LK": ("Sri Lankan",), "SD": ("Sudanese",), "SE": ("Swedish",),
    "CH": ("Swiss",), "SY": ("Syrian",), "TW": ("Taiwanese",), "TJ": ("Tajik", "Tajikistani"),
    "TZ": ("Tanzanian",), "TH": ("Thai",), "TN": ("Tunisian",), "TR": ("Turkish",),
    "TM": ("Turkmen",), "UG": ("Ugandan",), "UA": ("Ukrainian",),
    "AE": ("Emirati", "UAE"), "GB": ("British", "UK", "U.K."),
    "US": ("American", "US", "U.S."), "UY": ("Uruguayan",), "UZ": ("Uzbek", "Uzbekistani"),
    "VA": ("Vatican",), "VE": ("Venezuelan",), "VN": ("Vietnamese",), "YE": ("Yemeni",),
    "ZM": ("Zambian",), "ZW": ("Zimbabwean",),
}

# Words before a title that make it someone else's ("deputy prime minister", "former president"):
# khabar.kb_titles skips that title, so the speaker is not taken for the holder.
NOT_HOLDERS: tuple[str, ...] = ("deputy", "vice", "assistant", "former", "ex", "late")

# Words that name the kind of place before a place name ("the city of
# Kharkiv", "province of Balkh"): a name the tagger took in with one of them
# is looked up without it too (khabar.kb).
PLACE_WORDS = ("city of", "town of", "village of", "province of", "region of", "state of",
               "island of", "capital")
