"""Persian abbreviations for sentence splitting (data only).

Like Arabic, Persian abbreviates mostly with a single letter and a period
(ص. for صفحه, ج. for جلد, م. for میلادی), handled in code for every script.
The entries here are the multi-letter ones, written without their final
period: calendar eras (ه.ش solar hijri, ه.ق lunar hijri, ق.م BCE).
"""

ABBREVIATIONS = frozenset("""
ه.ش ه.ق ق.م ق.ظ ب.ظ
""".split())
