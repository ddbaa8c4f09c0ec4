"""The readable report printed by ``make run`` (and ``khabar report``)."""

from __future__ import annotations

import shutil
import textwrap
from typing import Any

from .store import Store

# Arabic, Persian and Hebrew text is printed as is: terminals with bidi support
# render it right to left; we only keep lines short.
_WIDTH = max(60, min(110, shutil.get_terminal_size((100, 20)).columns))


def build_report(store: Store, language: str | None = None,
                 summaries: bool = True) -> dict[str, Any]:
    """Everything the report shows, as data (the JSON twin of the text report)."""
    stats = store.stats()
    runs = store.runs(limit=1)
    last = runs[0] if runs else None
    articles = store.list_articles()
    stories = store.list_stories() if hasattr(store, "list_stories") else []
    stories.sort(key=lambda s: (-len(s["articles"]), s["first_seen"] or ""))
    if summaries and stories:
        from .summarize import summarize

        for s in stories:
            if len(s["articles"]) > 1:
                s["summary"] = summarize(store, s["id"], language=language)
    for s in stories:
        s["actors"] = store.story_actors(s["id"])
        s["events"] = store.list_events(story=s["id"])
        s["quotes"] = key_quotes(store.list_quotes(story=s["id"]))
    entity_stats = store.entity_stats()
    top_actors = store.list_actors(limit=15) if entity_stats["mentions"] else []
    return {"stats": stats, "last_run": last, "stories": stories, "articles": articles,
            "entities": entity_stats, "actors": top_actors, "events": store.event_stats()}


def key_quotes(quotes: list[dict[str, Any]], limit: int = 5) -> list[dict[str, Any]]:
    """The quotes worth showing first: attributed ones, one per speaker, longest first.

    People come first, then other actors; a news outlet ("به گزارش X",
    "according to X" naming a newspaper or agency) comes last with the
    unattributed quotes: it attributes the report, not somebody's words."""
    seen, out = set(), []
    people_first = sorted(quotes, key=lambda q: (q["speaker"] is None
                                                 or q["speaker"].startswith("media:"),
                                                 not (q["speaker"] or "").startswith("per:"),
                                                 -(q["end"] - q["start"])))
    for q in people_first:
        who = q["speaker"] or q["speaker_text"]
        if who in seen:
            continue
        seen.add(who)
        out.append(q)
    return out[:limit]


def _timeline(s: dict[str, Any], limit: int = 12) -> list[str]:
    """The story's best-attested events (most sources, both parties named), in date order."""
    events = [e for e in s.get("events") or [] if not e["negated"] and not e["hypothetical"]]
    events.sort(key=lambda e: (-e["n_sources"], e["source"] is None or e["target"] is None))
    events = sorted(events[:limit], key=lambda e: (e["date"] is None, e["date"] or "", e["type"]))
    lines = []
    for e in events:
        who = " → ".join(x for x in (e["source_name"] or e["source"] or "?",
                                     e["target_name"] or e["target"]) if x)
        mode = f" ({e['mode']})" if e["mode"] else ""
        where = f" in {e['location_name']}" if e.get("location_name") else ""
        disputed = f"; sources disagree on {', '.join(e['disagreements'])}" if e["disagreements"] else ""
        lines.append(f"{e['date'] or '?':10} {e['type']}{mode}: {who}{where} "
                     f"[{e['n_sources']} source{'s' if e['n_sources'] != 1 else ''}{disputed}]")
    return lines


def story_dates(s: dict) -> str:
    """A story's date range as shown to people: its articles' publication
    dates, or, when none of them has one, when khabar first read it, said so."""
    if s.get("dated_articles") == 0:
        return f"undated (read {s['first_seen']})"
    if s["first_seen"] == s["last_seen"]:
        return f"{s['first_seen']}"
    return f"{s['first_seen']} … {s['last_seen']}"


def _trim(s: str | None, n: int) -> str:
    s = (s or "").replace("\n", " ")
    return s if len(s) <= n else s[: n - 1] + "…"


def render_report(data: dict[str, Any]) -> str:
    """The text report."""
    st = data["stats"]
    out = ["khabar report", "=" * 13, ""]
    out.append(f"Articles: {st['articles']}   sentences: {st['sentences']}   "
               f"sightings (incl. duplicates): {st['sightings']}")
    out.append("Languages: " + ", ".join(f"{k} {v}" for k, v in st["languages"].items()))
    out.append("Outlets:   " + ", ".join(f"{k} {v}" for k, v in list(st["outlets"].items())[:12]))
    last = data.get("last_run")
    if last and last.get("counts"):
        c = last["counts"]
        rej = ", ".join(f"{k} {v}" for k, v in c.get("rejected", {}).items()) or "none"
        out.append(f"Last run:  ingested {c['ingested']}, duplicates {c['duplicates']}, "
                   f"rejected {sum(c.get('rejected', {}).values())} ({rej}), failed {c['failed']}")
    stories = data.get("stories") or []
    if stories:
        out += ["", f"Stories: {len(stories)}", "=" * 10]
        for s in stories:
            out.append(f"{s['id'][:11]}  {_trim(s['title'], _WIDTH - 13)}")
            out.append(" " * 12 + f"{len(s['articles'])} articles, {s['independent_sources']} independent "
                       f"sources · {', '.join(s['languages'])} · {story_dates(s)}")
            if s["outlets"]:
                out.append(" " * 12 + "outlets: " + _trim(", ".join(s["outlets"]), _WIDTH - 21))
            if s["related"]:
                out.append(" " * 12 + "related: " + ", ".join(r[:11] for r in s["related"]))
            if s.get("actors"):
                out.append(" " * 12 + "actors: " + _trim(", ".join(
                    f"{a['name']} ({a['articles']})" for a in s["actors"]), _WIDTH - 20))
            for n, c in enumerate((s.get("summary") or {}).get("sentences", []), 1):
                out.append(" " * 12 + f"[{n}] " + _trim(c["text"], _WIDTH - 30)
                           + f"  ({c['outlet'] or '?'}, {c['article'][:8]}#{c['sentence']})")
            timeline = _timeline(s)
            if timeline:
                out.append(" " * 12 + "timeline:")
                out += [" " * 14 + _trim(line, _WIDTH - 14) for line in timeline]
            if s.get("quotes"):
                out.append(" " * 12 + "key quotes:")
                for q in s["quotes"]:
                    who = q["speaker_name"] or q["speaker_text"] or "?"
                    out.append(" " * 14 + _trim(f"{who} ({q['cue']}): “{q['text']}”", _WIDTH - 30)
                               + f"  [{q['article'][:8]}]")
    actors = data.get("actors") or []
    if actors:
        es = data["entities"]
        out += ["", f"Actors: {es['actors']} ({es['mentions']} mentions, {es['linked']} linked to an "
                    f"actor, {es['linked_to_kb']} to the knowledge base; {es['auto_actors']} new actors)",
                "=" * 7]
        for a in actors:
            out.append(f"{a['type']:3}  {_trim(a['name'], 32):32}  {a['articles']:3} articles  "
                       + _trim(" | ".join(a["names"][:5]), _WIDTH - 55))
    ev = data.get("events") or {}
    if ev.get("events") or ev.get("quotes"):
        out += ["", f"Events: {ev['events']} fused from {ev['event_mentions']} reports; quotes: "
                    f"{ev['quotes']} ({ev['quotes_attributed']} with a resolved speaker)", "=" * 7]
        out.append("By type: " + ", ".join(f"{k} {v}" for k, v in ev["by_type"].items()))
    if stories or actors:
        out += ["", "Articles", "=" * 8]
    by_lang: dict[str, list] = {}
    for a in data["articles"]:
        by_lang.setdefault(a["language"] or "?", []).append(a)
    for lang, rows in sorted(by_lang.items(), key=lambda kv: -len(kv[1])):
        out += ["", f"[{lang}] {len(rows)} articles", "-" * 20]
        for a in rows:
            meta = " · ".join(x for x in (a["published"] and a["published"][:10], a["outlet"],
                                          a["place"], a["agency"]) if x)
            out.append(f"{a['id'][:10]}  {_trim(a['title'], _WIDTH - 14)}")
            if meta:
                out.append(textwrap.indent(meta, " " * 12))
    return "\n".join(out) + "\n"
