"""Calendar knowledge: month names in many languages and calendars, and
parsing of dates found in metadata and datelines.

Gregorian month names come from CLDR (babel), including the Levantine/Iraqi
Arabic names (كانون الثاني …) from the ``ar_SY``/``ar_LB``/``ar_IQ`` locales;
Solar Hijri and lunar Hijri names are language data (``khabar.lang.fa``,
``khabar.lang.ar``).  Lookups go through :func:`khabar.normalize.key` so that
spelling variants (hamza, yeh, ezafe marks, digits) meet.
"""

from __future__ import annotations

import email.utils
import re
from datetime import date, datetime
from functools import lru_cache

from . import normalize

__all__ = ["month_lookup", "to_gregorian", "parse_date_text", "parse_metadata_date", "digits"]

# Locales whose CLDR month names we accept.  ar_SY/ar_LB/ar_IQ bring the
# Syriac-derived Levantine names; ar_MA/ar_DZ/ar_TN the French-derived Maghreb
# ones (جانفي، ماي، جوان …).
_MONTH_LOCALES = ("en", "ar", "ar_SY", "ar_LB", "ar_IQ", "ar_JO", "ar_MA", "ar_DZ", "ar_TN",
                  "fa", "ur", "ru", "uk", "tr", "fr", "de", "es", "kk", "az")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?\s*$")
_SLASHED = re.compile(r"^\s*(\d{4})/(\d{1,2})/(\d{1,2})")


def digits(s: str) -> str:
    """Arabic-Indic and Persian digits to ASCII."""
    return s.translate(_DIGITS)


_DIGITS = {ord(c): str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")}
_DIGITS.update({ord(c): str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")})


@lru_cache(maxsize=1)
def month_lookup() -> dict[str, tuple[str, int]]:
    """Normalized month name → (calendar, month number).

    Calendars: ``gregorian``, ``jalali`` (Solar Hijri), ``hijri`` (lunar).
    """
    from babel import Locale

    from .lang.ar.calendar import HIJRI_MONTHS
    from .lang.fa.calendar import JALALI_MONTHS

    table: dict[str, tuple[str, int]] = {}

    def add(name: str, cal: str, month: int) -> None:
        k = normalize.key(name.strip(". "))
        if k and k not in table:
            table[k] = (cal, month)

    # Jalali names first: "مهر" and "دی" are also ordinary words, but inside a
    # date pattern (day + name + year) they are months.
    for i, names in enumerate(JALALI_MONTHS, 1):
        for n in names:
            add(n, "jalali", i)
    for loc in _MONTH_LOCALES:
        L = Locale.parse(loc)
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for num, name in L.months[context][width].items():
                    add(name, "gregorian", num)
    for i, names in enumerate(HIJRI_MONTHS, 1):
        for n in names:
            add(n, "hijri", i)
    # English "Sept." is common in wire copy but not CLDR's abbreviation.
    add("Sept", "gregorian", 9)
    return table


@lru_cache(maxsize=1)
def weekday_lookup() -> dict[str, int]:
    """Normalized weekday name (CLDR, many locales) → ISO weekday (Monday = 0)."""
    from babel import Locale

    table: dict[str, int] = {}
    for loc in _MONTH_LOCALES:
        L = Locale.parse(loc)
        for context in ("format", "stand-alone"):
            for num, name in L.days[context]["wide"].items():
                k = normalize.key(name)
                if k:
                    table.setdefault(k, num)
                    table.setdefault(k.replace(" ", ""), num)
                    if k.isascii() is False and ord(k[0]) < 0x0500 and len(k) >= 5:
                        # Cyrillic case endings: пятница / пятницу / пятницы.
                        table.setdefault("~" + k[:-1], num)
    return table


def first_weekday(text: str) -> int | None:
    """The first weekday named in ``text`` (ISO, Monday = 0), or None.

    News leads name the day of the happening ("on Monday", "اليوم الاثنين",
    "روز جمعه", "в пятницу"); two reports naming different days usually
    report different happenings.  Names of two words (پنج شنبه) are matched.
    """
    table = weekday_lookup()
    toks = normalize.tokens(text)
    for i, tok in enumerate(toks):
        if i + 1 < len(toks):
            for joined in (tok + " " + toks[i + 1], tok + toks[i + 1]):
                if (hit := table.get(joined)) is not None:
                    return hit
        hit = table.get(tok)
        if hit is None and len(tok) >= 5:
            hit = table.get("~" + tok[:-1])
        if hit is None and len(tok) > 3 and tok[0] in "وبل":  # Arabic proclitic: والاثنين
            hit = table.get(tok[1:])
        if hit is not None:
            return hit
    return None


def to_gregorian(cal: str, year: int, month: int, day: int) -> date | None:
    """A date in ``cal`` converted to a Gregorian :class:`date` (None if invalid)."""
    try:
        if cal == "gregorian":
            return date(year, month, day)
        if cal == "jalali":
            import jdatetime

            return jdatetime.date(year, month, day).togregorian()
        if cal == "hijri":
            return _hijri_to_gregorian(year, month, day)
    except (ValueError, OverflowError):
        return None
    return None


def _hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """Tabular (arithmetic) Islamic calendar; may differ by a day from sighting-based dates."""
    if not (1 <= month <= 12 and 1 <= day <= 30):
        raise ValueError("bad hijri date")
    jd = (day + int((29.5 * (month - 1)) + 0.99) + (year - 1) * 354
          + (3 + 11 * year) // 30 + 1948439 - 1)
    return date.fromordinal(jd - 1721425 + 1)


_DMY = re.compile(r"(\d{1,2})\s*[.\-/ ]?\s*([^\W\d_]+(?:\s[^\W\d_]+)?)\.?\s*[,،]?\s*(\d{4})")
_MDY = re.compile(r"([^\W\d_]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s*,?\s*(\d{4})")


def parse_date_text(text: str) -> tuple[date, str] | None:
    """A written date such as ``11 يناير 2022``, ``۱۷ دی ۱۴۰۰``, ``14 марта 2023``,
    ``March 14, 2023`` → (Gregorian date, calendar it was written in)."""
    text = digits(text)
    months = month_lookup()
    for m in _DMY.finditer(text):
        day, mon, year = int(m.group(1)), m.group(2), int(m.group(3))
        for cand in (mon, mon.split()[0]):
            hit = months.get(normalize.key(cand))
            if hit:
                d = to_gregorian(hit[0], year, hit[1], day)
                if d:
                    return d, hit[0]
    for m in _MDY.finditer(text):
        hit = months.get(normalize.key(m.group(1)))
        if hit:
            d = to_gregorian(hit[0], int(m.group(3)), hit[1], int(m.group(2)))
            if d:
                return d, hit[0]
    return None


def parse_metadata_date(value: str | None) -> str | None:
    """A date from metadata (ISO 8601, RFC 822, or written out) → ISO string.

    Returns ``YYYY-MM-DD`` when only a day is known, ``YYYY-MM-DDTHH:MM:SS[±HH:MM]``
    when a time is given; None when the value is not a plausible date.
    """
    if not value:
        return None
    value = digits(str(value)).strip()
    m = _ISO.match(value)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        try:
            if m.group(4) is None:
                return _plausible(date(y, mo, d).isoformat())
            tz = m.group(7)
            dt = datetime(y, mo, d, int(m.group(4)), int(m.group(5)), int(m.group(6) or 0))
            iso = dt.isoformat()
            if tz:
                iso += "+00:00" if tz == "Z" else (tz if ":" in tz else tz[:3] + ":" + tz[3:])
            return _plausible(iso)
        except ValueError:
            return None
    m = _SLASHED.match(value)
    if m:
        try:
            return _plausible(date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat())
        except ValueError:
            return None
    try:
        dt = email.utils.parsedate_to_datetime(value)
        if dt is not None:
            return _plausible(dt.isoformat())
    except (TypeError, ValueError, IndexError):
        pass
    parsed = parse_date_text(value)
    return _plausible(parsed[0].isoformat()) if parsed else None


def _plausible(iso: str) -> str | None:
    """Reject dates no news article can have (before 1800 or far in the future)."""
    year = int(iso[:4])
    return iso if 1800 <= year <= date.today().year + 1 else None
