"""Russian abbreviations for sentence splitting (data only).

Each entry is written without its final period.  A period after one of these
is not a sentence end.  Single-letter initials (В. В. Путин) are handled in
code for every script.
"""

ABBREVIATIONS = frozenset("""
г гг т.е т.к т.н т.о т.ч им ул пр просп пл пер наб д кв стр корп обл р-н
напр вкл искл ок прибл проф акад доц чл.-корр ген полк подп ст св н.э гос
ред изд рис табл гл п пп ч чч ср
янв февр апр авг сент окт нояб дек
""".split())
# Units (млн., руб., тыс., см.) are left out on purpose: inside a sentence the
# next word is lower case anyway, and at the end of one they end it.

# Dotted abbreviations that close an enumeration ("и т.д.", "и т.п.") and so
# often end a sentence: a capitalized word after them starts a new one.
CAN_END_SENTENCE = frozenset(("т.д", "т.п"))
