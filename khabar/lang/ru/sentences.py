"""Russian abbreviations for sentence splitting (data only).

Each entry is written without its final period.  A period after one of these
is not a sentence end.  Single-letter initials (В. В. Путин) are handled in
code for every script.
"""

ABBREVIATIONS = frozenset("""
г гг т.е т.к т.н т.о т.ч им ул пр просп пл пер наб д кв стр корп обл р-н
руб коп тыс млн млрд см напр вкл искл ок прибл проф акад доц чл.-корр ген
полк подп мл ст св н.э гос ред изд рис табл гл п пп ч чч ср
янв февр апр авг сент окт нояб дек
""".split())
