"""Russian normalization data (data only), used by :mod:`khabar.normalize`."""

# ё is written as е in most Russian print (its dots are optional outside
# dictionaries and children's books), so the matching key folds it.
KEY_FOLD: dict[str, str] = {"ё": "е", "Ё": "е"}

# й is a letter of its own, not и with a diacritic: the key keeps it although
# it strips other combining accents (Unicode decomposes й into и + breve).
KEY_KEEP: dict[str, str] = {"й": "й", "Й": "й"}
