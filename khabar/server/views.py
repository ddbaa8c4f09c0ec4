"""The views: plain data built from the store, shared by the API and the pages.

Each dashboard page renders exactly the dict one of these functions returns,
and the page's JSON twin returns that same dict, so the dashboard and the API
cannot disagree.  Nothing here knows about HTTP or HTML.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any

from ..cli_events import event_record
from ..errors import KhabarError, MissingExtra, StoreError
from ..store import ArticleFilter

log = logging.getLogger(__name__)

# Languages written right to left (ISO 639-1), for dir= on text blocks.
RTL_LANGUAGES = frozenset({"ar", "fa", "ur", "he", "ps", "ku", "yi", "dv", "sd", "ug"})
# Most quotes, events and co-actors a single page lists.
PAGE_ROWS = 200
# Most actors listed on a story page.
STORY_ACTORS = 20


# ------------------------------------------------------------------ helpers

def text_dir(text: str | None, language: str | None = None) -> str:
    """``rtl`` or ``ltr`` for a text block: from its language when known, else
    from its first strong character; ``auto`` when there is none."""
    if language:
        return "rtl" if language.split("-")[0] in RTL_LANGUAGES else "ltr"
    for ch in text or "":
        o = ord(ch)
        if 0x0590 <= o <= 0x08FF or 0xFB1D <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF:
            return "rtl"
        if ch.isalpha():
            return "ltr"
    return "auto"


def page(items: list, total: int, limit: int, offset: int, **extra) -> dict[str, Any]:
    """The one list shape: ``{"items", "total", "limit", "offset"}``."""
    return {"items": items, "total": total, "limit": limit, "offset": offset, **extra}


def _slice(rows: list, limit: int, offset: int) -> dict[str, Any]:
    return page(rows[offset:offset + limit], len(rows), limit, offset)


def _in_range(date: str | None, since: str | None, until: str | None) -> bool:
    if not (since or until):
        return True
    if not date:
        return False
    d = date[:10]
    return (not since or d >= since) and (not until or d <= until)


def quote_record(q: dict) -> dict:
    """The public shape of a quote (API and pages)."""
    return {"speaker": q["speaker"], "speaker_name": q["speaker_name"],
            "speaker_text": q["speaker_text"], "cue": q["cue"], "text": q["text"],
            "article": q["article"], "sentence": q["sentence"], "start": q["start"], "end": q["end"],
            "kind": q["kind"], "date": q["date"], "outlet": q["outlet"], "language": q.get("language")}


def _story_row(s: dict) -> dict:
    row = {k: v for k, v in s.items() if k not in ("articles", "title_locked")}
    row["title_dir"] = text_dir(s["title"], s["languages"][0] if len(s["languages"]) == 1 else None)
    return row


# ------------------------------------------------------------------ lists

def all_stories(svc) -> list[dict]:
    """Every story (cached until the store changes)."""
    return svc.cached("stories", lambda: svc.store().list_stories())


def stories(svc, *, sort: str = "newest", language: str | None = None, outlet: str | None = None,
            since: str | None = None, until: str | None = None, actor: str | None = None,
            limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Stories, filtered and sorted (``newest``: last seen first; ``biggest``:
    most independent sources first)."""
    rows = all_stories(svc)
    wanted = None
    if actor:
        # get_actor lists the actor's stories, most mentions first.
        wanted = {s["id"] for s in svc.store().get_actor(actor)["stories"]}
    rows = [s for s in rows
            if (not language or language in s["languages"]) and (not outlet or outlet in s["outlets"])
            and (not since or (s["last_seen"] or "") >= since)
            and (not until or (s["first_seen"] or "9999") <= until)
            and (wanted is None or s["id"] in wanted)]
    if sort == "biggest":
        rows = sorted(rows, key=lambda s: (-s["independent_sources"], -s["article_count"],
                                           s["last_seen"] or "", s["id"]))
    else:
        rows = sorted(rows, key=lambda s: (s["last_seen"] or "", s["first_seen"] or "", s["id"]),
                      reverse=True)
    out = _slice(rows, limit, offset)
    out["items"] = [_story_row(s) for s in out["items"]]
    return out


def articles(svc, flt: ArticleFilter) -> dict[str, Any]:
    """Article rows (no text), in arrival order."""
    store = svc.store()
    items = store.list_articles(flt)
    total_flt = ArticleFilter(language=flt.language, outlet=flt.outlet, since=flt.since, until=flt.until)
    if hasattr(store, "count_articles"):
        total = store.count_articles(total_flt)
    else:  # pragma: no cover - backends without a count
        total = len(store.list_articles(total_flt))
    for r in items:
        r["title_dir"] = text_dir(r["title"], r["language"])
    return page(items, total, flt.limit, flt.offset)


def actors(svc, *, type: str | None = None, q: str | None = None, limit: int = 50,
           offset: int = 0) -> dict[str, Any]:
    """Actors, most articles first; ``q`` keeps those with a spelling containing it."""
    rows = svc.cached(("actors", type), lambda: svc.store().list_actors(type=type))
    if q:
        ql = q.casefold()
        rows = [a for a in rows if ql in a["name"].casefold() or ql in a["id"].casefold()
                or any(ql in n.casefold() for n in a["names"])]
    return _slice(rows, limit, offset)


def events(svc, *, story: str | None = None, type: str | None = None, actor: str | None = None,
           language: str | None = None, outlet: str | None = None, since: str | None = None,
           until: str | None = None, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Fused events in the public shape of :func:`khabar.cli_events.event_record`."""
    key = ("events", story, type, actor)
    rows = svc.cached(key, lambda: [
        dict(event_record(e), languages=sorted({s["language"] for s in e["sources"] if s["language"]}))
        for e in svc.store().list_events(story=story, type=type, actor=actor)])
    rows = [e for e in rows if _in_range(e["date"], since, until)
            and (not language or language in e["languages"])
            and (not outlet or any(s["outlet"] == outlet for s in e["sources"]))]
    return _slice(rows, limit, offset)


def quotes(svc, *, speaker: str | None = None, story: str | None = None, article: str | None = None,
           language: str | None = None, outlet: str | None = None, since: str | None = None,
           until: str | None = None, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Quotes: who said what, with the cue and the exact span."""
    key = ("quotes", speaker, story, article)
    rows = svc.cached(key, lambda: [quote_record(q) for q in svc.store().list_quotes(
        speaker=speaker, story=story, article=article)])
    rows = [q for q in rows if _in_range(q["date"], since, until)
            and (not language or q["language"] == language) and (not outlet or q["outlet"] == outlet)]
    return _slice(rows, limit, offset)


def search(svc, q: str, flt: ArticleFilter) -> dict[str, Any]:
    """Articles matching ``q``, best first, each with its best sentence."""
    store = svc.store()
    want = ArticleFilter(language=flt.language, outlet=flt.outlet, since=flt.since,
                         until=flt.until, limit=flt.offset + flt.limit + 1)
    rows = store.search(q, want) if q.strip() else []
    has_more = len(rows) > flt.offset + flt.limit
    items = rows[flt.offset:flt.offset + flt.limit]
    story_of = _stories_of(store, [r["id"] for r in items])
    for r in items:
        r["title_dir"] = text_dir(r["title"], r["language"])
        r["story"] = story_of.get(r["id"])
        if r.get("match"):
            r["match"]["dir"] = text_dir(r["match"]["text"], r["language"])
    # The search index ranks; it does not count.  total is exact up to this page.
    total = flt.offset + len(items) + (1 if has_more else 0)
    return page(items, total, flt.limit, flt.offset, q=q, has_more=has_more)


def _stories_of(store, article_ids: list[str]) -> dict[str, str]:
    if not article_ids or not hasattr(store, "story_ids_of"):
        return {}
    return store.story_ids_of(article_ids)


# ------------------------------------------------------------------ one object

def story(svc, story_id: str) -> dict[str, Any]:
    """A story page: header, cited summary, timeline of fused events, actors,
    quotes by speaker, members and the outlet comparison table."""
    store = svc.store()
    st = store.get_story(story_id)
    summary, summary_error = st.pop("summary"), None
    if summary is None:
        summary, summary_error = _summary(svc, st["id"])
    st.pop("title_locked", None)
    members = st["members"]
    for m in members:
        m["title_dir"] = text_dir(m["title"], m["language"])
    for n, s in enumerate((summary or {}).get("sentences", []), 1):
        s["n"] = n
        s["dir"] = text_dir(s["text"], s.get("language"))
    story_actors = store.story_actors(st["id"], limit=STORY_ACTORS)
    evs = _readable(events(svc, story=st["id"], limit=PAGE_ROWS)["items"], story_actors)
    qs = quotes(svc, story=st["id"], limit=PAGE_ROWS)["items"]
    for q in qs:
        q["dir"] = text_dir(q["text"], q["language"])
    lang = st["languages"][0] if len(st["languages"]) == 1 else None
    return {"story": st, "title_dir": text_dir(st["title"], lang), "title_lang": lang,
            "summary": summary, "summary_error": summary_error, "actors": story_actors,
            "events": evs, "quotes_by_speaker": group_quotes(qs),
            "comparison": outlet_comparison(members, evs, qs)}


def _readable(evs: list[dict], known_actors: list[dict]) -> list[dict]:
    """Copies of the events with what a reader needs: ``cited`` (each source
    sentence once) and ``disputes`` (disagreements with actor names for ids)."""
    names = {a["id"]: a["name"] for a in known_actors}
    for e in evs:
        for k in ("source", "target", "location"):
            if e[k] and e.get(k + "_name"):
                names[e[k]] = e[k + "_name"]
    out = []
    for e in evs:
        e = dict(e)
        cited: dict[tuple, dict] = {}
        for s in e["sources"]:
            cited.setdefault((s["article"], s["sentence"]), {
                "article": s["article"], "sentence": s["sentence"], "outlet": s["outlet"],
                "trigger": s["trigger"]})
        e["cited"] = list(cited.values())
        e["disputes"] = [{"name": name, "values": [
            {"value": v["value"], "label": names.get(v["value"], v["value"]),
             "articles": v["articles"]} for v in values]}
            for name, values in (e["disagreements"] or {}).items()]
        out.append(e)
    return out


def _summary(svc, story_id: str) -> tuple[dict | None, str | None]:
    """Compute and cache the cited summary (a write: behind the write lock)."""
    from ..summarize import summarize

    with svc.write_lock:
        try:
            summary = summarize(svc.writer(), story_id, language=svc.settings.user_language)
        except (MissingExtra, StoreError) as exc:
            log.warning("no summary for %s: %s", story_id, exc)
            return None, str(exc)
    # Not svc.wrote(): a saved summary changes no other answer, so cached
    # answers stay usable (stale-while-revalidate) instead of all being redone.
    return summary, None


def group_quotes(qs: list[dict]) -> list[dict]:
    """Quotes grouped by speaker (actor, else the words naming them), most
    quoted first; unattributed quotes last."""
    groups: OrderedDict[str, dict] = OrderedDict()
    for q in qs:
        key = q["speaker"] or (q["speaker_text"] and "text:" + q["speaker_text"]) or ""
        g = groups.setdefault(key, {"speaker": q["speaker"],
                                    "name": q["speaker_name"] or q["speaker_text"] or None,
                                    "name_dir": text_dir(q["speaker_name"] or q["speaker_text"],
                                                         None if q["speaker_name"] else q["language"]),
                                    "quotes": []})
        g["quotes"].append(q)
    return sorted(groups.values(), key=lambda g: (g["name"] is None, -len(g["quotes"]), g["name"] or ""))


def _column_of(members: list[dict]) -> tuple[list[dict], dict[str, int]]:
    """Comparison columns: one per named outlet; an article without an outlet
    is a column of its own (its id stands in for the name)."""
    cols: list[dict] = []
    by_outlet: dict[str, int] = {}
    col_of: dict[str, int] = {}
    for m in members:
        key = m["outlet"] or "article:" + m["id"]
        if key not in by_outlet:
            by_outlet[key] = len(cols)
            cols.append({"outlet": m["outlet"], "label": m["outlet"] or f"? {m['id'][:8]}",
                         "articles": [], "languages": []})
        col = cols[by_outlet[key]]
        col["articles"].append(m["id"])
        if m["language"] and m["language"] not in col["languages"]:
            col["languages"].append(m["language"])
        col_of[m["id"]] = by_outlet[key]
    return cols, col_of


def outlet_comparison(members: list[dict], evs: list[dict], qs: list[dict]) -> dict[str, Any]:
    """Which outlet reported which event, which quote and which number, and
    where they differ.

    Returns ``{"columns": [{outlet, label, articles, languages}], "rows": [{kind,
    label, cells, differs, …}]}``; ``cells`` has one entry per column, None
    where that outlet did not report the row.  An event cell carries the date
    and count that outlet gave; the row ``differs`` when the event's sources
    disagree (``disagreements``) or when the outlets' dates or counts differ;
    its ``disagreements`` are ``[{name, cells}]``, each cell the values that
    outlet gave (e.g. two different initiators).
    """
    cols, col_of = _column_of(members)
    rows = []
    for e in evs:
        cells: list[dict | None] = [None] * len(cols)
        for s in e["sources"]:
            i = col_of.get(s["article"])
            if i is None or cells[i] is not None:
                continue
            cells[i] = {"article": s["article"], "sentence": s["sentence"], "date": s["date"],
                        "count": s.get("count")}
        # Each disagreement as one row of its own: what each outlet said.
        disputed = []
        for d in e.get("disputes", []):
            said: list[list[str]] = [[] for _ in cols]
            for v in d["values"]:
                for i in sorted({col_of[a] for a in v["articles"] if a in col_of}):
                    said[i].append(v["label"])
            disputed.append({"name": d["name"], "cells": said})
        present = [c for c in cells if c]
        differs = bool(disputed) or len({c["date"] for c in present}) > 1 or len(
            {c["count"] for c in present if c["count"] is not None}) > 1
        who = " → ".join(x for x in (e["source_name"] or e["source"] or "?",
                                     e["target_name"] or e["target"]) if x)
        rows.append({"kind": "event", "event": e["id"], "label": f"{e['type']}: {who}",
                     "date": e["date"], "mode": e["mode"], "cells": cells, "differs": differs,
                     "disagreements": disputed})
    for g in group_quotes(qs):
        cells = [None] * len(cols)
        for q in g["quotes"]:
            i = col_of.get(q["article"])
            if i is None:
                continue
            if cells[i] is None:
                cells[i] = {"article": q["article"], "sentence": q["sentence"], "quotes": 0}
            cells[i]["quotes"] += 1
        rows.append({"kind": "quote", "speaker": g["speaker"],
                     "label": f"quoted: {g['name'] or 'unattributed'}", "label_dir": g["name_dir"],
                     "cells": cells, "differs": False, "disagreements": []})
    return {"columns": cols, "rows": rows}


def actor(svc, actor_id: str) -> dict[str, Any]:
    """An actor page: spellings by script, mentions over time, co-occurring
    actors, quotes by the actor, events, stories."""
    store = svc.store()
    a = store.get_actor(actor_id)
    by_script: OrderedDict[str, list] = OrderedDict()
    for sp in a["spellings"]:
        sp["dir"] = text_dir(sp["name"], sp.get("lang"))
        by_script.setdefault(sp["script"] or "?", []).append(sp)
    for st in a["stories"]:
        st["title_dir"] = text_dir(st["title"])
    for c in a["co_actors"]:
        c["dir"] = text_dir(c["name"])
    qs = quotes(svc, speaker=a["id"], limit=PAGE_ROWS)["items"]
    for q in qs:
        q["dir"] = text_dir(q["text"], q["language"])
    evs = _readable(events(svc, actor=a["id"], limit=PAGE_ROWS)["items"], a["co_actors"])
    return {"actor": a, "name_dir": text_dir(a["name"]), "spellings_by_script": by_script,
            "quotes": qs, "events": evs}


def article(svc, article_id: str, highlight: int | None = None) -> dict[str, Any]:
    """An article: metadata, its sentences (grouped in paragraphs, the cited
    one marked), actors mentioned, quotes, its story."""
    store = svc.store()
    a = store.get_article(article_id)
    paragraphs: list[list[dict]] = []
    prev_end = None
    for i, s in enumerate(a.sentences):
        gap = a.text[prev_end:s.start] if prev_end is not None else "\n"
        if "\n" in gap or not paragraphs:
            paragraphs.append([])
        lang = s.language or a.language
        paragraphs[-1].append({"index": i, "start": s.start, "end": s.end, "language": lang,
                               "dir": text_dir(a.text[s.start:s.end], lang),
                               "text": a.text[s.start:s.end], "highlight": i == highlight})
        prev_end = s.end
    if highlight is not None and not 0 <= highlight < len(a.sentences):
        raise KhabarError(f"article {a.id} has sentences 0…{len(a.sentences) - 1}, not {highlight}")
    seen, mentioned = set(), []
    for m in store.article_mentions(a.id):
        if m["actor_id"] and m["actor_id"] not in seen:
            seen.add(m["actor_id"])
            mentioned.append({"id": m["actor_id"], "name": m["actor_name"], "type": m["type"],
                              "dir": text_dir(m["actor_name"])})
    qs = quotes(svc, article=a.id, limit=PAGE_ROWS)["items"]
    for q in qs:
        q["dir"] = text_dir(q["text"], q["language"])
    dl = a.dateline
    return {
        "article": {"id": a.id, "title": a.title, "language": a.language, "outlet": a.outlet,
                    "url": a.url, "published": a.published, "published_source": a.published_source,
                    "author": a.author, "source": a.source,
                    "dateline": dl.__dict__ if dl else None,
                    "removed": [{"start": s, "end": e, "rule": r, "text": a.text[s:e]}
                                for s, e, r in a.removed]},
        "title_dir": text_dir(a.title, a.language), "dir": text_dir(a.text, a.language),
        "highlight": highlight, "paragraphs": paragraphs,
        "story": _stories_of(store, [a.id]).get(a.id),
        "actors": mentioned, "quotes": qs,
        "sightings": [s.__dict__ for s in store.sightings(a.id)],
    }


def home(svc, *, sort: str, language: str | None, outlet: str | None, limit: int,
         offset: int) -> dict[str, Any]:
    """The home page: stories (newest or biggest) and what the store holds."""
    stats = svc.cached("stats", lambda: svc.store().stats())
    return {"sort": sort, "language": language, "outlet": outlet,
            "stories": stories(svc, sort=sort, language=language, outlet=outlet, limit=limit,
                               offset=offset),
            "stats": {"articles": stats["articles"], "languages": stats["languages"],
                      "outlets": dict(list(stats["outlets"].items())[:20])}}
