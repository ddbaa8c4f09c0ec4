"""Frequent Russian words that some city's name in another language spelled in
Cyrillic happens to match (но "but", час "hour", метро, кафе).  khabar.kb
does not index them as city names.  Data only.
"""

COMMON_WORDS = frozenset("""
но ей час кофе кафе метро глаз сок воля заря ком тур тир тор ром бат луга пал печ кан вин ман
бо рака сага сале сало бон мати она он мир год дом мост лес поле гора река море
""".split())


# Function words: prepositions, conjunctions, particles and pronouns.  A word
# of a person's name that is one of these is never taken alone as a short
# reference to that person (khabar.actors._name_parts).
FUNCTION_WORDS = frozenset("""
в во на с со по к ко у о об от до за из для при без под над через между перед после и а но или
что как это он она они оно мы вы я не ни же ли бы то так уже ещё еще его её ее их там тут где
""".split())
