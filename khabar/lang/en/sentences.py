"""English abbreviations for sentence splitting (data only).

Each entry is written without its final period and compared case-sensitively
(so "no." at the end of "I said no." is still a sentence end, while "No. 5"
is not).  Single capital initials (J. K. Rowling) are handled in code.
Abbreviations that often *end* a sentence (etc., Inc., Ltd., Co.) are left
out on purpose: after them a capitalized word usually starts a new sentence.
So are those that are also common words in lower case (art, fig, sec, vol,
Sun): inside a sentence the next word is lower case anyway, so the list only
matters before a capital or a digit.
"""

ABBREVIATIONS = frozenset("""
Mr Mrs Ms Mx Dr Prof St Jr Sr Gen Gov Sen Rep Rev Hon Pres Lt Col Maj Capt
Cmdr Sgt Adm Brig Cpl Pvt Amb Atty Supt Insp Det Fr Msgr Mt Ft Ave Blvd Rd
Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
No Nos Nr Fig Figs Vol Art Sec Ch Para pp vs e.g i.e cf al approx dept
U.S U.K U.N U.S.A E.U a.m p.m
""".split())
