"""Arabic-script normalization tables (data only), used by :mod:`khabar.normalize`.

These tables describe the *Arabic script*, so they serve Persian and Urdu text
too: the matching key folds every spelling variant of a letter onto one form so
that Arabic and Persian spellings of the same word meet.
"""

# Harakat (fatha, damma, kasra, tanwin, shadda, sukun, hamza/madda above and
# below as combining marks, ...), the superscript ("dagger") alef, the small
# signs used over honorifics and the Quranic annotation marks.  They are
# optional in ordinary writing, so a matching key drops them.  Inclusive
# code-point ranges.
DIACRITIC_RANGES: tuple[tuple[int, int], ...] = (
    (0x0610, 0x061A),  # honorific signs, small high letters
    (0x064B, 0x065F),  # harakat, tanwin, shadda, sukun, combining hamza/madda
    (0x0670, 0x0670),  # superscript alef
    (0x06D6, 0x06ED),  # Quranic annotation signs
    (0x08D3, 0x08E1),  # extended Quranic marks
    (0x08E3, 0x08FF),  # extended harakat (U+08E2 is a format character)
)

# Tatweel (kashida) only stretches a joint between letters for justification;
# it carries no sound.
TATWEEL = "\u0640"

# Letter variants folded by the matching key.  Hamza seats are written
# inconsistently in news (أ/إ/ا, ئ/ي, ؤ/و), Persian uses different code points
# for yeh and kaf (ی U+06CC, ک U+06A9) than Arabic (ي U+064A, ك U+0643), and
# final ى/ي and ة/ه are often interchanged in Egyptian and Persian typing.
# Each variant maps to one canonical letter; the canonical letters map to
# themselves, so folding is idempotent.
KEY_LETTER_FOLD: dict[str, str] = {
    # alef with hamza above/below, madda, wasla, wavy hamza -> bare alef
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",
    "\u0672": "\u0627", "\u0673": "\u0627", "\u0675": "\u0627",
    # alef maqsura, Farsi yeh, yeh with hamza, high-hamza yeh -> Arabic yeh
    "\u0649": "\u064A", "\u06CC": "\u064A", "\u0626": "\u064A", "\u0678": "\u064A",
    # keheh (Persian kaf), swash kaf -> Arabic kaf
    "\u06A9": "\u0643", "\u06AA": "\u0643",
    # teh marbuta, heh with yeh above (Persian ezafe), heh goal and its teh
    # marbuta, heh doachashmee (often typed for plain heh) -> heh
    "\u0629": "\u0647", "\u06C0": "\u0647", "\u06C1": "\u0647", "\u06C2": "\u0647",
    "\u06C3": "\u0647", "\u06BE": "\u0647",
    # waw with hamza, high-hamza waw -> waw
    "\u0624": "\u0648", "\u0676": "\u0648",
}

# The Arabic decimal and thousands separators (U+066B, U+066C) written
# between Arabic-Indic digits; the key writes them as "." and ",".
DECIMAL_SEPARATOR = "\u066B"
THOUSANDS_SEPARATOR = "\u066C"

# Arabic-Indic (U+0660..) and Extended Arabic-Indic (Persian/Urdu, U+06F0..)
# digits.  The key turns every decimal digit into ASCII; these are the ones
# seen in Arabic-script news.
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"

# Display normalization of Arabic text: Persian keheh typed on a Persian
# keyboard is Arabic kaf.  (Farsi yeh is only safe to change inside a word:
# its final form looks like alef maqsura, so a final one is left alone.)
ORTHOGRAPHIC_MAP: dict[str, str] = {"\u06A9": "\u0643"}
MEDIAL_YEH_MAP: dict[str, str] = {"\u06CC": "\u064A"}
