"""Titles and roles as language data, for the resolver's context constraints.

News introduces people by office: "وزير الخارجية الصيني وانغ يي", "وزیر امور
خارجه چین وانگ یی", "Chinese Foreign Minister Wang Yi", "глава МИД КНР Ван
И".  :class:`Titles` (one per language, from ``khabar/lang/<code>/titles.py``
and the knowledge base's country names) finds such "<title> <country>?
<name>" patterns; :meth:`khabar.kb.KnowledgeBase.role_holders` then says who
held that office in a given year.

Country words are derived where a rule exists and listed where it does not:

* ar — country names (CLDR, curated) and nisba adjectives: the name without
  ال, final ا/يا/ية → ي, otherwise + ي (روسيا → روسي, الصين → صيني,
  السعودية → سعودي), in four forms (صيني، صينية، الصيني، الصينية);
  irregular ones (أمريكي، كازاخي …) in ``NISBA``.
* fa — country names (the ezafe complement: "رئیس جمهور قزاقستان") and
  adjectives: name + ی, after ا/و + یی (چینی، آمریکایی); irregular in ``ADJECTIVES``.
* en — country names, their possessive ("Russia's") and the hand-listed ``DEMONYMS``.
* ru — country names, genitives derived by ending (Россия → России, Казахстан
  → Казахстана, Китай → Китая, Южная Корея → Южной Кореи) with irregular ones
  in ``GENITIVE``, and adjectives in all case forms (китайский → китайского …).
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Sequence

from . import normalize

if TYPE_CHECKING:  # pragma: no cover
    from .kb import KnowledgeBase

__all__ = ["Titles", "TitleMatch", "build_titles", "LANGS"]

LANGS = ("ar", "fa", "en", "ru")
_MAX_COUNTRY_WORDS = 6
_ORG_MAX_WORDS = 6
_ORG_MIN_SCORE = 0.95
# Organizations that belong to one state: a title tied to them names that state.
_NATIONAL_KINDS = frozenset({"government_body", "ministry", "parliament", "military", "intelligence",
                             "government"})


@dataclass(frozen=True)
class TitleMatch:
    """A title found in a text; offsets index the original text."""

    start: int                   # the title phrase, with its country or organization
    end: int
    title: str                   # the title phrase's key ("وزير الخارجيه")
    roles: tuple[str, ...]       # role titles ("foreign_minister",)
    kinds: tuple[str, ...]       # role kinds ("foreign_minister",)
    country: str | None = None   # ISO alpha-2 named next to the title
    org: str | None = None       # or an organization's actor id
    name_start: int = 0          # where a following name would begin (after honorifics)


@dataclass(frozen=True)
class Titles:
    """Title phrases, country words and honorifics of one language, all keyed
    by :func:`khabar.normalize.key`."""

    lang: str
    roles: dict[str, tuple[str, ...]]          # title key → role titles
    countries: dict[str, str]                  # country name/adjective/genitive key → ISO alpha-2
    honorifics: frozenset[str] = frozenset()
    # Words that make the title after them someone else's ("deputy prime
    # minister", "former president"): that title is skipped.
    not_holders: frozenset[str] = frozenset()
    country_prefixes: frozenset[str] = frozenset()
    country_before: bool = False               # en/ru: "Chinese Foreign Minister"
    max_title_words: int = 1
    max_country_words: int = 1
    _lookup: Callable | None = field(default=None, compare=False, repr=False)
    _get: Callable | None = field(default=None, compare=False, repr=False)

    def kinds(self, roles: Sequence[str]) -> tuple[str, ...]:
        """Role kinds of role titles (``TITLE_KINDS``), in order, without repeats."""
        from .kb import TITLE_KINDS

        return tuple(dict.fromkeys(k for r in roles for k in TITLE_KINDS.get(r, (r,))))

    def match_title(self, words: Sequence[str], i: int = 0) -> tuple[int, tuple[str, ...]] | None:
        """The longest title phrase starting at ``words[i]``: (word count, role titles)."""
        for n in range(min(self.max_title_words, len(words) - i), 0, -1):
            roles = self.roles.get(" ".join(words[i:i + n]))
            if roles:
                return n, roles
        return None

    def match_country(self, words: Sequence[str], i: int = 0) -> tuple[int, str] | None:
        """The longest country word(s) starting at ``words[i]``: (word count, ISO code)."""
        for n in range(min(self.max_country_words, len(words) - i), 0, -1):
            code = self.countries.get(" ".join(words[i:i + n]))
            if code:
                return n, code
        return None

    def country(self, text: str) -> str | None:
        """ISO code for a country name or adjective as written, or None."""
        return self.countries.get(normalize.key(text, self.lang))

    def find(self, text: str) -> list[TitleMatch]:
        """Every title in ``text`` with the country or organization next to it."""
        mapped = normalize.key_mapped(text, self.lang)
        spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", mapped.text)]
        words = [mapped.text[s:e] for s, e in spans]
        orig = [mapped.span_to_original(s, e) for s, e in spans]
        out: list[TitleMatch] = []
        i = 0
        while i < len(words):
            hit = self._title_at(words, i)
            if hit is None or self._inside_name(text, orig, i, hit[0]):
                i += 1
                continue
            if i > 0 and words[i - 1] in self.not_holders:
                i += hit[0]
                continue
            n, roles = hit
            start, j = i, i + n
            country = org = None
            if self.country_before:
                before = self._country_before(words, i)
                if before:
                    start, country = i - before[0], before[1]
                else:
                    org, n_org = self._org_before(text, orig, i)
                    if org:
                        start = i - n_org
            if start != i and start > 0 and words[start - 1] in self.not_holders:
                i += n                          # "the former Russian president"
                continue
            if country is None and org is None:
                j, country, org = self._complement(text, words, orig, j)
            if country is None and org is None:
                org = self._org_in_title(text, orig, i, n)
            if country is None and org is not None:
                country = self._national(org)
            while j < len(words) and self._honorific_at(words, j):
                j += self._honorific_at(words, j)
            j = min(j, len(words))
            end = orig[max(j - 1, i)][1] if j > i else orig[i][1]
            name_start = orig[j][0] if j < len(words) else len(text)
            out.append(TitleMatch(orig[start][0], end, " ".join(words[i:i + n]), roles,
                                  self.kinds(roles), country, org, name_start))
            i = max(j, i + 1)
        return out

    # --- helpers ------------------------------------------------------------------
    def _title_at(self, words, i):
        hit = self.match_title(words, i)
        if hit is None and self.lang in ("ar", "fa") and len(words[i]) > 3 and words[i][0] in "وف":
            hit = self.match_title([words[i][1:], *words[i + 1:i + self.max_title_words]])
        return hit

    def _country_before(self, words, i):
        for n in range(min(self.max_country_words, i), 0, -1):
            code = self.countries.get(" ".join(words[i - n:i]))
            if code:
                return n, code
        return None

    def _complement(self, text, words, orig, j):
        """After a title: a country (with "of", prefixes) or an organization."""
        k = j
        if self.lang == "en" and k < len(words) and words[k] in ("of", "for"):
            k += 2 if k + 1 < len(words) and words[k + 1] == "the" else 1
        # The longer reading wins: "spokeswoman of the Russian foreign
        # ministry" names the ministry, not just Russia.
        org, n = self._org_at(text, orig, k)
        for skip in (0, 1, 2):
            if skip and not (k + skip <= len(words)
                             and " ".join(words[k:k + skip]) in self.country_prefixes):
                continue
            c = self.match_country(words, k + skip)
            if c and not (org and n > skip + c[0]):
                return k + skip + c[0], c[1], None
        if org:
            return k + n, None, org
        return j, None, None

    def _org_at(self, text, orig, k):
        if self._lookup is None or k >= len(orig):
            return None, 0
        for n in range(min(_ORG_MAX_WORDS, len(orig) - k), 0, -1):
            org = self._org_named(text[orig[k][0]:orig[k + n - 1][1]])
            if org:
                return org, n
        return None, 0

    def _inside_name(self, text, orig, i, n) -> bool:
        """"نور سلطان" is a city, not a sultan: the word before and the title
        together form a known name."""
        if self._lookup is None or i == 0:
            return False
        found = self._lookup(text[orig[i - 1][0]:orig[i + n - 1][1]], self.lang)
        return bool(found) and found[0][1] >= 1.0

    def _org_in_title(self, text, orig, i, n):
        """A title that names its organization: "المتحدثة باسم البيت الأبيض",
        "Kremlin spokesman", "سخنگوی کاخ سفید"."""
        if self._lookup is None or n < 2:
            return None
        spans = [(i + a, i + b) for a in range(n) for b in range(n, a, -1) if (a, b) != (0, n)]
        for s, e in sorted(spans, key=lambda se: se[0] - se[1]):
            for actor, score in self._lookup(text[orig[s][0]:orig[e - 1][1]], self.lang):
                if score >= 1.0 and actor.type == "ORG":
                    return actor.id
                break
        return None

    def _national(self, org: str) -> str | None:
        """The state a national body belongs to (the Kremlin → RU); None for
        international organizations."""
        actor = self._get(org) if self._get else None
        if actor is not None and actor.kind in _NATIONAL_KINDS:
            return actor.country
        return None

    def _org_before(self, text, orig, i):
        """English "UN Secretary-General", "NATO chief": an organization just before."""
        if self._lookup is None:
            return None, 0
        for n in range(min(_ORG_MAX_WORDS, i), 0, -1):
            org = self._org_named(text[orig[i - n][0]:orig[i - 1][1]])
            if org:
                return org, n
        return None, 0

    def _org_named(self, surface: str) -> str | None:
        """Id of the organization the knowledge base knows by ``surface``, if any."""
        for actor, score in self._lookup(surface, self.lang):
            if score < _ORG_MIN_SCORE:
                break
            if actor.type == "ORG":
                return actor.id
        return None

    def _honorific_at(self, words, j) -> int:
        for n in (3, 2, 1):
            if " ".join(words[j:j + n]) in self.honorifics:
                return n
        return 0


# --- building ---------------------------------------------------------------------------

def build_titles(kb: "KnowledgeBase", lang: str) -> Titles:
    if lang not in LANGS:
        raise ValueError(f"no title data for language {lang!r}; known: {', '.join(LANGS)}")
    data = importlib.import_module(f"khabar.lang.{lang}.titles")

    def k(s: str) -> str:
        return normalize.key(s, lang)

    roles: dict[str, tuple[str, ...]] = {}
    for phrase, r in data.TITLES.items():
        forms = [phrase] + (_ru_title_cases(phrase) if lang == "ru" else [])
        for form in forms:
            key = k(form)
            roles[key] = tuple(dict.fromkeys(roles.get(key, ()) + tuple(r)))
    countries: dict[str, str] = {}

    def add(s: str, code: str, keyed: bool = False) -> None:
        key = s if keyed else k(s)
        if key and key not in roles:
            countries.setdefault(key, code)

    names = _country_names(kb, lang)
    for code, ns in names.items():
        for n in ns:
            add(n, code)
    _DERIVE[lang](data, names, add)
    prefixes = frozenset(k(p) for p in getattr(data, "COUNTRY_PREFIXES", ()))
    return Titles(
        lang=lang, roles=roles, countries=countries,
        honorifics=frozenset(k(h) for h in getattr(data, "HONORIFICS", ())),
        not_holders=frozenset(k(w) for w in getattr(data, "NOT_HOLDERS", ())),
        country_prefixes=prefixes, country_before=lang in ("en", "ru"),
        max_title_words=max(len(t.split()) for t in roles),
        max_country_words=min(_MAX_COUNTRY_WORDS, max(len(c.split()) for c in countries)),
        _lookup=kb.lookup, _get=kb.get)


def _country_names(kb: "KnowledgeBase", lang: str) -> dict[str, list[str]]:
    """ISO code → the country's names in ``lang`` (CLDR, pycountry, curated)."""
    out: dict[str, list[str]] = {}
    for a in kb.countries():
        ns = list(a.names.get(lang, ()))
        if lang == "en":
            ns += [x for x in a.abbr if not x.isupper() or len(x) > 2]
        if ns:
            out[a.country] = ns
    return out


def _single_words(names: dict[str, list[str]], lang: str):
    for code, ns in names.items():
        for n in ns:
            key = normalize.key(n, lang)
            if key and " " not in key:
                yield code, key


def _derive_ar(data, names, add) -> None:
    for code, w in _single_words(names, "ar"):
        if w.startswith("ال") and len(w) > 4:
            w = w[2:]
        if w.endswith("يا"):
            base = w[:-1]
        elif w.endswith("يه"):
            base = w[:-2] + "ي"
        elif w.endswith("ا"):
            base = w[:-1] + "ي"
        elif w.endswith("ي"):
            base = w
        elif w.endswith(("و", "ه")):
            continue
        else:
            base = w + "ي"
        for form in _ar_forms(base):
            add(form, code, keyed=True)
    for code, forms in data.NISBA.items():
        for f in forms:
            for form in _ar_forms(normalize.key(f, "ar")):
                add(form, code, keyed=True)


def _ar_forms(masc: str) -> list[str]:
    """صيني → صيني، صينيه، الصيني، الصينيه (keys: ة is folded to ه); each word
    of a two-word nisba (كوري جنوبي) takes the article and the ending."""
    words = masc.split()
    fem = " ".join(w + "ه" for w in words)
    return [masc, fem, " ".join("ال" + w for w in words), " ".join("ال" + w + "ه" for w in words)]


def _derive_fa(data, names, add) -> None:
    for code, w in _single_words(names, "fa"):
        if w.endswith(("ا", "و")):
            add(w + "يي", code, keyed=True)
        elif not w.endswith(("ه", "ي")):
            add(w + "ي", code, keyed=True)
    for code, forms in data.ADJECTIVES.items():
        for f in forms:
            add(f, code)


def _derive_en(data, names, add) -> None:
    for code, ns in names.items():
        for n in ns:
            add(n + "'s", code)
    for code, forms in data.DEMONYMS.items():
        for f in forms:
            add(f, code)


_RU_SOFT_ADJ = ("ий", "ого", "ому", "им", "ом", "ая", "ой", "ую", "ое", "ие", "их", "ими")
_RU_HARD_ADJ = ("ый", "ого", "ому", "ым", "ом", "ая", "ой", "ую", "ое", "ые", "ых", "ыми")


def _ru_genitive_word(w: str, adjective_next: bool = False) -> str:
    if w.isupper() or "-" in w and w.split("-")[-1][:1].isupper():
        return w
    lw = w.lower()
    if lw.endswith("ая"):
        return w[:-2] + "ой"
    if lw.endswith(("ый", "ий", "ой")) and adjective_next:
        return w[:-2] + "ого"
    if lw.endswith("ое"):
        return w[:-2] + "ого"
    if lw.endswith(("ия", "ея", "я")):
        return w[:-1] + "и"
    if lw.endswith("а"):
        return w[:-1] + ("и" if lw[-2:-1] in "гкхжшчщ" else "ы")
    if lw.endswith("й"):
        return w[:-1] + "я"
    if lw.endswith("ь"):
        return w[:-1] + "я"
    if lw[-1:] in "оеиуюэыё" or not lw[-1:].isalpha():
        return w
    return w + "а"


def _ru_genitive(name: str) -> str:
    words = name.split()
    out = []
    for i, w in enumerate(words):
        out.append(_ru_genitive_word(w, adjective_next=i + 1 < len(words)))
    return " ".join(out)


def _derive_ru(data, names, add) -> None:
    for code, ns in names.items():
        for n in ns:
            add(_ru_genitive(n), code)
    for table in (data.GENITIVE, data.COUNTRY_ABBREVIATIONS):
        for code, forms in table.items():
            for f in forms:
                add(f, code)
    for code, adjs in data.ADJECTIVES.items():
        for adj in adjs:
            if adj.endswith("ый"):
                stem, ends = adj[:-2], _RU_HARD_ADJ
            elif adj.endswith("ий"):
                stem, ends = adj[:-2], _RU_SOFT_ADJ
            else:
                add(adj, code)
                continue
            for e in ends:
                add(stem + e, code)


# Russian titles stand in any case ("с министром иностранных дел", "главы
# МИД"): the leading adjectives and the head noun take the case ending, the
# genitive complement after them does not.  Genitive, dative, instrumental,
# prepositional.
_RU_NOUN_CASES = (("а", ("ы", "е", "ой", "е")), ("я", ("и", "е", "ей", "е")),
                  ("ь", ("я", "ю", "ем", "е")), ("й", ("я", "ю", "ем", "е")))
_RU_ADJ_CASES = {"ый": ("ого", "ому", "ым", "ом"), "ий": ("ого", "ому", "им", "ом"),
                 "ой": ("ого", "ому", "ым", "ом")}


def _ru_title_cases(phrase: str) -> list[str]:
    words = phrase.split()
    head = 0
    while head < len(words) - 1 and words[head][-2:] in _RU_ADJ_CASES:
        head += 1
    noun = words[head]
    parts = noun.rsplit("-", 1)           # вице-президент, премьер-министр: the last part declines
    last = parts[-1]
    if not last[-1:].isalpha() or last.isupper():
        return []
    for end, cases in _RU_NOUN_CASES:
        if last.endswith(end):
            forms = [last[:-1] + c for c in cases]
            break
    else:
        forms = [last + c for c in ("а", "у", "ом", "е")]
    out = []
    for case, form in enumerate(forms):
        adjs = [w[:-2] + _RU_ADJ_CASES[w[-2:]][case] for w in words[:head]]
        noun_form = "-".join(parts[:-1] + [form])
        out.append(" ".join(adjs + [noun_form] + words[head + 1:]))
    return out


_DERIVE = {"ar": _derive_ar, "fa": _derive_fa, "en": _derive_en, "ru": _derive_ru}
