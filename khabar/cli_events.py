"""CLI commands for events and quotes (registered on :data:`khabar.cli.main`).

Kept apart from ``cli.py`` to keep each file small; importing this module
adds ``khabar events``, ``khabar quotes``, ``khabar show event`` and
``khabar eval events|quotes``.
"""

from __future__ import annotations

import csv
import json
import sys

import click

from .cli import _db_option, _dump, _open, eval_, main, show

# Columns of the flat event table (CSV): one row per event, ready for pandas or R.
EVENT_COLUMNS = ("id", "type", "mode", "source", "source_name", "target", "target_name", "date",
                 "date_precision", "location", "location_name", "story", "n_sources", "negated",
                 "hypothetical", "articles", "disagreements")


def event_record(e: dict) -> dict:
    """The public shape of an event (CLI, export, HTTP API)."""
    return {"id": e["id"], "type": e["type"], "mode": e["mode"], "source": e["source"],
            "source_name": e["source_name"], "target": e["target"], "target_name": e["target_name"],
            "date": e["date"], "date_precision": e["date_precision"], "location": e["location"],
            "location_name": e["location_name"], "story": e["story_id"], "n_sources": e["n_sources"],
            "negated": e["negated"], "hypothetical": e["hypothetical"],
            "disagreements": e["disagreements"],
            "sources": [{"article": s["article"], "sentence": s["sentence"], "start": s["start"],
                         "end": s["end"], "trigger": s["trigger"], "outlet": s["outlet"],
                         "date": s["date"], "date_method": s["date_method"]} for s in e["sources"]]}


def _flat(rec: dict) -> dict:
    row = {k: rec.get(k) for k in EVENT_COLUMNS if k not in ("articles", "disagreements")}
    row["articles"] = ";".join(dict.fromkeys(s["article"] for s in rec["sources"]))
    row["disagreements"] = json.dumps(rec["disagreements"], ensure_ascii=False) if rec["disagreements"] else ""
    return row


def write_events(records: list[dict], fmt: str, out) -> None:
    if fmt == "json":
        out.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "jsonl":
        for r in records:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        w = csv.DictWriter(out, fieldnames=list(EVENT_COLUMNS))
        w.writeheader()
        for r in records:
            w.writerow(_flat(r))
    else:
        for r in records:
            who = " → ".join(x for x in (r["source_name"] or r["source"] or "?",
                                         r["target_name"] or r["target"]) if x)
            flags = "".join((" [negated]" if r["negated"] else "", " [hypothetical]" if r["hypothetical"] else ""))
            click.echo(f"{r['date'] or '?':10} {r['date_precision'] or '':5} {r['type']:9} "
                       f"{(r['mode'] or ''):11} {who}  ({r['n_sources']} sources){flags}  {r['id']}",
                       file=out)


@main.command()
@_db_option
@click.option("--story", help="Only events of this story (id or id prefix).")
@click.option("--type", "type_", help="Only events of this PLOVER type (e.g. CONSULT).")
@click.option("--actor", help="Only events where this actor id is source or target.")
@click.option("--limit", type=click.IntRange(min=0), help="At most this many events.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl", "csv"]), default="text",
              show_default=True, help="Output format; csv is the flat PLOVER-style event table.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file instead of standard output.")
def events(db, story, type_, actor, limit, fmt, output):
    """List fused events: who did what to whom, when and where, with their source sentences."""
    with _open(db) as store:
        rows = store.list_events(story=story, type=type_, actor=actor, limit=limit)
    records = [event_record(e) for e in rows]
    if output:
        with open(output, "w", encoding="utf-8", newline="") as f:
            write_events(records, fmt, f)
        click.echo(f"wrote {len(records)} events to {output}", err=True)
    else:
        write_events(records, fmt, sys.stdout)


@show.command("event")
@click.argument("event_id")
@_db_option
@click.option("--json", "as_json", is_flag=True)
def show_event(event_id, db, as_json):
    """Show an event with each source sentence."""
    with _open(db) as store:
        rec = event_record(store.get_event(event_id))
        texts = {}
        for s in rec["sources"]:
            if s["article"] not in texts:
                texts[s["article"]] = store.get_article(s["article"]).text
            s["text"] = texts[s["article"]][s["start"]:s["end"]]
    if as_json:
        _dump(rec)
        return
    write_events([rec], "text", sys.stdout)
    for name, values in rec["disagreements"].items():
        click.echo(f"  sources disagree on {name}: " + "; ".join(
            f"{v['value']} ({', '.join(a[:10] for a in v['articles'])})" for v in values))
    for s in rec["sources"]:
        click.echo(f"  [{s['article'][:10]} #{s['sentence']}] {(s['outlet'] or '-')[:16]:16} {s['text']}")


@main.command()
@_db_option
@click.option("--speaker", help="Only quotes of this actor id.")
@click.option("--story", help="Only quotes from articles of this story.")
@click.option("--limit", type=click.IntRange(min=0), help="At most this many quotes.")
@click.option("--json", "as_json", is_flag=True, help="One JSON array.")
def quotes(db, speaker, story, limit, as_json):
    """List quotes: who said what, with cue and the exact span in the article."""
    with _open(db) as store:
        rows = store.list_quotes(speaker=speaker, story=story, limit=limit)
    recs = [{"speaker": q["speaker"], "speaker_name": q["speaker_name"], "speaker_text": q["speaker_text"],
             "cue": q["cue"], "text": q["text"], "article": q["article"], "start": q["start"],
             "end": q["end"], "sentence": q["sentence"], "kind": q["kind"], "date": q["date"],
             "outlet": q["outlet"]} for q in rows]
    if as_json:
        _dump(recs)
        return
    for q in recs:
        who = q["speaker_name"] or q["speaker_text"] or "?"
        click.echo(f"{who[:28]:28} {q['cue'][:14]:14} {q['text'][:100]}  [{q['article'][:10]}]")


@eval_.command("events")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def eval_events(path):
    """Sentence-level detection of one PLOVER type on the Arabic PLOVER gold CSV."""
    from .evaluation.events import evaluate_events

    click.echo(json.dumps(evaluate_events(path), ensure_ascii=False))


@eval_.command("quotes")
@click.argument("path", type=click.Path(exists=True, file_okay=False))
def eval_quotes(path):
    """Source, cue and content F1 of quote attribution on PolNeAR (text/ + attributions/)."""
    from .evaluation.quotes import evaluate_quotes

    click.echo(json.dumps(evaluate_quotes(path), ensure_ascii=False))
