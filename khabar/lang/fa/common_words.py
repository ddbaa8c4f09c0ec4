"""Frequent Persian words that some city's alternate name in geonames happens to
spell (آب "water", سده "century", تازه "fresh", خبر "news", دو "two", نیم
"half").  khabar.kb does not index them as city names.  Data only.
"""

COMMON_WORDS = frozenset("""
آب اب دو نیم سن رم مان هام تازه سده خبر روان جنت جنان سر بر در از به با که این آن را
نور سالم امل الم کوه دریا شهر ماه سال بند باغ میل نو تن
""".split())


# Function words: prepositions, conjunctions, particles, pronouns and
# demonstratives.  A word of a person's name that is one of these is never
# taken alone as a short reference to that person (khabar.actors._name_parts).
FUNCTION_WORDS = frozenset("""
در از به با برای که را این آن تا بر هم یا اما اگر چه نیز پس پیش بین زیر روی درباره توسط
سوی طی بدون مانند ولی همه هر یک او وی ما شما آنها ایشان است بود شد کرد می نه
""".split())
