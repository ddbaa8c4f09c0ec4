"""Events and quotes stage: who did what to whom, when and where, and who said what.

Runs after the actors stage (it needs resolved mentions) and, for fusion,
after the stories stage.  Two passes:

1. **Extraction**, per article (:func:`extract_facts`): every sentence goes
   through :mod:`khabar.event_detect` (PLOVER type, mode, trigger, negation,
   hypothetical); the sentence's actor mentions are given roles around the
   trigger (:func:`assign_roles`); quotes come from :mod:`khabar.quotes` with
   speakers resolved to actors.  Each fact keeps its sentence and span.
2. **Fusion**, per story (:func:`fuse`): the article's date (its own, or an
   estimate from its story, marked ``estimated``) anchors the time
   expressions of each event sentence (:mod:`khabar.timex`); mentions of
   the same type between the same actors in one story become one event with
   several sources.  Where sources disagree (the date, who initiated, a
   count) every value is kept with the articles that say it.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from importlib import import_module
from typing import Any, Callable

from . import normalize
from .article import Article
from .config import Settings

log = logging.getLogger(__name__)

__all__ = ["update_events", "extract_facts", "assign_roles", "fuse", "EventsSummary", "VERSION"]

# Bump when extraction changes so stored facts are recomputed.
VERSION = 18         # 18: sports reports keep only crimes and violence, a called-for event is hypothetical, a danger no threat, calls and messages have no place, a capital speaks for its state, counted people after the verb were acted on; 17: deaths from natural causes are no ASSAULT; 16: Persian content after a bare "گفت"; 15: passives without an agent, Persian "را"; 14: verbal-noun patients, stance objects, no trigger inside a name; 13: parties of reported speech inside it, Russian passive agents; 12: Russian speaker before a parenthetical; 11: no apposed speaker from the content; 10: Arabic ب + city is a place; 9: quoted speaker names; 8: senders after "from"; 7: agents after "by"; 6: title chains, "between", listed marks, Persian clause subject; 5: unmarked targets near the trigger only; 4: circumstance phrases (3: news outlets never a source; 2: Russian events and quotes; offices)
BATCH = 128
# A person named right after an organization or country word within this many
# characters is the actor ("وزير الخارجية الصيني وانغ يي": the person, not China).
TITLE_CHAIN_GAP = 40
# Types whose two parties act together: the pair is unordered when fusing
# (outlets disagree on who called whom; that is kept as a disagreement).
SYMMETRIC = frozenset({"CONSULT", "COOPERATE", "AGREE"})
ACTOR_TYPES = frozenset({"PER", "ORG", "LOC", "GPE", "NORP"})
# Mode names as shown to users (the detector's lexicon keys are short).
MODE_LABELS = {"phone": "phone call", "meet": "meeting", "demo": "demonstration",
               "hunger": "hunger strike", "troops": "troop deployment", "police": "police deployment"}
# When one sentence triggers a type several times ("بحث هاتفياً مع"), the most
# specific mode wins.
MODE_PRIORITY = ("phone", "message", "visit", "host", "negotiate", "meet")
# A call or a message joins people in different places: it has no location
# of its own, and a place named in its sentence is what was discussed ("a
# phone call on the fighting in Sudan") or where one side is.
PLACELESS_MODES = frozenset({("CONSULT", "phone"), ("CONSULT", "message")})
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class EventsSummary:
    articles: int = 0
    event_mentions: int = 0
    quotes: int = 0
    quotes_attributed: int = 0
    events: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    elapsed: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"articles": self.articles, "event_mentions": self.event_mentions,
                "quotes": self.quotes, "quotes_attributed": self.quotes_attributed,
                "events": self.events, "by_type": self.by_type, "seconds": round(self.elapsed, 2)}


@lru_cache(maxsize=None)
def _roles(lang: str | None):
    try:
        return import_module(f"khabar.lang.{lang}.event_roles")
    except (ImportError, TypeError):
        return import_module("khabar.lang.en.event_roles")


# --- roles ------------------------------------------------------------------
def _candidates(text: str, mentions: list[dict], start: int, end: int,
                lang: str | None = None) -> list[dict]:
    """Actor mentions of one sentence, with title chains collapsed to the person."""
    ms = [m for m in mentions if start <= m["start"] and m["end"] <= end
          and (m.get("type") or "").upper() in ACTOR_TYPES]
    ms.sort(key=lambda m: m["start"])
    out: list[dict] = []
    for m in ms:
        if m["type"].upper() == "PER":
            # The chain may hold several ("глава МИД Турции Чавушоглу").
            j, head = len(out), m["start"]
            while j and _chained(text, lang, start, out[j - 1], head, m["start"]):
                j, head = j - 1, out[j - 1]["start"]
            del out[j:]
        out.append(m)
    return out


def _chained(text: str, lang: str | None, sent_start: int, m: dict, head: int, person: int) -> bool:
    """Whether the organization or country mention ``m`` belongs to the title
    of the person named at ``person``: written right before the chain's
    ``head`` ("الصيني وانغ يي", "МИД Турции"), or inside a title that ends at
    the name ("Chinese Foreign Minister Wang Yi"); not any actor a few words
    before a name ("… إلى السودان بناء على طلب الرئيس البرهان")."""
    if (m.get("type") or "").upper() not in ("ORG", "LOC", "GPE", "NORP"):
        return False
    gap = text[m["end"]:head]
    if not 0 <= len(gap) <= TITLE_CHAIN_GAP or _has_break(text, m["end"], head):
        return False
    if not gap.strip(" \t\u200c\u200f-«»\"'"):
        return True
    if lang not in ("ar", "fa", "en", "ru"):
        return False
    from .kb import knowledge_base

    w0 = max(sent_start, m["start"] - TITLE_CHAIN_GAP)
    window = text[w0:person]
    return any(w0 + t.start < m["end"] <= w0 + t.end
               and not window[t.name_start:].strip(" \t\u200c\u200f«»\"'")
               for t in knowledge_base().titles(lang).find(window))


def _has_break(text: str, a: int, b: int) -> bool:
    gap = text[a:b]
    return any(ch in gap for ch in ",،;؛.:\n")


def _marked(text: str, lang: str | None, prev_end: int, m: dict, reach: int = 4) -> str | None:
    """'with'/'to'/'at'/'by' when a role preposition sits between ``prev_end``
    and the mention, at most ``reach`` words before it."""
    roles = _roles(lang)
    before = text[prev_end:m["start"]]
    words = [w.lower() for w in _WORD.findall(before)][-reach:]
    joined_words = " " + " ".join(words) + " "
    if any(f" {b} " in joined_words for b in getattr(roles, "BY", ())):
        return "by"
    for w in reversed(words):
        if w in roles.WITH:
            return "with"
        if w in roles.TO:
            return "to"
        if w in roles.AT and (m.get("type") or "").upper() in ("LOC", "GPE"):
            return "at"
    # A proclitic preposition joined to the name itself or just before it.
    joined = text[max(prev_end, m["start"] - 3):m["start"]]
    if joined and not joined[-1].isspace():
        for p in roles.PROCLITIC_TO:
            if joined.endswith(p):
                at = getattr(roles, "PROCLITIC_AT", ())
                return "at" if p in at and _sub_national(m) else "to"
    return None


def _sub_national(m: dict) -> bool:
    """A place mention that is not a country (a city, region or one the
    knowledge base does not know)."""
    if (m.get("type") or "").upper() not in ("LOC", "GPE"):
        return False
    from .kb import knowledge_base

    actor = knowledge_base().get(m["actor_id"]) if m.get("actor_id") else None
    return actor is None or actor.kind != "country"


def assign_roles(text: str, lang: str | None, mentions: list[dict], sent: tuple[int, int],
                 trigger: tuple[int, int], kind: str | None = None,
                 reported: tuple[int, int] | None = None,
                 governed: bool = False) -> dict[str, dict | None]:
    """Source, target and location mentions for a trigger in a sentence.

    Source: the nearest unmarked actor before the trigger (SVO, and Arabic
    sentences that open with the subject), else the first unmarked actor after
    it (Arabic VSO).  Target: the first actor marked by with/to after the
    trigger, else one before it (Persian puts "با …" before the verb), else the
    next unmarked actor in the same clause and near the trigger (:func:`_near`).
    An agent after "by", or the sender after "from" of a message or call, is
    the source, and the actor before the trigger the target.  Location: a
    place marked by in/at.  For joint types (CONSULT …) two actors joined by
    "and" (or after "between") next to the trigger are the parties.

    ``reported`` is the span of reported speech that holds the trigger (see
    :func:`reported_clause`): only actors inside it take part.  ``governed``:
    the trigger is the object of another event's trigger ("ندد باعتقال X",
    "condemned the killing of X", see :func:`governed_by_stance`), so, like
    a circumstance, it takes no source from before it.
    """
    cands = _candidates(text, mentions, *sent, lang=lang)
    if reported is not None:
        cands = [m for m in cands if reported[0] <= m["start"] and m["end"] <= reported[1]]
    ts, te = trigger
    # A preposition before the reported clause does not mark its first name.
    prev = sent[0] if reported is None else max(sent[0], reported[0])
    marks: list[str | None] = []
    tight = False       # the previous mark's preposition stands right before its name
    for i, m in enumerate(cands):
        # A preposition before the trigger governs the trigger ("شارك في
        # الاجتماع رؤساء …"), not a name after it.
        lo = max(prev, sent[0], ts if m["start"] >= te else sent[0])
        k = _marked(text, lang, lo, m)
        if k is None and tight and _listed(text, lang, cands[i - 1], m):
            k = marks[-1]      # "in Lagos, Abuja and Kano", "with Russia and China"
        else:
            tight = k is not None and _marked(text, lang, lo, m, reach=1) == k
        if k is None and _object_marked(text, lang, m):
            k = "to"               # "X را": the object
        marks.append(k)
        prev = m["end"]
    patient = _patient(text, lang, trigger, cands, marks)
    if patient is not None:
        marks[patient] = "to"      # "اعتقال X", "the arrest of X": X is the target
    # A name inside the trigger phrase ("أرسلت روسيا آلاف الجنود") is its
    # subject: it counts as after the verb, like a VSO subject.
    before = [(m, k) for m, k in zip(cands, marks) if m["end"] <= ts]
    after = [(m, k) for m, k in zip(cands, marks) if m["end"] > ts]
    location = next((m for m, k in before[::-1] + after if k == "at"
                     and m["type"].upper() in ("LOC", "GPE")), None)
    pair = (kind is None or kind in SYMMETRIC) and (
        _coordinated(text, lang, before) or _coordinated(text, lang, after, first=True)
        or _between(text, lang, cands, trigger))
    if pair:
        return {"source": pair[0], "target": pair[1], "location": location, "joint": True}
    agent = _sender(text, lang, kind, te, after) or _passive_agent(text, lang, te, after) \
        or next((m for m, k in after if k == "by" and not _reporter(m)
                  and _within(text, te, m["start"], MARKED_REACH)), None) \
        or next((m for m, k in before[::-1] if k == "by" and not _reporter(m)
                 and getattr(_roles(lang), "SUBJECT_FIRST", False)   # "توسط X مورد حمله"
                 and not _has_break(text, m["end"], ts)), None)
    if agent is not None:
        # "Kyiv was attacked by Russia": the agent is the source, and an
        # unmarked actor before the trigger (the passive subject) the target.
        target = next((m for m, k in after if k in ("with", "to") and m is not agent
                       and _within(text, te, m["start"], MARKED_REACH)), None) \
            or next((m for m, k in before[::-1] if k in ("with", "to", None) and m is not agent
                     and not _reporter(m) and not _circumstance(text, lang, sent[0], ts, before)), None)
        if target is not None and target.get("actor_id") and target.get("actor_id") == agent.get("actor_id"):
            target = None
        return {"source": agent, "target": target, "location": location}
    if _passive(text, lang, trigger):
        # "Navalny was arrested", "ناوالنی بازداشت شد": the subject is the
        # patient; with no agent after "by" the source is unknown.
        target = next((m for m, k in after if k in ("with", "to")
                       and _within(text, te, m["start"], MARKED_REACH)), None) \
            or next((m for m, k in before[::-1] if k in ("to", None) and not _reporter(m)
                     and not _circumstance(text, lang, sent[0], ts, before)), None) \
            or next((m for m, k in after if k is None and not _reporter(m)     # "اعتُقل X"
                     and not _has_break(text, te, m["start"]) and _near(text, te, m["start"], lang)), None)
        return {"source": None, "target": target, "location": location}
    if governed or _circumstance(text, lang, sent[0], ts, before):
        # "called for calm amid the protests": the protests are a backdrop of
        # the sentence, and the subject of its verb is not their source.
        # Their parties can only follow, inside the same clause ("… the
        # protests by the opposition against the government").
        after = [(m, k) for m, k in after if not _has_break(text, te, m["start"])]
        source = next((m for m, k in after if k is None and not _reporter(m)), None)
        target = next((m for m, k in after if k in ("with", "to") and m is not source), None)
    else:
        source = (_clause_subject(text, lang, sent[0], before) if getattr(_roles(lang), "SUBJECT_FIRST", False)
                  else None) \
            or next((m for m, k in before[::-1] if k is None and not _reporter(m)), None) \
            or (None if _count_follows(text, lang, te) else
                next((m for m, k in after if k is None and not _reporter(m)), None))
        target = next((m for m, k in after if k in ("with", "to") and m is not source
                       and _within(text, te, m["start"], MARKED_REACH)), None) \
            or next((m for m, k in before[::-1] if k in ("with", "to") and m is not source), None) \
            or next((m for m, k in after if k is None and m is not source and not _reporter(m)
                     and m.get("actor_id") != (source or {}).get("actor_id")
                     and _near(text, te, m["start"], lang)), None)
    if target is not None and source is not None and target.get("actor_id") and \
            target.get("actor_id") == source.get("actor_id"):
        target = None
    return {"source": source, "target": target, "location": location}


# Event types whose trigger takes another event as its object without being
# its agent: condemning, welcoming, rejecting, demanding or protesting an
# arrest is not making it.  (Agreeing to a release is: AGREE is not here.)
STANCE_TYPES = frozenset({"ACCUSE", "SUPPORT", "REJECT", "REQUEST", "PROTEST"})
# Words that may stand between such a trigger and its object ("condemned
# the killing", "طالب بالإفراج").
STANCE_REACH = 2


def governed_by_stance(text: str, lang: str | None, trigger: tuple[int, int], kind: str,
                       detections: list, mentions: list[dict] = ()) -> bool:
    """Whether a verbal-noun trigger (``PATIENT_NOUNS``) is the object of a
    stance trigger (:data:`STANCE_TYPES`) just before it in the sentence:
    at most :data:`STANCE_REACH` words between them besides the names of
    ``mentions`` (the subject of a verb-first sentence: "طالبت منظمة العفو
    الدولية بالإفراج عن …")."""
    ts, te = trigger
    if not _is_patient_noun(text, lang, trigger):
        return False
    return any(d.type in STANCE_TYPES and d.type != kind and d.end <= ts
               and not _has_break(text, d.end, ts) and len(_gap_words(text, d.end, ts, mentions)) <= STANCE_REACH
               for d in detections)


def _gap_words(text: str, a: int, b: int, mentions=()) -> list[str]:
    """The words of ``text[a:b]`` outside the spans of ``mentions``."""
    chars = list(text[a:b])
    for m in mentions:
        for i in range(max(a, m["start"]), min(b, m["end"])):
            chars[i - a] = " "
    return _WORD.findall("".join(chars))


@lru_cache(maxsize=None)
def _patient_keys(lang: str | None) -> frozenset[str]:
    return frozenset(normalize.key(n, lang) for n in getattr(_roles(lang), "PATIENT_NOUNS", ()))


def _trigger_keys(trigger: str, lang: str | None) -> set[str]:
    """The trigger's matching key, also without each proclitic the trigger
    lexicon strips ("وباعتقال", "للاعتقال" → "اعتقال")."""
    from . import event_detect

    first, _, rest = normalize.key(trigger, lang).partition(" ")
    forms = event_detect._lexicon(lang).forms(first) if lang in event_detect.LANGUAGES else (first,)
    return {f"{f} {rest}" if rest else f for f in forms}


def _is_patient_noun(text: str, lang: str | None, trigger: tuple[int, int]) -> bool:
    """Whether the trigger is one of the language's ``PATIENT_NOUNS``."""
    keys = _patient_keys(lang)
    return bool(keys) and any(k == n or k.startswith(n + " ")
                              for k in _trigger_keys(text[trigger[0]:trigger[1]], lang) for n in keys)


def _patient(text: str, lang: str | None, trigger: tuple[int, int], cands: list[dict],
             marks: list) -> int | None:
    """Index of the candidate that is the patient of a verbal-noun trigger
    (``PATIENT_NOUNS``): the first unmarked name after it, at most
    ``PATIENT_REACH`` words on ("اعتقال المعارض X"; English after "of":
    "the arrest of X"), or an English possessor right before it ("X's
    arrest")."""
    ts, te = trigger
    if not _is_patient_noun(text, lang, trigger):
        return None
    roles = _roles(lang)
    of = tuple(getattr(roles, "PATIENT_OF", ()))
    for i, m in enumerate(cands):
        if m["end"] <= ts:
            gap = text[m["end"]:ts].strip()
            if of and (gap in ("'s", "\u2019s", "'", "\u2019") or not gap and text[m["start"]:m["end"]].endswith(
                    ("'s", "\u2019s"))):
                return i
            continue
        if m["start"] < te or marks[i] is not None or _has_break(text, te, m["start"]):
            return None
        words = [w.lower() for w in _WORD.findall(text[te:m["start"]])]
        if of:
            if not words or words[0] not in of:
                return None
            words = words[1:]
        return i if len(words) <= getattr(roles, "PATIENT_REACH", 2) else None
    return None


# A pronoun referring back to the speaker keeps the speaker as the source
# only when at most this many words stand between it and the trigger
# ("قال X إنه التقى", "X said he had met").
SELF_REACH = 3


def reported_clause(text: str, lang: str | None, quotes, trigger: tuple[int, int]) -> tuple[int, int] | None:
    """The reported speech whose parties are those of an event, if any.

    An event told inside what someone said ("قال المتحدث إن انفجارات وقعت",
    "the spokesman said protesters blocked the road") is not the speaker's
    own act: its source and target are named inside the content.  Returns the
    content span of the quote (cue before its content) holding the trigger;
    None when there is none, when the trigger is a cue itself, or when the
    clause opens with a pronoun standing for the speaker right before the
    trigger ("قال X إنه التقى", "X said he had met", "«نحن نرفض»"), which
    keeps the speaker as the source.
    """
    ts, te = trigger
    roles = _roles(lang)
    self_ref = getattr(roles, "SELF_REFERENCE", ())
    complementizers = getattr(roles, "COMPLEMENTIZERS", ())
    for q in quotes:
        if not (q.content_start <= ts < q.content_end) or q.cue_end > q.content_start:
            continue
        if q.cue_start < te and ts < q.cue_end or _continues_speaker(text, lang, q.content_start, trigger):
            return None
        lead_from = max(q.cue_end, q.speaker_end or 0)
        lead = [w.lower() for w in _WORD.findall(text[lead_from:q.content_start])][-1:]
        words = [w.lower() for w in _WORD.findall(text[q.content_start:ts])]
        while words and words[0] in complementizers:
            words.pop(0)
        reach = getattr(roles, "SELF_REACH", SELF_REACH)
        if lead and lead[0] in self_ref and len(words) < reach:
            return None
        if words and words[0] in self_ref and len(words) <= reach:
            return None
        return q.content_start, q.content_end
    return None


def _continues_speaker(text: str, lang: str | None, start: int, trigger: tuple[int, int]) -> bool:
    """Whether the trigger is a participle opening a clause after a comma
    ("…، مطالبا الوزارة", "…, calling for"): the speaker's own act."""
    pattern = getattr(_roles(lang), "CONTINUING_PARTICIPLE", None)
    word = _WORD.match(text, trigger[0])
    if not pattern or word is None or not re.match(pattern, word.group().lower()):
        return False
    lead = text[start:trigger[0]].rstrip()
    return lead.endswith((",", "،"))


def _sender(text: str, lang: str | None, kind: str | None, te: int, after: list) -> dict | None:
    """The sender of a message, call or greeting: "X received a message from
    Y", "تلقى X برقية تهنئة من Y" — a name right after the trigger and a
    ``FROM`` word (at most two words between the trigger and that word)."""
    roles = _roles(lang)
    if kind not in getattr(roles, "FROM_TYPES", ()) or not after:
        return None
    m = after[0][0]
    if m["start"] < te or _reporter(m):
        return None
    words = [w.lower() for w in _WORD.findall(text[te:m["start"]])]
    hit = next((i for i, w in enumerate(words) if w in roles.FROM), None)
    return m if hit is not None and hit <= 2 and len(words) - hit <= 4 else None


def _passive_agent(text: str, lang: str | None, te: int, after: list) -> dict | None:
    """The agent of a passive marked by case alone (Russian "атакована
    Россией"): the trigger ends in a passive participle
    (``PASSIVE_PARTICIPLE``) and the first actor after it, unmarked, at most
    one word away and past no break, opens with an ``INSTRUMENTAL`` ending."""
    if not after:
        return None
    m, k = after[0]
    te += re.match(r"\w*", text[te:]).end()      # to the end of the trigger's last word
    if k is not None or m["start"] < te or _reporter(m) or not _short_participle(text, lang, te) \
            or len(_WORD.findall(text[te:m["start"]])) > 1 or _has_break(text, te, m["start"]):
        return None
    first = _WORD.findall(text[m["start"]:m["end"]])
    return m if first and first[0].lower().endswith(tuple(_roles(lang).INSTRUMENTAL)) else None


def _short_participle(text: str, lang: str | None, te: int) -> bool:
    """Whether the word ending at ``te`` is a short passive participle of
    ``lang`` (``PASSIVE_PARTICIPLE``, nouns of that shape in
    ``NOT_PARTICIPLES`` excepted)."""
    roles = _roles(lang)
    pattern = getattr(roles, "PASSIVE_PARTICIPLE", None)
    words = _WORD.findall(text[max(0, te - 40):te]) if pattern else []
    return bool(words) and bool(re.fullmatch(r"\w*" + pattern, words[-1].lower())) \
        and words[-1].lower() not in getattr(roles, "NOT_PARTICIPLES", ())


def _passive(text: str, lang: str | None, trigger: tuple[int, int]) -> bool:
    """Whether the trigger is a passive verb: after a form of "be" (English
    ``PASSIVE_AUX``), before a passive light verb (Persian
    ``PASSIVE_AFTER``), a short passive participle (Russian, with
    ``PASSIVE_SUBJECT_IS_PATIENT``), or an Arabic verb with a damma on one
    of its first letters (``PASSIVE_DAMMA``: "قُتل", "اعتُقل")."""
    roles = _roles(lang)
    ts, te = trigger
    aux = getattr(roles, "PASSIVE_AUX", ())
    if aux:
        first = _WORD.match(text, ts)
        word = first.group().lower() if first else ""
        if not (word.endswith(("ed", "en")) or word in getattr(roles, "IRREGULAR_PARTICIPLES", ())):
            return False
        lead = [w.lower() for w in _WORD.findall(re.split(r"[,;:.!?\n]", text[max(0, ts - 40):ts])[-1])]
        if len(lead) >= 2 and lead[-1].endswith("ly"):
            lead = lead[:-1]            # "was reportedly arrested"
        return bool(lead) and lead[-1] in aux
    after = getattr(roles, "PASSIVE_AFTER", ())
    if after:
        nxt = re.match(r"[\s\u200c]*(\S+)", text[te:te + 40])
        return nxt is not None and nxt.group(1).rstrip(".,،;؛") in after
    if getattr(roles, "PASSIVE_SUBJECT_IS_PATIENT", False):
        return _short_participle(text, lang, te + re.match(r"\w*", text[te:]).end())
    if getattr(roles, "PASSIVE_DAMMA", False):
        word = re.match(r"[\w\u064B-\u0652]*", text[ts:]).group()
        letters = [i for i, ch in enumerate(word) if ch != "\u064f" and not 0x064B <= ord(ch) <= 0x0652]
        if word[:1] in ("و", "ف") and len(letters) > 4:
            letters = letters[1:]
        # A damma right after one of the first three letters.
        return any(k + 1 < len(word) and word[k + 1] == "\u064f" for k in letters[:3])
    return False


def _count_follows(text: str, lang: str | None, te: int) -> bool:
    """Whether a number or a count word (``COUNT_WORDS``) is the next word
    after the trigger ending at ``te``: the counted people stand where a
    verb-first sentence puts its subject, and they are the ones acted on
    ("قتل 14 جنديا أفغانيا في غارة", 14 soldiers were killed; "مقتل 19
    مسلحا من تنظيم داعش"), so no name after them is the source.  An
    unvoweled Arabic passive looks like the active verb; this is the one
    place where its shape shows."""
    te += re.match(r"\w*", text[te:]).end()
    clause = re.split(r"[,،;؛.:!?\n]", text[te:te + 200], maxsplit=1)[0]
    words = clause.split()
    counts = _count_words(lang)

    def count(w: str) -> bool:
        return any(ch.isdigit() for ch in w) or normalize.key(w, lang) in counts
    # Counted people with a counted object of their own acted ("قتل أربعة
    # مسلحين 67 شخصا", four gunmen killed 67 people; see _counted).
    return bool(words) and count(words[0]) \
        and not any(count(w) for w in words[2:2 + COUNTED_OBJECT_REACH])


def _object_marked(text: str, lang: str | None, m: dict) -> bool:
    """Whether an object marker follows the mention (Persian "X را")."""
    markers = getattr(_roles(lang), "OBJECT_AFTER", ())
    nxt = re.match(r"[\s\u200c]*(\w+)", text[m["end"]:m["end"] + 20]) if markers else None
    return nxt is not None and nxt.group(1) in markers


def _between(text: str, lang: str | None, cands: list[dict], trigger: tuple[int, int]):
    """"A call between X and Y" next to the trigger: both are parties."""
    words = getattr(_roles(lang), "BETWEEN", ())
    ts, te = trigger
    for i, (a, b) in enumerate(zip(cands, cands[1:])):
        lo = max(cands[i - 1]["end"] if i else 0, a["start"] - 80)
        lead = [w.lower() for w in _WORD.findall(text[lo:a["start"]])][-4:]
        near = _near(text, te, a["start"], lang) if a["start"] >= te else _near(text, b["end"], ts, lang)
        if near and any(w in words for w in lead) and _listed(text, lang, a, b) \
                and not (a.get("actor_id") and a.get("actor_id") == b.get("actor_id")):
            return a, b
    return None


def _listed(text: str, lang: str | None, a: dict, b: dict) -> bool:
    """Whether only a comma or "and" stands between mentions ``a`` and ``b``."""
    words = [w.lower() for w in _WORD.findall(text[a["end"]:b["start"]])]
    rest = re.sub(r"\w+", "", text[a["end"]:b["start"]])
    conj = _roles(lang).AND
    joined = not words and text[b["start"]:b["start"] + 1] in conj
    return (all(w in conj for w in words) or joined) and not rest.strip(" ,،\u200c")


def _clause_subject(text: str, lang: str | None, start: int, before: list) -> dict | None:
    """For verb-final languages: the first unmarked actor of the last clause
    before the trigger that has one (clauses split at ``CLAUSE_OPENERS``;
    a clause without its own subject shares the one before it)."""
    openers = _roles(lang).CLAUSE_OPENERS
    clauses: list[list] = [[]]
    prev = start
    for m, k in before:
        if any(w in openers for w in _WORD.findall(text[prev:m["start"]].lower())):
            clauses.append([])
        clauses[-1].append((m, k))
        prev = m["end"]
    for clause in reversed(clauses):
        first = next((m for m, k in clause if k is None and not _reporter(m)), None)
        if first is not None:
            return first
    return None


# An unmarked actor after the trigger is its target only this many words
# after it, in the same clause: farther ones belong to other predicates
# ("Russia condemned the attack; meanwhile Ukraine held elections").
TARGET_REACH = 6
# A marked one ("with …", "to …") may stand farther, past an apposition
# ("a call with his Kazakh counterpart, Mukhtar Tileuberdi"), but not
# anywhere in a long sentence ("… amid the clashes between X and Y").
MARKED_REACH = 12


def _within(text: str, a: int, b: int, reach: int) -> bool:
    """At most ``reach`` words between offsets ``a`` and ``b``."""
    return len(_WORD.findall(text[a:b])) <= reach


def _near(text: str, a: int, b: int, lang: str | None = None) -> bool:
    """No clause break (punctuation or a clause opener of ``lang``) and at
    most :data:`TARGET_REACH` words between ``a`` and ``b``."""
    if _has_break(text, a, b):
        return False
    openers = getattr(_roles(lang), "CLAUSE_OPENERS", ()) if lang else ()
    return _within(text, a, b, TARGET_REACH) and not any(w.lower() in openers for w in _WORD.findall(text[a:b]))


# Knowledge-base id prefixes of news agencies and media outlets.
REPORTER_PREFIXES = ("agency:", "media:")


def _reporter(m: dict) -> bool:
    """A news agency or outlet: named in a sentence as who reports the event
    ("قالت قناة الميادين إن روسيا أرسلت قوات"), not as a party to it.  It
    can still be a marked target ("closed the office of Al Jazeera" is not
    found by that rule, "with"/"to" are)."""
    return (m.get("actor_id") or "").startswith(REPORTER_PREFIXES)


# Words that may stand between a circumstance phrase and the trigger it governs
# ("after the deadly protests", "در پی به خشونت کشیده شدن اعتراضات").
CIRCUMSTANCE_REACH = 4


def _circumstance(text: str, lang: str | None, start: int, trigger_start: int, before: list) -> bool:
    """The trigger is the object of a circumstance phrase ("amid", "على خلفية",
    "در پی", "на фоне") that ends at most :data:`CIRCUMSTANCE_REACH` words
    before it, with no actor and no clause break in between."""
    roles = _roles(lang)
    phrases = tuple(getattr(roles, "CIRCUMSTANCE", ()))
    definite = getattr(roles, "DEFINITE", ())
    if definite and text[trigger_start:].startswith(definite):
        # A definite event noun ("الاحتجاجات") after "on"/"about"/"of" is
        # what the sentence talks about, not what its subject did.
        phrases += tuple(getattr(roles, "ABOUT_DEFINITE", ()))
    if not phrases:
        return False
    last = before[-1][0]["end"] if before else start
    lead = text[max(start, last):trigger_start]
    if _has_break(text, max(start, last), trigger_start):
        lead = re.split(r"[,،;؛.:\n]", lead)[-1]
    words = [w.lower() for w in _WORD.findall(lead)]
    return any(tuple(words[n:n + len(phrase)]) == phrase
               and len(words) - (n + len(phrase)) <= CIRCUMSTANCE_REACH
               for n in range(len(words)) for phrase in _phrase_words(phrases))


@lru_cache(maxsize=None)
def _phrase_words(phrases: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(w.lower() for w in _WORD.findall(p)) for p in phrases)


def _coordinated(text: str, lang: str | None, side: list, first: bool = False):
    """Two unmarked actors joined by "and" next to the trigger ("لافروف ووانغ يي
    أجريا مكالمة", "Wang and Lavrov held talks"): both are parties."""
    items = side[:2] if first else side[-2:]
    if len(items) < 2 or any(k is not None for _, k in items):
        return None
    (a, _), (b, _) = items
    if a.get("actor_id") and a.get("actor_id") == b.get("actor_id"):
        return None
    gap = text[a["end"]:b["start"]].strip().lower()
    # The conjunction may be written joined to the second name ("ووانغ"),
    # inside or just outside the mention.
    joined = text[b["start"]:b["start"] + 1]
    conj = _roles(lang).AND
    if gap in conj or (not gap and joined in conj):
        return a, b
    # … or the second party comes with its title ("Shoukry and Turkey's
    # foreign minister Çavuşoğlu", "لافروف ووزير الخارجية الصيني وانغ يي").
    head, _, rest = gap.partition(" ")
    if head not in conj:
        if gap[:1] not in conj or not gap[1:2] or gap[1:2].isspace():
            return None
        rest = gap[1:]                     # written joined: "ووزير الخارجية …"
    return (a, b) if rest and not _has_break(rest, 0, len(rest)) and _is_title(rest, lang) else None


def _is_title(text: str, lang: str | None) -> bool:
    """Whether ``text`` is one title phrase and nothing else ("глава МИД Турции")."""
    from .kb import knowledge_base

    if lang not in ("ar", "fa", "en", "ru"):
        return False
    found = knowledge_base().titles(lang).find(text)
    lead = text[:found[0].start].strip().lower() if found else ""
    return bool(found) and (not lead or lead in getattr(_roles(lang), "TITLE_DETERMINERS", ())) \
        and not text[found[-1].name_start:].strip(" \t\u200c'’s-")


# --- extraction ---------------------------------------------------------------
def _sentence_spans(art: Article) -> list[tuple[int, int]]:
    if art.sentences:
        return [(s.start, s.end) for s in art.sentences]
    return [(s, e) for s, e in art.body_spans] or [(0, len(art.text))]


def _one_per_type(detections: list) -> list:
    """One detection per type and polarity in a sentence: the earliest trigger,
    with the most specific mode any of them gave."""
    best: dict[tuple, Any] = {}
    modes: dict[tuple, list[str]] = defaultdict(list)
    for d in detections:
        k = (d.type, bool(d.negated))
        if d.mode:
            modes[k].append(d.mode)
        if k not in best or d.start < best[k].start:
            best[k] = d
    out = []
    for k, d in best.items():
        ranked = sorted(modes[k], key=lambda m: MODE_PRIORITY.index(m) if m in MODE_PRIORITY else 99)
        if ranked and ranked[0] != d.mode:
            d = replace(d, mode=ranked[0])
        out.append(d)
    return sorted(out, key=lambda d: d.start)


def _offices(lang: str, published: str | None, text: str):
    """Office holders for the speakers of a text: those of its publication
    year, else of the latest year its full dates name (None if it has none)."""
    from . import timex
    from .kb import knowledge_base
    from .quotes import Offices

    year = int(published[:4]) if published and published[:4].isdigit() else None
    if year is None:
        years = [int(t.value[:4]) for t in timex.find_times(text, lang, None)
                 if t.kind == "absolute" and t.value and t.precision in ("day", "month")]
        year = max(years, default=None)
    return Offices(knowledge_base(), lang, year)


CAPITAL_FOR_STATE = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID",
                               "REQUEST", "ACCUSE", "REJECT", "THREATEN", "SANCTION"})
"""Types whose parties are governments: a capital named as source or target
stands for its state ("Ankara and Cairo agreed", "Moscow condemned").  Not
physical types (ASSAULT, PROTEST, COERCE, MOBILIZE, RETREAT), where the
city is the place acted on or in."""

CITY_IS_WHERE = frozenset({"CONSULT"})
"""Types where a city as a party is where it happened: "Japarov hosted the
summit in Bishkek", "Çavuşoğlu visited Cairo" (the state visited, Egypt, is
the target when the city is its capital)."""


def _cities_as_parties(kind: str, src: str | None, tgt: str | None, loc: str | None,
                       year: int | None = None) -> tuple[str | None, str | None, str | None]:
    """Source, target and location actor ids with cities put where they
    belong (see CAPITAL_FOR_STATE, CITY_IS_WHERE).  A capital's state that
    the other party already stands for is no party: "Japarov met … in
    Bishkek" has no target Kyrgyzstan."""
    if not (src or tgt) or kind not in CAPITAL_FOR_STATE:
        return src, tgt, loc
    from .kb import knowledge_base

    kb = knowledge_base()
    ids = [src, tgt]
    for i, a in enumerate(ids):
        actor = kb.get(a) if a else None
        if actor is None or actor.kind not in ("capital", "city"):
            continue
        state = _capital_state(actor)
        other = ids[1 - i]
        if state and other and (state == other or state in _stands_for(other, year)):
            state = None
        if kind in CITY_IS_WHERE:
            loc = loc or a
            ids[i] = state
        elif state:
            ids[i] = state
    return ids[0], ids[1], loc


def _capital_state(actor) -> str | None:
    """The state actor id of a capital (knowledge-base actor), else None."""
    return "loc:" + actor.country if actor is not None and actor.kind == "capital" and actor.country else None


def _capital_as_state(actor_id: str | None) -> str | None:
    """A capital that speaks speaks for its state ("Cairo said", "قالت
    موسكو", "Тегеран заявил"): the state's actor id; any other actor as it
    is."""
    if not actor_id or not actor_id.startswith("loc:"):
        return actor_id
    from .kb import knowledge_base

    return _capital_state(knowledge_base().get(actor_id)) or actor_id


AGENT_LABELS = {"police": "Police", "security": "Security forces", "military": "Military",
                "protesters": "Protesters", "militants": "Militants", "civilians": "Civilians"}
STATE_SECTORS = frozenset({"police", "security", "military"})
"""Generic agents that act for their state (see :func:`_stands_for`)."""


def agent_id(kind: str, country: str | None) -> str | None:
    """Actor id of a generic agent: ``sec:<kind>`` or ``sec:<kind>:<ISO
    alpha-2>``; a government is its state (``loc:<ISO>``), and with no
    country named it is no actor (None)."""
    if kind == "government":
        return "loc:" + country if country else None
    return f"sec:{kind}:{country}" if country else f"sec:{kind}"


def _agent_country(words: list[str], i: int, j: int, titles,
                   lang: str | None) -> tuple[str | None, int, int]:
    """The country named right next to the agent words ``words[i:j]``
    ("Nigerian police", "الشرطة النيجيرية", "پلیس نیجریه", "полиция
    Нигерии", "the police of Nigeria"), and the word range with it."""
    got = titles.match_country(words, j) if j < len(words) else None
    if got:
        return got[1], i, j + got[0]
    if j + 1 < len(words) and words[j] in _of_words(lang):
        got = titles.match_country(words, j + 1)
        if got:
            return got[1], i, j + 1 + got[0]
    for k in range(max(0, i - titles.max_country_words), i):
        got = titles.match_country(words, k)
        if got and k + got[0] == i:
            return got[1], k, j
    return None, i, j


def agent_mentions(text: str, lang: str | None, start: int, end: int,
                   mentions: list[dict]) -> list[dict]:
    """Mentions of the generic agents of a sentence (the police, troops,
    protesters …; :func:`khabar.event_detect.agents`) to take part in its
    events beside the named actors.

    Each has ``generic`` (its kind), ``actor_id`` (:func:`agent_id`),
    ``absorbs`` (the indexes of ``mentions`` that are only its country
    word, "Nigerian" in "Nigerian police": where the agent takes part they
    are no parties of their own) and ``patient`` (counted people, "64
    protesters", "خمسة جنود", or an Arabic accusative "جنديا": someone
    acted on, never the source).  An agent overlapping a named mention of
    another kind is left out (the name wins: "قوات سوريا الديمقراطية")."""
    from . import event_detect
    from .kb import knowledge_base

    found, words, spans, first = event_detect.agents(text, lang or "en", start, end)
    if not found:
        return []
    titles = knowledge_base().titles(normalize._code(lang) or "en")
    out = []
    for ag, i in zip(found, first):
        j = next(k for k in range(i, len(spans)) if spans[k][1] == ag.end) + 1
        country, a, b = _agent_country(words, i, j, titles, lang)
        s, e = spans[a][0], spans[b - 1][1]
        inside = [n for n, m in enumerate(mentions)
                  if m["start"] < e and s < m["end"] and (m.get("type") or "").upper() in ACTOR_TYPES]
        if any(not (s <= mentions[n]["start"] and mentions[n]["end"] <= e)
               or (ag.start < mentions[n]["end"] and mentions[n]["start"] < ag.end) for n in inside):
            continue
        aid = agent_id(ag.kind, country)
        if aid is None:
            continue
        out.append({"start": s, "end": e, "type": "ORG", "actor_id": aid, "field": "text",
                    "generic": ag.kind, "absorbs": tuple(inside),
                    "patient": _counted(words, a, b, lang)})
    return out


NO_AGENT_TYPES = frozenset({"CONSULT"})
"""Types generic agents take no part in: talks, calls and visits are held
by named people and bodies; "discussed the fighting between the army and
…" names the army as a topic, not a party."""


AGENT_REACH = 1
"""Words that may stand between a generic agent and the trigger for the
agent to take part ("Police arrested", "اعتقلت الشرطة", "arrested 64
protesters").  Farther away, a common noun is too often a topic ("the
pressure on the militants"), a place ("from the army's depots") or
someone else's victim, where a name rarely is."""


AGENT_REACH_VERB_FINAL = 8
"""The same before the verb in a verb-final language (Persian), where
objects and adverbials stand between the subject and the verb."""


def _agent_can_take_part(text: str, lang: str | None, d, m: dict, others: list[dict]) -> bool:
    """Whether generic agent ``m`` may be a party of detection ``d``: not in
    NO_AGENT_TYPES, and the trigger's own word or within AGENT_REACH words
    of it in the same clause, not counting numbers and the words of other
    names and agents ("اعتقلت الشرطة النيجيرية 64 محتجا")."""
    if d.type in NO_AGENT_TYPES:
        return False
    if m["start"] < d.end and d.start < m["end"]:
        return True        # the trigger is the agent's word ("gunmen", "protesters")
    a, b = (m["end"], d.start) if m["end"] <= d.start else (d.end, m["start"])
    if _has_break(text, a, b):
        return False
    reach = AGENT_REACH
    if m["end"] <= d.start and getattr(_roles(lang), "SUBJECT_FIRST", False):
        reach = AGENT_REACH_VERB_FINAL   # "معترضان به ساختمان شهرداری … حمله کردند"
    gap = [w for w in _gap_words(text, a, b, [o for o in others if o is not m]) if not w.isdigit()]
    return len(gap) <= reach


def _agent_roles(kind: str, roles: dict, cands: list[dict]):
    """Source, target and location mentions with the generic agents' limits:
    civilians and counted people ("64 protesters") are never a source, and
    the police, security forces or military never the source of a protest
    (the protesters named in the sentence are, if any)."""
    src, tgt, loc = roles["source"], roles["target"], roles["location"]
    g = (src or {}).get("generic")
    if g == "civilians" or (src is not None and src.get("patient")
                            and not (kind == "PROTEST" and g == "protesters")):
        # Counted people were acted on: "قتل 14 جنديا" (14 soldiers were killed).
        if tgt is None and g != "civilians":
            tgt = src
        src = None
    elif kind == "PROTEST" and g in STATE_SECTORS:
        src = next((m for m in cands if m.get("generic") == "protesters" and m is not tgt), None)
    if src is not None and tgt is not None and src is tgt:
        tgt = None
    return src, tgt, loc


@lru_cache(maxsize=None)
def _count_words(lang: str | None) -> frozenset[str]:
    """The language's ``COUNT_WORDS`` (``khabar/lang/<code>/event_roles.py``), keyed."""
    return frozenset(normalize.key(w, lang) for w in getattr(_roles(lang), "COUNT_WORDS", ()))


COUNTED_OBJECT_REACH = 4
"""Counted people who have a counted object of their own within this many
words after them acted ("قتل أربعة مسلحين من حركة الشباب 67 شخصا": four
gunmen killed 67 people): they are not made patients."""


def _counted(words: list[str], i: int, j: int, lang: str | None) -> bool:
    """Whether the agent ``words[i:j]`` is counted people, acted on: a
    number or count word before it, or an Arabic indefinite accusative."""
    roles = _roles(lang)
    counts = _count_words(lang)
    if any(any(ch.isdigit() for ch in w) or w in counts for w in words[j:j + COUNTED_OBJECT_REACH]):
        return False
    accusative = getattr(roles, "INDEFINITE_ACCUSATIVE", None)
    if accusative and words[i].endswith(accusative) and not words[i].startswith(tuple(roles.DEFINITE)):
        return True           # "قتل 14 جنديا", "اعتقلت الشرطة محتجا"
    for k in (i - 1, i - 2):
        if k < 0:
            break
        w = words[k]
        if any(ch.isdigit() for ch in w) or w in counts:
            return True
        if w not in _of_words(lang):
            break
    return False


@lru_cache(maxsize=None)
def _of_words(lang: str | None) -> frozenset[str]:
    """The language's ``OF_WORDS`` (``khabar/lang/<code>/event_roles.py``), keyed."""
    return frozenset(normalize.key(w, lang) for w in getattr(_roles(lang), "OF_WORDS", ()))


def _agent_from_place(ids: tuple) -> tuple:
    """A generic source or target with no country named takes the country
    of the event's location ("police fired tear gas in Lagos": Nigeria's
    police)."""
    src, tgt, loc = ids
    if not loc or not (_countryless(src) or _countryless(tgt)):
        return ids
    from .kb import knowledge_base

    place = knowledge_base().get(loc)
    cc = place.country if place is not None and place.type == "LOC" else None
    if not cc:
        return ids
    fix = lambda a: f"{a}:{cc}" if _countryless(a) else a  # noqa: E731
    return fix(src), fix(tgt), loc


def extract_facts(art: Article, mentions: list[dict]) -> tuple[list[dict], list[dict]]:
    """Event mention rows and quote rows of one article (see migration 0004)."""
    from . import event_detect, quotes as quotes_mod

    lang = art.language or "en"
    text = art.text
    ments = [m for m in mentions if m.get("field", "text") == "text"]
    spans = _sentence_spans(art)
    found = quotes_mod.find_quotes(text, lang, spans) if lang in quotes_mod.LANGS else []
    year = int(art.published[:4]) if art.published and art.published[:4].isdigit() else None
    events: list[dict] = []
    has_lexicon = lang in event_detect.LANGUAGES
    # In a sports report a match is no meeting and a goal attempt no attack:
    # only the events sport does not mimic stay (event_detect.SPORTS_KEEP).
    # Asked once, and only of an article with such a detection.
    sports: list[bool] = []

    def stays(d) -> bool:
        if event_detect.kept_in_sports_report(d):
            return True
        if not sports:
            sports.append(event_detect.sports_report(text, lang, spans))
        return not sports[0]
    # Languages without trigger lexicons get no events, not an error.
    for i, (s, e) in enumerate(spans if has_lexicon else ()):
        # A trigger word inside a name is part of the name ("منظمة العفو
        # الدولية", "Shanghai Cooperation Organisation").
        found_here = _one_per_type([d for d in event_detect.detect(text, lang, s, e)
                                    if not any(m["start"] <= d.start and d.end <= m["end"]
                                               and (m.get("type") or "").upper() in ACTOR_TYPES
                                               for m in ments)
                                    and stays(d)])
        generic = agent_mentions(text, lang, s, e, ments) if found_here else []
        for d in found_here:
            taking = [g for g in generic if _agent_can_take_part(text, lang, d, g, ments + generic)]
            absorbed = {n for g in taking for n in g["absorbs"]}
            cands = sorted([m for n, m in enumerate(ments) if n not in absorbed] + taking,
                           key=lambda m: (m["start"], -m["end"]))
            roles = assign_roles(text, lang, cands, (s, e), (d.start, d.end), d.type,
                                 reported_clause(text, lang, found, (d.start, d.end)),
                                 governed_by_stance(text, lang, (d.start, d.end), d.type, found_here, cands))
            src, tgt, loc = _agent_roles(d.type, roles, cands)
            ids = _cities_as_parties(d.type, src.get("actor_id") if src else None,
                                     tgt.get("actor_id") if tgt else None,
                                     loc.get("actor_id") if loc else None, year)
            ids = _agent_from_place(ids)
            if (d.type, d.mode) in PLACELESS_MODES:
                ids = (ids[0], ids[1], None)
            events.append({
                "article_id": art.id, "type": d.type, "mode": MODE_LABELS.get(d.mode, d.mode),
                "source_actor": ids[0], "target_actor": ids[1],
                "source_text": text[src["start"]:src["end"]] if src and ids[0] else None,
                "target_text": text[tgt["start"]:tgt["end"]] if tgt and ids[1] else None,
                "location": ids[2],
                "count": getattr(d, "count", None),
                "negated": int(bool(d.negated)), "hypothetical": int(bool(d.hypothetical)),
                "sentence": i, "start": s, "end": e, "trigger": d.trigger,
                "trigger_start": d.start, "trigger_end": d.end, "score": d.score})
    speaker_mentions = [{"start": m["start"], "end": m["end"], "actor_id": m.get("actor_id"),
                         "type": (m.get("type") or "").lower()} for m in ments]
    offices = _offices(lang, art.published, text) if found else None
    speakers = quotes_mod.resolve_speakers(found, speaker_mentions, text, lang, offices) if found else []
    quotes = []
    for q, spk in zip(found, speakers):
        quotes.append({"article_id": art.id, "speaker": _capital_as_state(spk),
                       "speaker_text": q.speaker_text,
                       "speaker_start": q.speaker_start, "speaker_end": q.speaker_end,
                       "cue": q.cue, "cue_start": q.cue_start, "cue_end": q.cue_end,
                       "start": q.content_start, "end": q.content_end, "sentence": q.sentence,
                       "kind": q.kind})
    return events, quotes


def update_events(store, settings: Settings | None = None,
                  on_batch: Callable[[EventsSummary], None] | None = None,
                  extract: "Callable[[list[tuple[Article, list[dict]]]], tuple[int, int, int]] | None" = None
                  ) -> EventsSummary:
    """Extract events and quotes of every article not yet processed, then fuse.

    ``extract`` does the extraction of a batch elsewhere (the Dask engine,
    :mod:`khabar.distributed`): given ``(article, mentions)`` jobs it extracts
    and stores their facts with their done markers, and returns (event
    mentions, quotes, quotes with a speaker)."""
    started = time.perf_counter()
    summary = EventsSummary()
    pending = store.count_without_facts(VERSION)
    pool = _pool(settings, pending) if extract is None else None
    try:
        _extract_all(store, summary, extract or _local_extract(store, pool), on_batch)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    events = fuse(store)
    summary.events = len(events)
    summary.by_type = dict(Counter(e["type"] for e in events).most_common())
    summary.elapsed = time.perf_counter() - started
    return summary


# Below this many articles a pool costs more than it saves.
POOL_MIN_ARTICLES = 64


def _pool(settings: Settings | None, pending: int):
    """A fork pool for extraction when there is enough work and more than one core.

    Extraction is pure per-article work (the store stays in this process), so
    it scales with cores; the lexicons and models are warmed here first and
    inherited by the forked workers."""
    import multiprocessing as mp
    import os

    workers = (settings.workers if settings else 0) or (os.cpu_count() or 1)
    if workers <= 1 or pending < POOL_MIN_ARTICLES or "fork" not in mp.get_all_start_methods():
        return None
    from . import event_detect, quotes

    for lang in event_detect.LANGUAGES:
        event_detect.detect("warm up", lang)
    quotes.find_quotes("قال الوزير إن الوضع مستقر.", "ar")
    return mp.get_context("fork").Pool(workers)


def _extract_one(job: tuple[Article, list[dict]]) -> tuple[list[dict], list[dict]]:
    return extract_facts(*job)


def _store_speakers(store, quotes: list[dict]) -> None:
    """Store the knowledge-base actors that quotes name as speakers by office
    (:class:`khabar.quotes.speakers.Offices`): the holder may be named nowhere in the corpus,
    so the actors stage has not stored them (existing rows are kept)."""
    ids = sorted({q["speaker"] for q in quotes if q["speaker"]})
    if not ids:
        return
    from .actors import _actor_row
    from .kb import knowledge_base

    kb = knowledge_base()
    rows = [_actor_row(a) for a in map(kb.get, ids) if a is not None]
    if rows:
        store.write_entity_batch(actors=rows)


def agent_actor(actor_id: str):
    """The actor a generic agent id stands for ("sec:police:NG" → "Police
    (Nigeria)", kind ``sector``), or None for other ids."""
    from .kb import Actor, knowledge_base

    parts = actor_id.split(":")
    if parts[0] != "sec" or len(parts) not in (2, 3) or parts[1] not in AGENT_LABELS:
        return None
    label = AGENT_LABELS[parts[1]]
    country = parts[2] if len(parts) == 3 else None
    state = knowledge_base().get("loc:" + country) if country else None
    name = f"{label} ({state.name if state else country})" if country else label
    return Actor(actor_id, name, "ORG", "sector", country, names={"en": (name,)})


def _store_agents(store, events: list[dict]) -> None:
    """Store the generic agents (police, protesters …) events name, as
    actors of source ``sector`` (existing rows are kept)."""
    ids = sorted({a for e in events for a in (e["source_actor"], e["target_actor"])
                  if a and a.startswith("sec:")})
    rows = [(a.id, a.name, a.type, a.kind, a.country, None, "sector")
            for a in map(agent_actor, ids) if a is not None]
    if rows:
        store.write_entity_batch(actors=rows)


def extract_and_write(store, jobs: list[tuple[Article, list[dict]]], results=None) -> tuple[int, int, int]:
    """Write the facts of ``jobs`` (extracted here unless ``results`` are
    given), with their done markers, in one transaction; returns (event
    mentions, quotes, quotes with a speaker)."""
    ev_rows, q_rows = [], []
    for ev, qs in (results if results is not None else map(_extract_one, jobs)):
        ev_rows += ev
        q_rows += qs
    _store_speakers(store, q_rows)
    _store_agents(store, ev_rows)
    store.write_fact_batch(event_mentions=ev_rows, quotes=q_rows,
                           done=[(art.id, VERSION) for art, _ in jobs])
    return len(ev_rows), len(q_rows), sum(1 for q in q_rows if q["speaker"])


def _local_extract(store, pool):
    def run(jobs):
        results = pool.map(_extract_one, jobs, chunksize=8) if pool is not None else None
        return extract_and_write(store, jobs, results)
    return run


def _extract_all(store, summary: EventsSummary, extract, on_batch) -> None:
    while True:
        batch = store.articles_without_facts(VERSION, BATCH)
        if not batch:
            break
        n_ev, n_q, n_attr = extract([(art, store.article_mentions(art.id)) for art in batch])
        summary.articles += len(batch)
        summary.event_mentions += n_ev
        summary.quotes += n_q
        summary.quotes_attributed += n_attr
        if on_batch:
            on_batch(summary)


# --- fusion -------------------------------------------------------------------
def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _to_date(s: str | None) -> date | None:
    try:
        return date.fromisoformat(s[:10]) if s else None
    except ValueError:
        return None


def article_anchors(articles: dict[str, dict]) -> dict[str, tuple[date | None, str | None, str | None]]:
    """Article id -> (anchor date, precision, method): its own date, else an estimate."""
    from . import timex

    out: dict[str, tuple[date | None, str | None, str | None]] = {}
    by_story: dict[str, list[date]] = defaultdict(list)
    for aid, a in articles.items():
        d = _to_date(a.get("published"))
        if d:
            method = "dateline" if a.get("published_source") == "dateline" else "publication"
            out[aid] = (d, "day", method)
            if a.get("story_id"):
                by_story[a["story_id"]].append(d)
    for aid, a in articles.items():
        if aid in out:
            continue
        dates = by_story.get(a.get("story_id") or "", [])
        est = timex.estimate_date(a.get("weekday"), dates) if dates else None
        out[aid] = (est[0], est[1], "estimated") if est else (None, None, None)
    return out


def _mention_date(m: dict, art: dict, anchor) -> tuple[str | None, str | None, str | None]:
    from . import timex

    d, prec, method = anchor
    lang = art.get("language") or "en"
    te = timex.event_date(art.get("text") or "", lang, d, m["start"], m["end"])
    if te is not None and te.value and d is not None and _coarser_than_anchor(te, d):
        te = None
    if te is not None and te.value:
        how = "estimated" if method == "estimated" and te.kind != "absolute" else "expression"
        return te.value[:10], te.precision, how
    return _iso(d), prec, method


def _coarser_than_anchor(te, anchor: date) -> bool:
    """A bare year in an event's sentence ("خلال عام 2024", "in 2021") is
    rarely the happening's date, and a month that contains the article's own
    date says less than that date: both give way to the article date."""
    if te.precision == "year":
        return True
    if te.precision == "month":
        return te.value[:7] == anchor.isoformat()[:7]
    return False


def _group_key(m: dict) -> tuple:
    """(type, negated, announced, actors): what a report must share with
    another to tell the same event by rule 1 of :func:`_groups`."""
    actors = [a for a in (m["source_actor"], m["target_actor"]) if a]
    if m["type"] in SYMMETRIC:
        actors = sorted(set(actors))
    return (m["type"], bool(m["negated"]), bool(m["hypothetical"]), tuple(actors))


STATE_ORGANS = frozenset({"ministry", "government", "government_body", "parliament", "military",
                          "intelligence", "central_bank"})
"""Knowledge-base ORG kinds that act for their state: "Iran" can stand for
Iran's foreign ministry in another outlet's report, not for an armed group
or a company based there."""

DATE_SLACK = 1
"""Days two reports' dates may differ by and still tell one happening (an
outlet west of the event dates it a day earlier, a follow-up a day later)."""


@lru_cache(maxsize=4096)
def _stands_for(actor_id: str, year: int | None) -> frozenset[str]:
    """The actors that another report may name instead of ``actor_id``: the
    state or organization a person held office for in ``year`` (Lavrov →
    Russia; Borrell → the EU), a state organ's state (the Iranian foreign
    ministry → Iran; a country's police, security forces or military:
    ``sec:police:NG`` → Nigeria).  Empty for places, auto actors and
    everything else."""
    from .kb import knowledge_base

    parts = actor_id.split(":")
    if parts[0] == "sec":
        ok = len(parts) == 3 and parts[1] in STATE_SECTORS
        return frozenset({"loc:" + parts[2]}) if ok else frozenset()
    a = knowledge_base().get(actor_id)
    if a is None:
        return frozenset()
    out = set()
    if a.type == "PER":
        for p in a.positions:
            if p.active(year):
                if p.org:
                    out.add(p.org)
                elif p.country:
                    out.add("loc:" + p.country)
    elif a.type == "ORG" and a.kind in STATE_ORGANS and a.country:
        out.add("loc:" + a.country)
    return frozenset(out)


def _day(m: dict) -> date | None:
    try:
        return date.fromisoformat(m["_date"][:10]) if m.get("_date") else None
    except ValueError:
        return None


def _fits(ms: list[dict], group: list[dict]) -> bool:
    """Reports ``ms`` can tell the happening ``group`` tells: the same mode
    as the group's (where both say one) and a date within DATE_SLACK days
    of one of the group's (where both have one)."""
    mode = _vote([m["mode"] for m in group])
    modes = {m["mode"] for m in ms if m["mode"]}
    if mode and modes and modes != {mode}:
        return False
    days = [d for d in map(_day, group) if d]
    for m in ms:
        d = _day(m)
        if d and days and min(abs((d - g).days) for g in days) > DATE_SLACK:
            return False
    return True


def _year(ms: list[dict]) -> int | None:
    days = [d for d in map(_day, ms) if d]
    return Counter(d.year for d in days).most_common(1)[0][0] if days else None


def _countryless(a: str | None) -> bool:
    """``a`` is a generic agent with no country ("sec:protesters")."""
    return bool(a) and a.startswith("sec:") and a.count(":") == 1


def _less_said(a: str, b: str) -> bool:
    """``a`` is a generic agent with no country and ``b`` the same kind with
    one ("sec:protesters" and "sec:protesters:NG")."""
    return _countryless(a) and b.startswith(a + ":")


def _most_specific(group: list[dict]) -> dict[str, str]:
    """Within one fused event, each state or state organ that stands for
    another of its actors, mapped to that actor ("Russia" → Lavrov, the
    Chinese foreign ministry → Wang Yi), so the event names the office
    holders.  Persons are the most specific, then organs, then states."""
    count = Counter(a for m in group for a in (m["source_actor"], m["target_actor"]) if a)
    year = _year(group)

    def rank(a: str) -> int:
        return 0 if a.startswith("per:") else 1 if _stands_for(a, year) else 2

    out = {}
    for a in count:
        mine = _stands_for(a, year)
        cands = [b for b in count if (rank(b) < rank(a)
                 and (a in _stands_for(b, year) or mine & _stands_for(b, year)))
                 or _less_said(a, b)]
        # An organ is one person only when one person of its state is there
        # (a foreign ministry and the president are not one actor).
        if len(cands) == 1 or (cands and rank(a) == 2):
            out[a] = max(cands, key=lambda b: (count[b], b))
    return out


def _groups(mentions: list[dict]) -> list[list[dict]]:
    """Mentions of one story grouped into events (see module docstring).

    1. Mentions of one type and polarity between the same actors are one
       event, the announced ones (hypothetical) apart from the factual.
    2. A mention naming fewer actors joins the event that names them all
       (the best-attested one of several).
    3. Actors named by their state or organization ("Türkiye" for its
       foreign minister, "Iran" for its foreign ministry) join the one event
       naming the office holders, if its mode and date fit.
    4. A mention naming no actor joins the one event of its type whose mode
       and date fit; with several, it stays apart.
    """
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for m in mentions:
        groups[_group_key(m)].append(m)

    def covered(small: tuple, big: tuple, year: int | None) -> bool:
        """Every actor of ``small`` is in ``big``, or ``big`` holds someone
        it stands for (a state for its minister), or it is a state organ
        and one of ``big`` stands for the same state.  Two persons are never
        taken for each other."""
        wider = set(big).union(*(_stands_for(a, year) for a in big))
        return all(a in wider or (not a.startswith("per:") and _stands_for(a, year) & wider)
                   or any(_less_said(a, b) for b in big) for a in small)

    for k in sorted(groups, key=lambda k: len(k[3])):             # rule 2
        if len(k[3]) != 1:
            continue
        supers = [o for o in groups if o[:3] == k[:3] and set(k[3]) < set(o[3])]
        if supers:
            best = max(supers, key=lambda o: len(groups[o]))
            groups[best].extend(groups.pop(k))
    for k in sorted(groups, key=lambda k: (len(k[3]), k[3])):     # rule 3
        if k not in groups or not k[3]:
            continue
        year = _year(groups[k])
        supers = [o for o in groups if o != k and o[:3] == k[:3] and len(o[3]) >= len(k[3])
                  and covered(k[3], o[3], year) and _fits(groups[k], groups[o])]
        if len(supers) == 1:
            groups[supers[0]].extend(groups.pop(k))
    # Rule 4, report by report.
    for k in [k for k in groups if not k[3]]:
        named = [o for o in groups if o[:3] == k[:3] and o[3]]
        if not named:
            continue
        stay = []
        for m in groups[k]:
            fit = [o for o in named if _fits([m], groups[o])]
            (groups[fit[0]] if len(fit) == 1 else stay).append(m)
        if stay:
            groups[k] = stay
        else:
            del groups[k]
    return list(groups.values())


def _vote(values: list) -> Any:
    vals = [v for v in values if v is not None]
    return Counter(vals).most_common(1)[0][0] if vals else None


def _disagreement(pairs: list[tuple[Any, str]]) -> list[dict] | None:
    by_value: dict[Any, list[str]] = defaultdict(list)
    for v, a in pairs:
        if v is not None and a not in by_value[v]:
            by_value[v].append(a)
    if len(by_value) < 2:
        return None
    return [{"value": v, "articles": arts} for v, arts in
            sorted(by_value.items(), key=lambda x: (-len(x[1]), str(x[0])))]


_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, None: 4}
_METHOD_RANK = {"expression": 0, "dateline": 1, "publication": 1, "estimated": 2, None: 3}


def _event_row(story: str | None, group: list[dict]) -> dict:
    g0 = group[0]
    kind = g0["type"]
    dated = sorted(group, key=lambda m: (_METHOD_RANK.get(m["_method"], 3),
                                         _PRECISION_RANK.get(m["_precision"], 4)))
    best = dated[0]
    same_rank = [m for m in dated if _METHOD_RANK.get(m["_method"], 3) ==
                 _METHOD_RANK.get(best["_method"], 3) and m["_precision"] == best["_precision"]]
    date_value = _vote([m["_date"] for m in same_rank])
    alias = _most_specific(group)
    sources = [alias.get(m["source_actor"], m["source_actor"]) for m in group]
    targets = [alias.get(m["target_actor"], m["target_actor"]) for m in group]
    if kind in SYMMETRIC:
        pair = sorted({a for a in sources + targets if a})
        source = _vote(sources)
        target = next((a for a in pair if a != source), None)
    else:
        source = _vote(sources)
        # One outlet's source can be another's target ("protests organized by
        # the NLC" read with the NLC as target): an actor is never both.
        target = _vote([t for t in targets if t != source])
    actors = "|".join(sorted(a for a in (source, target) if a))
    announced = "|announced" if g0["hypothetical"] else ""
    digest = hashlib.sha1(f"{story}|{kind}|{g0['negated']}|{actors}|"
                          f"{'' if actors else min(m['article_id'] + str(m['start']) for m in group)}"
                          f"{announced}".encode("utf-8")).hexdigest()[:12]
    disagreements = {}
    expr = [(m["_date"], m["article_id"]) for m in group if m["_method"] == "expression"]
    for name, pairs in (("date", expr),
                        ("source", [(a, m["article_id"]) for a, m in zip(sources, group)]),
                        ("count", [(m["count"], m["article_id"]) for m in group])):
        d = _disagreement(pairs)
        if d:
            disagreements[name] = d
    return {"id": "e" + digest, "story_id": story, "type": kind,
            "mode": _vote([m["mode"] for m in group]), "source": source, "target": target,
            "date": date_value, "date_precision": best["_precision"] if date_value else None,
            "location": _vote([m["location"] for m in group]),
            "negated": int(bool(g0["negated"])),
            "hypothetical": int(all(m["hypothetical"] for m in group)),
            "n_sources": len({m["article_id"] for m in group}), "disagreements": disagreements}


def fuse(store) -> list[dict]:
    """Re-fuse every event mention into events; returns the event rows."""
    data = store.fusion_inputs()
    arts, mentions = data["articles"], data["mentions"]
    anchors = article_anchors(arts)
    by_story: dict[str, list[dict]] = defaultdict(list)
    for m in mentions:
        a = arts.get(m["article_id"], {})
        m["_date"], m["_precision"], m["_method"] = _mention_date(
            m, a, anchors.get(m["article_id"], (None, None, None)))
        by_story[a.get("story_id") or "article:" + m["article_id"]].append(m)
    events, assignments = [], []
    for story, ms in by_story.items():
        sid = None if story.startswith("article:") else story
        for group in _groups(ms):
            row = _event_row(sid, group)
            events.append(row)
            assignments += [(row["id"], m["_date"], m["_precision"], m["_method"], m["id"])
                            for m in group]
    # Two groups can hash alike only if they share story, type and actors: merge by id.
    uniq: dict[str, dict] = {}
    for e in events:
        if e["id"] in uniq:
            uniq[e["id"]]["n_sources"] += e["n_sources"]
        else:
            uniq[e["id"]] = e
    article_dates = [(aid, _iso(d), p, meth) for aid, (d, p, meth) in anchors.items() if d]
    store.write_fusion(events=list(uniq.values()), assignments=assignments,
                       article_dates=article_dates)
    return list(uniq.values())
