"""Frequent Russian words that some city's name in another language spelled in
Cyrillic happens to match (но "but", час "hour", метро, кафе).  khabar.kb
does not index them as city names.  Data only.
"""

COMMON_WORDS = frozenset("""
но ей час кофе кафе метро глаз сок воля заря ком тур тир тор ром бат луга пал печ кан вин ман
бо рака сага сале сало бон мати она он мир год дом мост лес поле гора река море
""".split())
