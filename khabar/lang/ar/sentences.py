"""Arabic abbreviations for sentence splitting (data only).

Arabic abbreviates mostly with a single letter and a period (د. for دكتور,
م. for ميلادي or مهندس, ص. for صفحة), which the code handles for every
script: a lone letter before a period is never a sentence end.  The entries
here are the multi-letter ones, written without their final period.
"""

ABBREVIATIONS = frozenset("""
ق.م ص.ب م.م ت.ع د.ت أ.د
""".split())
