"""The ``khabar`` command: a thin shell over importable functions.

Exit codes: 0 success (a batch where every item was ingested, a duplicate or
rejected with a reason), 1 failure (one ``Error: …`` line on stderr), 2 bad usage.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys

import click

from .config import SETTINGS, load_settings
from .errors import KhabarError

_HELP = {s.name: s.help for s in SETTINGS}


def _db_option(f):
    return click.option("--db", envvar="KHABAR_DB", default="khabar.db", show_default=True,
                        help=_HELP["db"])(f)


def _filters(f):
    f = click.option("--language", help="Only articles in this language (ISO 639-1).")(f)
    f = click.option("--outlet", help="Only articles from this outlet.")(f)
    f = click.option("--since", help="Only articles published on or after this date (YYYY-MM-DD).")(f)
    f = click.option("--until", help="Only articles published on or before this date (YYYY-MM-DD).")(f)
    f = click.option("--limit", type=click.IntRange(min=0), help="At most this many rows.")(f)
    return f


def _flt(language, outlet, since, until, limit):
    from .store import ArticleFilter

    return ArticleFilter(language=language, outlet=outlet, since=since, until=until, limit=limit)


def _open(db, readonly=True):
    from .store import open_store

    return open_store(db, readonly=readonly)


def _dump(obj) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


class _Group(click.Group):
    """Turns KhabarError into one ``Error:`` line and exit code 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KhabarError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(1)


@click.group(cls=_Group)
@click.option("-v", "--verbose", count=True, help="More logging (-v info, -vv debug).")
@click.version_option(package_name="khabar")
def main(verbose: int) -> None:
    """khabar: multilingual news intelligence."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@_db_option
@click.option("--languages", help=_HELP["languages"])
@click.option("--max-bytes", type=int, help=_HELP["max_bytes"])
@click.option("--timeout", type=float, help=_HELP["timeout"])
@click.option("--allow-private-urls", is_flag=True, default=None, help=_HELP["allow_private_urls"])
@click.option("--batch-size", type=click.IntRange(min=1), help=_HELP["batch_size"])
@click.option("--ner", type=click.Choice(["crf", "e5"]), help=_HELP["ner"])
@click.option("--field", "fields", multiple=True, metavar="KHABAR=SOURCE",
              help="Field mapping for JSON/CSV inputs, e.g. --field text=body --field published=date.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr (default: when stderr is a terminal).")
@click.option("--entities/--no-entities", default=True, show_default=True,
              help="Recognize and resolve actors in new articles after reading them.")
@click.option("--stories/--no-stories", default=True, show_default=True,
              help="Group new articles into stories after reading them.")
@click.option("--events/--no-events", default=None,
              help="Extract events and quotes and fuse them per story (default: with --entities).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default=None,
              help="Where the per-article work runs: here (local, default) or on a Dask cluster "
                   "(extra [dask]; default with --scheduler). The result is the same.")
@click.option("--workers", "dask_workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Worker processes of the local Dask cluster (--engine dask).")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="Use the Dask cluster whose scheduler listens here instead of a local one; its "
                   "workers need khabar installed.")
def ingest(inputs, db, languages, max_bytes, timeout, allow_private_urls, batch_size, ner, fields,
           as_json, progress, entities, stories, events, engine, dask_workers, scheduler):
    """Read files, directories, URLs or URL lists into the store."""
    from . import readers
    from .ingest import ingest as run_ingest

    field_map = {}
    for f in fields:
        if "=" not in f:
            raise click.BadParameter(f"{f!r}: expected KHABAR=SOURCE, e.g. text=body",
                                     param_hint="--field")
        k, v = f.split("=", 1)
        field_map[k.strip()] = v.strip()
    settings = load_settings(db=db, languages=languages, max_bytes=max_bytes, timeout=timeout,
                             allow_private_urls=allow_private_urls, batch_size=batch_size,
                             ner=ner, field_map=field_map or None)
    if engine == "local" and scheduler:
        raise click.BadParameter("--scheduler needs --engine dask", param_hint="--scheduler")
    prog = readers.Progress()
    bar = _progress_bar(prog, progress)
    with _open(db, readonly=False) as store, _engine(engine or ("dask" if scheduler else "local"),
                                                     dask_workers, scheduler) as dask:
        summary = run_ingest(inputs, store, settings, progress=prog,
                             on_item=(lambda s: _tick(bar, prog, s)) if bar is not None else None,
                             engine=dask)
        if bar is not None:
            _tick(bar, prog, summary)
            bar.close()
        actor_summary = _after_ingest("actors", store, settings, dask) if entities else None
        story_summary = _after_ingest("stories", store, settings, dask) if stories else None
        if events is None:
            events = entities
        event_summary = _after_ingest("events", store, settings, dask) if events else None
        engine_info = dask.info() if dask is not None else None
    out = summary.as_dict()
    if engine_info:
        out["engine"] = engine_info
    if actor_summary is not None:
        out["actors"] = actor_summary.as_dict()
    if story_summary is not None:
        out["stories"] = story_summary.as_dict()
    if event_summary is not None:
        out["events"] = event_summary.as_dict()
    if as_json:
        _dump(out)
    else:
        _print_summary(summary)
        if actor_summary is not None:
            a = actor_summary
            click.echo(f"actors: {a.mentions} mentions in {a.articles} articles, {a.linked} linked "
                       f"to actors ({a.new_actors} new actors) in {a.elapsed:.1f}s")
        if story_summary is not None:
            st = story_summary
            click.echo(f"stories: {st.assigned} articles assigned ({st.new_stories} new stories, "
                       f"{st.joined} joined by similarity, {st.copies} copies) in {st.elapsed:.1f}s")
        if event_summary is not None:
            ev = event_summary
            click.echo(f"events: {ev.events} events from {ev.event_mentions} reports, {ev.quotes} "
                       f"quotes ({ev.quotes_attributed} attributed) in {ev.elapsed:.1f}s")
    if not summary.ok:
        click.echo(f"Error: {summary.failed} item(s) failed unexpectedly (see above)", err=True)
        sys.exit(1)


@contextlib.contextmanager
def _engine(name: str, workers: int, scheduler: str | None):
    """The Dask engine for ``--engine dask`` (closed after the run), else None."""
    if name != "dask":
        yield None
        return
    from .distributed import DaskEngine

    with DaskEngine(workers=workers, scheduler=scheduler) as engine:
        yield engine


def _after_ingest(step: str, store, settings, engine=None):
    """Run the corpus step ``step`` ("actors", "stories", "events"), its
    per-article work on ``engine`` if given; a missing optional extra skips it
    with a warning."""
    import importlib

    from .errors import MissingExtra

    try:
        module = importlib.import_module(f".{step}", __package__)
        options = engine.step_options(step, store, settings) if engine is not None else {}
        return getattr(module, f"update_{step}")(store, settings, **options)
    except MissingExtra as exc:
        click.echo(f"warning: {step} skipped: {exc}", err=True)
        return None


def _progress_bar(prog, wanted):
    if wanted is None:
        wanted = sys.stderr.isatty()
    if not wanted:
        return None
    from tqdm import tqdm

    return tqdm(total=None, unit="B", unit_scale=True, file=sys.stderr, dynamic_ncols=True,
                desc="ingest", mininterval=0.5)


def _tick(bar, prog, summary) -> None:
    if prog.bytes_total and bar.total != prog.bytes_total:
        bar.total = prog.bytes_total
    bar.n = prog.bytes_done
    elapsed = bar.format_dict.get("elapsed") or 0
    rate = summary.ingested / elapsed if elapsed else 0
    bar.set_postfix_str(f"{summary.ingested} articles, {rate:.0f}/s, {summary.duplicates} dup", refresh=False)
    if summary.seen % 50 == 0:
        bar.refresh()


def _print_summary(s) -> None:
    rejected = sum(s.rejected.values())
    click.echo(f"ingested {s.ingested}, duplicates {s.duplicates}, rejected {rejected}, "
               f"failed {s.failed} in {s.elapsed:.1f}s"
               + (f" ({s.ingested / s.elapsed:.0f} articles/s)" if s.elapsed and s.ingested else ""))
    for reason, n in s.rejected.most_common():
        click.echo(f"  rejected {n} × {reason}")
        for ex in s.examples.get(reason, [])[:3]:
            click.echo(f"    {ex}")
    for f in s.failures[:10]:
        click.echo(f"  FAILED {f['source']}: {f['error']}", err=True)


@main.command()
@_db_option
@_filters
@click.option("--json", "as_json", is_flag=True, help="One JSON array of all matching rows.")
def articles(db, language, outlet, since, until, limit, as_json):
    """List stored articles."""
    with _open(db) as store:
        rows = store.list_articles(_flt(language, outlet, since, until, limit))
    if as_json:
        _dump(rows)
        return
    for r in rows:
        click.echo(f"{r['id']}  {r['language'] or '?':2}  {(r['published'] or '')[:10]:10}  "
                   f"{(r['outlet'] or '-')[:18]:18}  {(r['title'] or '')[:80]}")


@main.group()
def show():
    """Show one object in full."""


@show.command("article")
@click.argument("article_id")
@_db_option
@click.option("--json", "as_json", is_flag=True)
def show_article(article_id, db, as_json):
    """Show an article: metadata, dateline, sentences with offsets."""
    with _open(db) as store:
        a = store.get_article(article_id)
        sightings = store.sightings(a.id)
    data = {
        "id": a.id, "path": a.source, "url": a.url, "outlet": a.outlet, "title": a.title,
        "language": a.language, "language_confidence": a.language_confidence,
        "published": a.published, "published_source": a.published_source,
        "dateline": a.dateline.__dict__ if a.dateline else None, "author": a.author,
        "sightings": [s.__dict__ for s in sightings],
        "removed": [{"start": s, "end": e, "rule": r, "text": a.text[s:e]} for s, e, r in a.removed],
        "sentences": [{"index": i, "start": s.start, "end": s.end, "language": s.language,
                       "text": a.text[s.start:s.end]} for i, s in enumerate(a.sentences)],
    }
    if as_json:
        _dump(data)
        return
    click.echo(f"{a.title}\n{'-' * min(80, len(a.title or '') or 10)}")
    for k in ("id", "path", "outlet", "language", "published", "published_source"):
        click.echo(f"{k:17} {data[k]}")
    if a.dateline:
        d = a.dateline
        click.echo(f"{'dateline':17} {a.text[d.start:d.end].strip()}  → place={d.place or d.place_raw}, "
                   f"date={d.date}, agency={d.agency}")
    if len(sightings) > 1:
        click.echo(f"{'also seen at':17} " + ", ".join(s.source for s in sightings[1:]))
    for r in data["removed"]:
        click.echo(f"{'removed':17} [{r['rule']}] {r['text'][:70]}")
    click.echo("")
    for s in data["sentences"]:
        click.echo(f"[{s['index']}] {s['start']}-{s['end']} {s['text']}")


@main.command()
@_db_option
@click.option("--limit", type=click.IntRange(min=0), help="At most this many stories.")
@click.option("--json", "as_json", is_flag=True, help="One JSON array of all stories.")
def stories(db, limit, as_json):
    """List stories: articles about the same happening, across languages and outlets."""
    with _open(db) as store:
        rows = store.list_stories(limit=limit)
    for r in rows:
        r.pop("title_locked", None)
    if as_json:
        _dump(rows)
        return
    for r in rows:
        click.echo(f"{r['id'][:11]}  {r['article_count']:3} art  {r['independent_sources']:3} src  "
                   f"{','.join(r['languages']):11}  {r['first_seen'] or '':10}  {(r['title'] or '')[:70]}")


@show.command("story")
@click.argument("story_id")
@_db_option
@click.option("--json", "as_json", is_flag=True)
def show_story(story_id, db, as_json):
    """Show a story: its cited summary, articles and related stories."""
    from .config import load_settings as _ls
    from .report import story_dates
    from .summarize import summarize

    with _open(db) as store:
        st = store.get_story(story_id)
        summary = summarize(store, st["id"], language=_ls().user_language)
        st["summary"] = summary
    if as_json:
        _dump(st)
        return
    click.echo(f"{st['title']}\n{'=' * min(80, len(st['title'] or '') or 10)}")
    click.echo(f"{st['id']} · {st['article_count']} articles · {st['independent_sources']} independent "
               f"sources · {', '.join(st['languages'])} · {story_dates(st)}\n")
    for n, s in enumerate(summary["sentences"], 1):
        click.echo(f"{s['text']} [{n}]")
    click.echo("")
    for n, s in enumerate(summary["sentences"], 1):
        click.echo(f"[{n}] article {s['article']}, sentence {s['sentence']} "
                   f"(chars {s['start']}-{s['end']}), {s['outlet'] or '?'}, {s['language']}")
    click.echo("\nArticles:")
    for m in st["members"]:
        copy = f"  (copy of {m['copy_of'][:10]})" if m["copy_of"] else ""
        click.echo(f"  {m['id']}  {m['language'] or '?'}  {(m['outlet'] or '-')[:18]:18}  "
                   f"{(m['title'] or '')[:60]}{copy}")
    if st["related"]:
        click.echo("Related: " + ", ".join(st["related"]))


@main.command()
@_db_option
@click.option("--type", "type_", type=click.Choice(["PER", "ORG", "LOC", "MISC"], case_sensitive=False),
              help="Only actors of this type.")
@click.option("--limit", type=click.IntRange(min=0), help="At most this many actors.")
@click.option("--json", "as_json", is_flag=True, help="One JSON array of all actors.")
def entities(db, type_, limit, as_json):
    """List actors: one per real-world person, organization or place, with every spelling seen."""
    with _open(db) as store:
        rows = store.list_actors(type=type_, limit=limit)
    if as_json:
        _dump(rows)
        return
    for r in rows:
        names = " | ".join(r["names"][:6])
        click.echo(f"{r['id'][:28]:28}  {r['type']:3}  {r['articles']:4} art  {r['name'][:30]:30}  {names}")


@show.command("entity")
@click.argument("actor_id")
@_db_option
@click.option("--json", "as_json", is_flag=True)
def show_entity(actor_id, db, as_json):
    """Show an actor: spellings by script, mentions over time, co-occurring actors, stories."""
    with _open(db) as store:
        a = store.get_actor(actor_id)
    if as_json:
        _dump(a)
        return
    qid = f" · Wikidata {a['qid']}" if a["qid"] else ""
    click.echo(f"{a['name']}\n{'=' * min(80, len(a['name']))}")
    click.echo(f"{a['id']} · {a['type']}{' · ' + a['kind'] if a['kind'] else ''}"
               f"{' · ' + a['country'] if a['country'] else ''}{qid} · {a['articles']} articles\n")
    click.echo("Spellings:")
    for sp in a["spellings"]:
        click.echo(f"  {sp['script']:8} {sp['name']}  ({sp['mentions']} mentions, {sp['method']}, "
                   f"confidence {sp['confidence']:.2f})")
    click.echo("Mentions over time:")
    for t in a["timeline"]:
        click.echo(f"  {t['date'] or '?':10}  {t['mentions']:4} mentions in {t['articles']} articles")
    if a["co_actors"]:
        click.echo("Often with: " + ", ".join(f"{c['name']} ({c['articles']})" for c in a["co_actors"][:10]))
    if a["stories"]:
        click.echo("Stories:")
        for st in a["stories"]:
            click.echo(f"  {st['id'][:11]}  {st['articles']:3} art  {(st['title'] or '')[:70]}")


@main.group()
def story():
    """Analyst edits of stories (recorded in the audit log; later runs respect them)."""


@story.command("merge")
@click.argument("target")
@click.argument("sources", nargs=-1, required=True)
@_db_option
def story_merge(target, sources, db):
    """Merge SOURCES into TARGET."""
    with _open(db, readonly=False) as store:
        click.echo(store.merge_stories(target, list(sources)))


@story.command("split")
@click.argument("story_id")
@click.argument("article_ids", nargs=-1, required=True)
@_db_option
def story_split(story_id, article_ids, db):
    """Move ARTICLE_IDS out of STORY_ID into a new story; prints its id."""
    with _open(db, readonly=False) as store:
        click.echo(store.split_story(story_id, list(article_ids)))


@story.command("move")
@click.argument("article_id")
@click.argument("story_id")
@_db_option
def story_move(article_id, story_id, db):
    """Move one article to another story."""
    with _open(db, readonly=False) as store:
        store.move_article(article_id, story_id)


@story.command("rename")
@click.argument("story_id")
@click.argument("title")
@_db_option
def story_rename(story_id, title, db):
    """Give a story a title of your own (kept by later runs)."""
    with _open(db, readonly=False) as store:
        store.rename_story(story_id, title)


@story.command("log")
@_db_option
def story_log(db):
    """The audit log of analyst edits, as JSON lines."""
    with _open(db) as store:
        for row in store.story_audit():
            click.echo(json.dumps(row, ensure_ascii=False))


@main.group("eval")
def eval_():
    """Quality evaluations on labelled data (each has a pinned floor in the tests)."""


@eval_.command("similarity")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--limit", type=int, help="Only the first N pairs.")
@click.option("--baseline", is_flag=True,
              help="Also score the baseline (cosine of the first 1,200 characters; slower).")
def eval_similarity(path, limit, baseline):
    """Pearson of khabar's story similarity with SemEval-2022 Task 8 ratings.

    On the training file itself the output says in_sample: true; the honest
    figure is then model.cv_pearson (grouped cross-validation)."""
    from .evaluation.similarity import run

    click.echo(json.dumps(run(path, limit=limit, baseline=baseline), ensure_ascii=False))


@eval_.command("dedup")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--limit", type=int, help="Only the first N articles.")
@click.option("--sample-out", type=click.Path(dir_okay=False), help="Write near-duplicate pairs to inspect.")
def eval_dedup(path, limit, sample_out):
    """Exact and near-duplicate groups found in a JSONL news file (SaudiNewsNet format)."""
    from .evaluation.dedup import run

    click.echo(json.dumps(run(path, limit=limit, sample_out=sample_out), ensure_ascii=False))


@eval_.command("ner")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--lang", required=True, type=click.Choice(["ar", "fa", "en", "ru"]),
              help="Language of the file (selects the model).")
@click.option("--ner", "mode", type=click.Choice(["crf", "e5"]),
              help=_HELP["ner"] + " Default: the ner setting (KHABAR_NER), else crf.")
def eval_ner(path, lang, mode):
    """Entity-level precision/recall/F1 on a `token TAG` (IOB) file."""
    from .evaluation.ner import run

    report, result = run(path, lang, mode or load_settings().ner)
    click.echo(report)
    click.echo(json.dumps(result, ensure_ascii=False))


@eval_.command("names")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def eval_names(path):
    """Cross-script name matching: rank every Latin name for each Arabic name (TSV latin, arabic, count)."""
    from .evaluation.names import run

    report, result = run(path)
    click.echo(report)
    click.echo(json.dumps(result, ensure_ascii=False))


@main.command()
@click.argument("query")
@_db_option
@_filters
@click.option("--json", "as_json", is_flag=True)
def search(query, db, language, outlet, since, until, limit, as_json):
    """Full-text search; Arabic/Persian queries also find orthographic variants."""
    with _open(db) as store:
        rows = store.search(query, _flt(language, outlet, since, until, limit or 20))
    if as_json:
        _dump(rows)
        return
    if not rows:
        click.echo("no match")
    for r in rows:
        click.echo(f"{r['id']}  {r['language'] or '?'}  {(r['title'] or '')[:90]}")
        if r.get("match"):
            click.echo(f"    [{r['match']['sentence']}] {r['match']['text'][:150]}")


@main.command()
@_db_option
@_filters
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), default="jsonl",
              show_default=True)
@click.option("-o", "--output", help="Output file (default: standard output; required for parquet).")
def export(db, language, outlet, since, until, limit, fmt, output):
    """Export articles as JSON lines, CSV or Parquet."""
    from .export import export as run_export

    flt = _flt(language, outlet, since, until, limit)
    with _open(db) as store:
        if fmt == "parquet":
            n = run_export(store, fmt, output, flt)
        elif output:
            with open(output, "w", encoding="utf-8", newline="") as fh:
                n = run_export(store, fmt, fh, flt)
        else:
            n = run_export(store, fmt, sys.stdout, flt)
    click.echo(f"exported {n} articles", err=True)


@main.command()
@_db_option
@click.option("--json", "as_json", is_flag=True)
def report(db, as_json):
    """A readable report of what the store holds."""
    from .report import build_report, render_report

    with _open(db) as store:
        data = build_report(store, language=load_settings().user_language)
    if as_json:
        _dump(data)
    else:
        click.echo(render_report(data), nl=False)


@main.command()
@_db_option
@click.option("--repair", is_flag=True,
              help="Delete dangling rows, rebuild the search index and recompute missing or "
                   "out-of-date derived data (actors, stories, events) from the stored articles.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def doctor(db, repair, as_json):
    """Check the store: integrity, dangling references, search index, derived data.

    Exit code 0 when the store is healthy (after --repair: when the repair
    left no problem), 1 when problems were found."""
    from .doctor import diagnose, repair as run_repair

    settings = load_settings(db=db)
    with _open(db, readonly=not repair) as store:
        rep = run_repair(store, settings) if repair else diagnose(store, settings)
    if as_json:
        _dump(rep.as_dict())
    else:
        for line in rep.repaired:
            click.echo(f"repaired: {line}")
        for note in rep.notes:
            click.echo(f"note: {note}")
        for p in rep.problems:
            click.echo(f"problem: [{p.check}] {p.message}")
        if rep.problems:
            fixable = any(p.repairable for p in rep.problems)
            click.echo(f"{len(rep.problems)} problem(s) found"
                       + ("; `khabar doctor --repair` fixes the repairable ones"
                          if fixable and not repair else ""))
        else:
            click.echo("store ok")
    if rep.problems:
        sys.exit(1)


@main.command("copy")
@click.argument("source")
@click.argument("destination")
@click.option("--json", "as_json", is_flag=True, help="Print the rows copied per table as JSON.")
def copy_cmd(source, destination, as_json):
    """Copy the whole store SOURCE into DESTINATION, a new (empty) store.

    Either may be a SQLite file or a postgresql:// URL: move a laptop's store
    to a server, or take a server's store along.  Everything is copied as it
    is (stories, actors, events, quotes, embeddings); nothing is recomputed.
    The destination commits all or nothing."""
    from .store.transfer import copy_store

    def progress(table, n):
        if not as_json:
            click.echo(f"{table}: {n} rows", err=True)

    with _open(source) as src, _open(destination, readonly=False) as dst:
        counts = copy_store(src, dst, progress=progress)
    if as_json:
        _dump(counts)
    else:
        click.echo(f"copied {sum(counts.values())} rows in {len(counts)} tables "
                   f"({counts.get('articles', 0)} articles)")


# Commands that live in their own modules register themselves on `main`.
from . import cli_events  # noqa: E402,F401
from . import cli_watch  # noqa: E402,F401
from . import cli_server  # noqa: E402,F401

if __name__ == "__main__":  # pragma: no cover
    main()
