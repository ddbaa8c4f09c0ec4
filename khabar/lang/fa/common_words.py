"""Frequent Persian words that some city's alternate name in geonames happens to
spell (آب "water", سده "century", تازه "fresh", خبر "news", دو "two", نیم
"half").  khabar.kb does not index them as city names.  Data only.
"""

COMMON_WORDS = frozenset("""
آب اب دو نیم سن رم مان هام تازه سده خبر روان جنت جنان سر بر در از به با که این آن را
نور سالم امل الم کوه دریا شهر ماه سال بند باغ میل نو تن
""".split())
