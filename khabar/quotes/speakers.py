"""Quote speakers linked to actors (see :func:`resolve_speakers`)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Sequence

from ..lang.ar import titles as _ar_titles
from ..lang.en import titles as _en_titles
from ..lang.fa import titles as _fa_titles
from ..lang.ru import titles as _ru_titles
from ..normalize import key as _key
from .lexical import _fold
from .marks import _DATA, Quote, _lang

if TYPE_CHECKING:  # pragma: no cover
    from ..kb import KnowledgeBase
    from ..kb_titles import TitleMatch

_TITLES = {"en": _en_titles, "ar": _ar_titles, "fa": _fa_titles, "ru": _ru_titles}
_ACTOR_TYPES = ("per", "org")


@lru_cache(maxsize=None)
def _role_keys(code: str) -> tuple[str, ...]:
    """Normalized title and role phrases of a language (khabar.lang.<code>.titles
    and the role words of its quote data)."""
    phrases = set(_TITLES[code].TITLES) | set(_DATA[code].ROLE_WORDS)
    return tuple({_key(p, code) for p in phrases} - {""})


@lru_cache(maxsize=None)
def _org_roles(code: str) -> frozenset[str]:
    """Normalized role words that name an organization (``ORG_ROLE_WORDS``)."""
    return frozenset(_key(w, code) for w in getattr(_DATA[code], "ORG_ROLE_WORDS", ())) - {""}


@lru_cache(maxsize=None)
def _documents(code: str) -> frozenset[str]:
    """Normalized statement/message nouns of a language (``DOCUMENTS``)."""
    return frozenset(_key(w, code) for w in getattr(_DATA[code], "DOCUMENTS", ())) - {""}


def _anaphoric(words: list[str], code: str) -> bool:
    """Whether a statement speaker refers back ("البيان", "the statement",
    "این بیانیه") rather than introducing a new one ("بيان صادر عن …")."""
    determiners = getattr(_DATA[code], "DOCUMENT_DETERMINERS", None)
    if determiners is None:                     # no articles: read it as given
        return True
    docs = _documents(code)
    if code == "ar":
        return any(w in docs and w.startswith("ال") for w in words)
    return any(w in {_key(d, code) for d in determiners} for w in words)


def _issuer(history: Sequence[tuple[Quote, str]], mentions, text: str, code: str,
            limit: int) -> str | None:
    """Who issued "the statement" that speaks: the latest earlier speaker
    whose words were introduced with a statement ("وذكرت الوزارة، في بيان،
    أن …"), else the nearest earlier person or organization named beside a
    statement ("تبنى رؤساء حكومات منظمة … بياناً مشتركاً"), else the previous
    speaker.  ``limit``: where the statement's own attribution begins (not
    searched)."""
    stems = {d[2:] if code == "ar" and d.startswith("ال") else d for d in _documents(code)}
    said = _said_in_statement(history, text, code, limit, stems)
    if said is not None:
        return said
    for m in _candidates(mentions, limit, _ACTOR_TYPES):
        if any(stem in _key(_sentence_around(m, text, limit), code) for stem in stems):
            return m["actor_id"]
    return history[-1][1] if history else None


def _said_in_statement(history, text: str, code: str, limit: int, stems) -> str | None:
    """The latest earlier speaker whose attribution names a statement."""
    for pq, actor in reversed(history):
        # The attribution around the speaker and cue, without the quoted words.
        starts = [x for x in (pq.speaker_start, pq.cue_start) if x is not None]
        ends = [x for x in (pq.speaker_end, pq.cue_end) if x is not None]
        lo, hi = max(0, min(starts) - ROLE_WINDOW), min(max(ends) + ROLE_WINDOW // 2, limit)
        if hi <= lo:
            continue
        around = text[lo:max(lo, min(hi, pq.content_start))] + " \n " + text[max(lo, pq.content_end):hi] \
            if pq.content_start < hi and pq.content_end > lo else text[lo:hi]
        padded = f" {_key(around, code)} "
        if any(stem in padded for stem in stems):
            return actor
    return None


def _issued_by(mentions, text: str, end: int) -> dict | None:
    """An organization or person named right after a statement speaker ("بيان
    صادر عن وزارة الخارجية", "a statement from the ministry"): the issuer."""
    for m in sorted(mentions, key=lambda m: m["start"]):
        if m["start"] >= end and m.get("actor_id") and _mtype(m) in _ACTOR_TYPES:
            gap = text[end:m["start"]]
            if len(gap) <= ISSUER_GAP and not _CLAUSE_BREAK.search(gap):
                return m
            return None
    return None


# A statement's issuer follows within this many characters ("صادر عن ", " issued by the ").
ISSUER_GAP = 16
_CLAUSE_BREAK = re.compile(r"[.!?؟\n,،:;؛«»\"“”]")


def _roles_in(phrase: str, code: str) -> list[str]:
    """The title/role phrases a speaker phrase contains ("the foreign
    minister" -> ["foreign minister", "minister"])."""
    padded = f" {_key(phrase, code)} "
    return [r for r in _role_keys(code) if f" {r} " in padded]


def _mtype(m: dict) -> str:
    return str(m.get("type") or "").lower()


def _overlapping(mentions, start: int, end: int) -> dict | None:
    """The mention that best covers a speaker span: a person, then an
    organization, before a place ("the EU's foreign policy chief, Josep
    Borrell" is Borrell), then the longest overlap, then the later one (the
    head of "Chinese Foreign Minister Wang Yi" is the name)."""
    best, rank = None, None
    for m in mentions:
        overlap = min(end, m["end"]) - max(start, m["start"])
        if overlap > 0 and m.get("actor_id"):
            r = (_mtype(m) == "per", _mtype(m) in _ACTOR_TYPES, overlap, m["start"])
            if rank is None or r > rank:
                best, rank = m, r
    return best


def _candidates(mentions, before: int, types) -> list[dict]:
    """Person/organization mentions ending before ``before``, nearest first."""
    found = [m for m in mentions if m["end"] <= before and m.get("actor_id") and _mtype(m) in types]
    found.sort(key=lambda m: m["start"], reverse=True)
    return found


def _introduced(mentions, before: int, types, text: str, code: str, roles) -> list[dict]:
    """The candidates introduced with one of ``roles``, nearest first."""
    return [m for m in _candidates(mentions, before, types)
            if any(f" {r} " in _surroundings(m, mentions, text, code, before) for r in roles)]


def _preceding(mentions, before: int, types, text: str, code: str, roles=()) -> str | None:
    """The nearest person/organization mention ending before ``before``;
    one introduced with one of ``roles`` wins over a nearer one."""
    if roles:
        introduced = _introduced(mentions, before, types, text, code, roles)
        if introduced:
            return introduced[0]["actor_id"]
    candidates = _candidates(mentions, before, types)
    return candidates[0]["actor_id"] if candidates else None


# Characters around an earlier mention searched for the speaker's title
# ("Foreign Minister Wang Yi" … "the minister said"), stopping at the
# neighbouring mentions so one name's title does not spill onto the next.
ROLE_WINDOW = 60


def _around(m: dict, mentions, text: str, limit: int) -> str:
    """The text around a mention, up to its neighbouring mentions and (after
    it) the end of its sentence; the mention itself is left out."""
    left = max([m["start"] - ROLE_WINDOW] + [o["end"] for o in mentions if o["end"] <= m["start"]])
    right = min([m["end"] + ROLE_WINDOW // 2, limit] + [o["start"] for o in mentions if o["start"] >= m["end"]])
    after = _SENTENCE_END.split(text[m["end"]:max(m["end"], right)], 1)[0]
    return text[max(0, left):m["start"]] + " \n " + after


def _surroundings(m: dict, mentions, text: str, code: str, limit: int) -> str:
    """:func:`_around`, normalized and padded with spaces."""
    return f" {_key(_around(m, mentions, text, limit), code)} "


_SENTENCE_END = re.compile(r"[.!?؟\n]")


def _sentence_around(m: dict, text: str, limit: int) -> str:
    """The words of a mention's sentence within :data:`ROLE_WINDOW` of it,
    other names included ("the Serbian president Milan Jovanović", "Milan
    Jovanović, the Serbian president,"); the mention itself is left out."""
    before = _SENTENCE_END.split(text[max(0, m["start"] - ROLE_WINDOW):m["start"]])[-1]
    after = _SENTENCE_END.split(text[m["end"]:max(m["end"], min(limit, m["end"] + ROLE_WINDOW))], 1)[0]
    return before + " \n " + after


def _continues(prev: tuple[Quote, str] | None, q: Quote, mentions, types) -> str | None:
    """The previous quote's actor when no other candidate is named between
    it and a pronoun speaker ("The minister said … He added …"); names in
    the previous content do not count."""
    if prev is None:
        return None
    pq, actor = prev
    for m in mentions:
        if pq.speaker_end is not None and pq.speaker_end <= m["start"] and m["end"] <= q.speaker_start \
                and _mtype(m) in types and m.get("actor_id") != actor \
                and not (pq.content_start <= m["start"] and m["end"] <= pq.content_end):
            return None
    return actor


def _apposition(mentions, text: str, end: int) -> dict | None:
    """A person mention right after ``end``, set off by a comma or quotation mark."""
    for m in mentions:
        if _mtype(m) == "per" and m.get("actor_id") and 0 < m["start"] - end <= 4:
            gap = text[end:m["start"]]
            if not gap.strip(" \u00a0,،«»\"“”") and gap.strip():
                return m
    return None


class Offices:
    """Speakers given by an office of a named state or organization ("رئیس
    جمهور صربستان", "سخنگوی وزارت امور خارجه روسیه", "the Russian foreign
    minister") and who holds it, from the knowledge base's positions.

    Args:
        kb: the knowledge base.
        lang: the text's language.
        year: the year the text speaks of (its publication year), for
            offices whose holder changed; None when unknown: then a person
            named in the text may have held the office at any time, and the
            knowledge base answers only for an office it knows one holder of.
    """

    def __init__(self, kb: "KnowledgeBase", lang: str, year: int | None = None):
        self.kb, self.lang, self.year = kb, _lang(lang), year

    def office(self, phrase: str) -> "TitleMatch | None":
        """The office a speaker phrase names without a name after it: a title
        with its state or organization (None for a bare "the minister", and
        for "the Russian foreign minister Ivan Petrovsky", where the person
        named speaks)."""
        try:
            matches = self.kb.titles(self.lang).find(phrase)
        except (KeyError, ValueError):
            return None
        for m in matches:
            if m.kinds and (m.country or m.org):
                if any(ch.isalpha() for ch in phrase[m.name_start:]):
                    return None
                return m
        return None

    def holds(self, actor_id: str | None, m: "TitleMatch") -> bool | None:
        """True when the knowledge base says ``actor_id`` held the office in
        the year, False when it knows the actor and the office is someone
        else's (another state's president), None when it cannot tell."""
        grade = self._grade(actor_id, m)
        return None if grade is None else grade > 0

    def _grade(self, actor_id: str | None, m: "TitleMatch") -> int | None:
        """2: the actor held that very title there that year; 1: an office
        of the same kind ("presidential_spokesperson" for "spokesperson");
        0: none; None: the knowledge base does not know the actor's offices."""
        actor = self.kb.get(actor_id) if actor_id else None
        if actor is None or not actor.positions:
            return None
        where = {m.country, m.org} - {None}
        grades = [2 if p.title in m.roles else 1 for p in actor.positions
                  if (p.kind in m.kinds or p.title in m.roles) and where & {p.country, p.org}
                  and (self.year is None or p.active(self.year))]
        return max(grades, default=0)

    def state_of(self, phrase: str) -> str | None:
        """The state a speaker phrase names ("وزارت خارجه مصر", "the Egyptian
        foreign ministry"): its knowledge-base actor id, if exactly one."""
        try:
            titles = self.kb.titles(self.lang)
        except (KeyError, ValueError):
            return None
        words = _key(phrase, self.lang).split()
        found = set()
        for i in range(len(words)):
            hit = titles.match_country(words, i)
            if hit:
                found.add(hit[1])
        if len(found) != 1:
            return None
        actor = self.kb.get(f"loc:{found.pop()}")
        return actor.id if actor is not None else None

    def same_office(self, text: str, m: "TitleMatch") -> bool:
        """Whether ``text`` names the office of ``m`` (a shared role kind, the
        same state or organization)."""
        try:
            found = self.kb.titles(self.lang).find(text)
        except (KeyError, ValueError):
            return False
        where = {m.country, m.org} - {None}
        return any(set(t.kinds) & set(m.kinds) and where & {t.country, t.org} for t in found)

    def holder(self, m: "TitleMatch", mentions) -> str | None:
        """The person mentioned in the article who holds the office, else the
        only holder the knowledge base knows for the year (for an unknown
        year: the only holder it knows at all)."""
        named = [a for a in dict.fromkeys(x.get("actor_id") for x in mentions if _mtype(x) == "per")
                 if self.holds(a, m)]
        if named:
            return max(named, key=lambda a: self._grade(a, m) or 0)
        holders: dict[str, int] = {}
        for kind in m.kinds:
            for where in {m.country, m.org} - {None}:
                for a in self.kb.role_holders(kind, where, self.year, ever=self.year is None):
                    holders[a.id] = self._grade(a.id, m) or 0
        best = max(holders.values(), default=0)
        top = [a for a, g in holders.items() if g == best and g > 0]
        return top[0] if len(top) == 1 else None


def _by_office(office: "TitleMatch", offices: Offices, q: Quote, mentions, text: str,
               code: str, hit: dict | None) -> str | None:
    """The speaker named by an office: a person introduced earlier with its
    title who holds it, else a person the knowledge base does not know
    introduced with the same office, else a holder named in the article or
    the knowledge base's only holder for the year; a known holder of another
    state's office never speaks for it."""
    outside = [m for m in mentions if not (q.content_start <= m["start"] and m["end"] <= q.content_end)]
    roles = _roles_in(text[q.speaker_start:q.speaker_end], code)
    for m in _introduced(outside, q.speaker_start, ("per",), text, code, roles):
        if offices.holds(m["actor_id"], office):
            return m["actor_id"]
    # Someone the knowledge base does not know, introduced with this very
    # office ("the Serbian president Milan Jovanović"): a new holder.
    for m in _introduced(outside, q.speaker_start, ("per",), text, code, roles):
        if offices.holds(m["actor_id"], office) is None \
                and offices.same_office(_sentence_around(m, text, q.speaker_start), office):
            return m["actor_id"]
    found = offices.holder(office, mentions)
    if found is not None:
        return found
    # Nobody holds it here: the state or organization itself ("Serbia").
    return hit["actor_id"] if hit is not None and _mtype(hit) in _ACTOR_TYPES + ("loc", "gpe") else None


def _resolve_one(q: Quote, mentions, text: str, code: str, prev=None,
                 offices: Offices | None = None, history: Sequence[tuple[Quote, str]] = ()) -> str | None:
    """The actor of one quote's speaker span (None when unresolved);
    ``history``: the earlier quotes with a resolved speaker, in order."""
    data = _DATA[code]
    s, e = q.speaker_start, q.speaker_end
    hit = _overlapping(mentions, s, e)
    # Names inside the quote's own content are what the speaker talks about,
    # not the speaker ("“Lavrov agreed,” he said"; "…, — заявило ведомство";
    # "به گزارش روزنامه X، «Y» گفت …" is X's report about Y).
    outside = [m for m in mentions if not (q.content_start <= m["start"] and m["end"] <= q.content_end)]
    if offices is not None and (hit is None or _mtype(hit) != "per"):
        office = offices.office(text[s:e])
        if office is not None:
            return _by_office(office, offices, q, mentions, text, code, hit)
    if hit is None or _mtype(hit) != "per":
        # An office followed by the name in apposition: "مسؤول الشؤون
        # الخارجية للاتحاد الأوروبي، جوزيب بوريل،" — the person speaks.
        named = _apposition(outside, text, e)
        if named is not None:
            return named["actor_id"]
    if hit is not None and _mtype(hit) in _ACTOR_TYPES:
        return hit["actor_id"]
    phrase = text[s:e].strip()
    words = _key(phrase, code).split()
    if 0 < len(words) <= 3 and any(w in _documents(code) for w in words):
        issuer = _issued_by(outside, text, e)
        if issuer is not None:
            return issuer["actor_id"]
        if _anaphoric(words, code):
            return _issuer(history, outside, text, code, min(s, q.cue_start))
        return None
    word = _fold(phrase.lower()) if code != "en" else phrase.lower()
    pronouns = {(_fold(p) if code != "en" else p) for p in data.PRONOUNS}
    if word in pronouns:
        personal = {(_fold(p) if code != "en" else p) for p in data.PERSONAL_PRONOUNS}
        types = ("per",) if word in personal else _ACTOR_TYPES
        return _continues(prev, q, mentions, types) or _preceding(outside, s, types, text, code)
    roles = _roles_in(phrase, code)
    if roles:
        types = ("org",) if set(roles) <= _org_roles(code) else _ACTOR_TYPES
        found = _preceding(outside, s, types, text, code, roles)
        if found is not None:
            return found
    if hit is None and not roles:
        found = _spelled_like(phrase, code, mentions, text, history, offices)
        if found is not None:
            return found
    if hit is not None:
        return hit["actor_id"]
    # A body the knowledge base does not know, of a state it names ("وزارت
    # خارجه مصر"): the state speaks.
    if roles and offices is not None and set(roles) <= _org_roles(code):
        return offices.state_of(phrase)
    return None


# How close an untagged speaker ("زاخاروا افزود") must be spelled to a name
# of an actor of the same article.
SPEAKER_VARIANT = 0.8


def _spelled_like(phrase: str, code: str, mentions, text: str, history, offices) -> str | None:
    """An untagged speaker of one to three words spelled like the name of a
    person the article names or quotes: a mention's surface, or (with the
    knowledge base) that person's spelling in the article's language, whole
    or one word of it ("زاخاروا" ~ "ماریا زاخارووا")."""
    from ..translit import name_similarity, script_of, word_skeleton

    words = phrase.split()
    if not 0 < len(words) <= 3 or not all(any(c.isalpha() for c in w) for w in words):
        return None
    script = script_of(phrase)
    if script in ("latin", "cyrillic") and not all(w[:1].isupper() for w in words):
        return None                 # "the official", "sources": not a name
    names: dict[str, set[str]] = {}
    for m in mentions:
        if m.get("actor_id") and _mtype(m) == "per":
            names.setdefault(m["actor_id"], set()).add(text[m["start"]:m["end"]])
    for _, actor in history:
        if _is_person_id(actor, offices):
            names.setdefault(actor, set())
    if offices is not None:
        for aid, spelled in names.items():
            actor = offices.kb.get(aid)
            if actor is not None:
                spelled.update(actor.names.get(code, ()))
    best, best_score = None, SPEAKER_VARIANT
    n = len(phrase)
    sk = word_skeleton(phrase, code)
    if not sk:
        return None
    seen: set[str] = set()
    for aid, spelled in names.items():
        forms = {f for name in spelled for f in (name, *(w for w in name.split() if len(w) >= 4))}
        for form in forms - seen:
            # Spellings this far apart in length are never this similar.
            if not 0.6 * n <= len(form) <= n / 0.6 or script_of(form) != script:
                continue
            # A cheap first cut: consonant skeletons that start alike and
            # differ in length by at most two letters.
            fsk = word_skeleton(form, code)
            if not fsk or fsk[0] != sk[0] or abs(len(fsk) - len(sk)) > 2:
                continue
            score = name_similarity(phrase, form, code, code)
            if score >= best_score and (best is None or score > best_score):
                best, best_score = aid, score
        seen |= forms
    return best


def _is_person_id(actor_id: str, offices) -> bool:
    """Whether an actor id is a person's (by its prefix, or the knowledge base)."""
    if actor_id.startswith(("per:", "auto:per:")):
        return True
    actor = offices.kb.get(actor_id) if offices is not None else None
    return actor is not None and actor.type == "PER"


def resolve_speakers(quotes: Sequence[Quote], mentions: Iterable[dict], text: str, lang: str,
                     offices: Offices | None = None) -> list[str | None]:
    """The actor id of each quote's speaker.

    Args:
        quotes: quotes of ``text`` (from :func:`find_quotes`).
        mentions: actor mentions of ``text``, dicts with ``start``, ``end``,
            ``actor_id`` and ``type`` (``per``/``org``/``loc``…, any case).
        text: the text the offsets refer to.
        lang: its language.
        offices: with an :class:`Offices`, a speaker given by the office of
            a named state or organization ("رئیس جمهور صربستان", "the Russian
            foreign minister") is its holder (:func:`_by_office`), never a
            holder of another state's office named earlier.

    Returns:
        One actor id or None per quote: the person or organization mention
        overlapping the speaker; for a pronoun ("he", "هو", "وی") the nearest
        earlier person (organization too for "it"/"they"); for a title or
        role ("the minister", "المتحدث", "سخنگوی وزارت خارجه") the nearest
        earlier person or organization, preferring one introduced with the
        same title; for a place or country name, that place; for "the
        statement" ("البيان", "بیانیه", "заявление"), the speaker whose
        words came in a statement earlier, else the previous one.  In Arabic and
        Persian a quote without a speaker ("وأضاف أن", "افزود:") continues
        the previous quote's speaker.
    """
    code = _lang(lang)
    mentions = [m for m in mentions if m.get("start") is not None and m.get("end") is not None]
    out: list[str | None] = []
    previous: tuple[Quote, str] | None = None
    history: list[tuple[Quote, str]] = []
    for q in quotes:
        if q.speaker_start is not None and q.speaker_end is not None:
            actor = _resolve_one(q, mentions, text, code, previous, offices, history)
        elif _DATA[code].PRO_DROP and q.kind != "according_to":
            actor = previous[1] if previous else None
        else:
            actor = None
        out.append(actor)
        if actor is not None and q.speaker_start is not None:
            previous = (q, actor)
        if actor is not None:
            history.append((q, actor))
    return out
