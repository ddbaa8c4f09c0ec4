"""Arabic calendar words that CLDR does not give under the ``ar`` locale.

Gregorian month names come from CLDR through babel: ``ar`` (يناير …) and the
Levantine/Iraqi locales (``ar_SY``, ``ar_LB``, ``ar_IQ``: كانون الثاني …), so
they are not repeated here.  Lunar Hijri month names (common in Gulf media)
are listed in calendar order, with frequent spelling variants.
"""

HIJRI_MONTHS = [
    ["محرم"],
    ["صفر"],
    ["ربيع الأول", "ربيع الاول", "ربيع أول"],
    ["ربيع الآخر", "ربيع الثاني", "ربيع الاخر"],
    ["جمادى الأولى", "جمادى الاولى", "جمادى الأول"],
    ["جمادى الآخرة", "جمادى الثانية", "جمادى الاخرة"],
    ["رجب"],
    ["شعبان"],
    ["رمضان"],
    ["شوال"],
    ["ذو القعدة", "ذي القعدة"],
    ["ذو الحجة", "ذي الحجة"],
]
