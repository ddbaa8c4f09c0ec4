"""CLI commands for feed monitoring (registered on :data:`khabar.cli.main`):
``khabar watch FEEDS.txt`` and ``khabar alerts``.

``watch`` writes alerts, one JSON object a line, on standard output (so that
it can be piped into another program) and everything else — one line per
feed polled, the corpus steps' summaries, errors — on standard error.
"""

from __future__ import annotations

import json
import signal
import threading
from contextlib import contextmanager
from urllib.parse import urlsplit

import click

from .cli import _HELP, _after_ingest, _db_option, _dump, _open, main
from .config import load_settings
from .watch import WATCH_SETTINGS

_WHELP = {s.name: s.help for s in WATCH_SETTINGS}
_WDEF = {s.name: s.default for s in WATCH_SETTINGS}


@main.command()
@click.argument("feeds", type=click.Path(exists=True, dir_okay=False))
@_db_option
@click.option("--interval", type=click.FloatRange(min=1), default=_WDEF["interval"],
              show_default=True, help=_WHELP["interval"])
@click.option("--once", is_flag=True,
              help="Poll each feed once (except feeds backing off after failures) and exit; "
                   "for cron and tests. Exits 1 when a feed failed.")
@click.option("--webhook", metavar="URL",
              help="POST each alert as JSON to this URL (checked like feed URLs; "
                   "failed deliveries are retried, then recorded).")
@click.option("--watchlist", type=click.Path(exists=True, dir_okay=False),
              help="Watchlist (JSON, or text: one entry a line, e.g. "
                   "'actor=loc:KZ; event_type=PROTEST'); see `khabar.alerts`.")
@click.option("--host-delay", type=click.FloatRange(min=0), default=_WDEF["host_delay"],
              show_default=True, help=_WHELP["host_delay"])
@click.option("--max-backoff", type=click.FloatRange(min=1), default=_WDEF["max_backoff"],
              show_default=True, help=_WHELP["max_backoff"])
@click.option("--languages", help=_HELP["languages"])
@click.option("--max-bytes", type=int, help=_HELP["max_bytes"])
@click.option("--timeout", type=float, help=_HELP["timeout"])
@click.option("--allow-private-urls", is_flag=True, default=None,
              help=_HELP["allow_private_urls"] + " Applies to feeds, their redirects and the webhook.")
@click.option("--entities/--no-entities", default=True, show_default=True,
              help="Recognize and resolve actors in new articles.")
@click.option("--stories/--no-stories", default=True, show_default=True,
              help="Group new articles into stories.")
@click.option("--events/--no-events", default=None,
              help="Extract events and quotes (default: with --entities).")
def watch(feeds, db, interval, once, webhook, watchlist, host_delay, max_backoff, languages,
          max_bytes, timeout, allow_private_urls, entities, stories, events):
    """Poll the RSS/Atom feeds listed in FEEDS (one URL a line, # comments),
    ingest new items and raise alerts for watchlist matches.

    Feeds are fetched with conditional GET (ETag / Last-Modified), a failing
    feed backs off exponentially, and the state survives restarts (it is kept
    in the store). Ctrl-C or SIGTERM stops between feeds."""
    from .alerts import load_watchlist
    from .watch import Watcher, WatchOptions, read_feed_list

    urls = read_feed_list(feeds)
    if webhook and urlsplit(webhook).scheme.lower() not in ("http", "https"):
        raise click.BadParameter(f"{webhook!r} is not an http(s) URL", param_hint="--webhook")
    if events is None:
        events = entities
    steps = tuple(s for s, on in (("actors", entities), ("stories", stories), ("events", events)) if on)
    entries = load_watchlist(watchlist) if watchlist else []
    for e in entries:
        if "actors" in e.steps and not entities:
            raise click.UsageError(f"watchlist entry {e.name!r} matches actors: drop --no-entities")
        if "events" in e.steps and not events:
            raise click.UsageError(f"watchlist entry {e.name!r} matches events: drop --no-events")
    settings = load_settings(db=db, languages=languages, max_bytes=max_bytes, timeout=timeout,
                             allow_private_urls=allow_private_urls)
    options = WatchOptions(interval=interval, host_delay=host_delay, max_backoff=max_backoff,
                           steps=steps, watchlist=entries, webhook=webhook)
    stop = threading.Event()
    with _open(db, readonly=False) as store, _stop_on_signals(stop):
        watcher = Watcher(store, settings, urls, options, stop=stop, run_step=_step,
                          on_feed=_echo_feed, on_alert=_echo_alert)
        click.echo(f"watching {len(urls)} feeds every {interval:g}s"
                   + (f", {len(entries)} watchlist entries" if entries else ""), err=True)
        report = watcher.run(once=once)
    if report.stopped:
        click.echo("stopped", err=True)
    failed = report.failed
    for error in report.errors:
        click.echo(f"Error: {error}", err=True)
    if once and failed:
        hint = (" (feeds on this machine or local network need --allow-private-urls)"
                if any(f.reason == "private-address" for f in failed) else "")
        click.echo(f"Error: {len(failed)} of {len(report.feeds)} feeds failed{hint}", err=True)
    if once and (failed or report.errors):
        raise SystemExit(1)


def _step(step, store, settings):
    """One corpus step, as `khabar ingest` runs it, with its summary on stderr."""
    summary = _after_ingest(step, store, settings)
    if summary is not None:
        click.echo(f"{step}: {json.dumps(summary.as_dict(), ensure_ascii=False)}", err=True)
    return summary


def _echo_feed(rep) -> None:
    if rep.status == "error":
        backoff = f" (failure {rep.failures}, backing off)" if rep.failures else ""
        click.echo(f"error        {rep.url}: {rep.reason}: {rep.error}{backoff}", err=True)
    elif rep.status == "backing-off":
        click.echo(f"backing-off  {rep.url} (failure {rep.failures})", err=True)
    else:
        click.echo(f"{rep.status:12} {rep.url}: {rep.new_items} new items, {rep.ingested} ingested, "
                   f"{rep.duplicates} duplicates, {rep.rejected} rejected"
                   + (f" ({rep.reason}: {rep.error})" if rep.reason else ""), err=True)


def _echo_alert(message) -> None:
    click.echo(json.dumps(message, ensure_ascii=False))


@contextmanager
def _stop_on_signals(stop: threading.Event):
    """SIGINT and SIGTERM set ``stop`` (the watcher ends between feeds); a
    second Ctrl-C interrupts at once."""
    def handler(signum, frame):
        if stop.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        click.echo(f"{signal.Signals(signum).name}: stopping after the current feed", err=True)
        stop.set()

    if threading.current_thread() is not threading.main_thread():
        yield  # signals can only be caught in the main thread (e.g. CliRunner in a thread)
        return
    old = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


@main.command("alerts")
@_db_option
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True,
              help="At most this many alerts, newest first.")
@click.option("--json", "as_json", is_flag=True, help="One JSON array.")
def alerts(db, limit, as_json):
    """List alerts raised by `khabar watch`, newest first, with their webhook delivery."""
    from .alerts import alert_message

    with _open(db) as store:
        rows = store.list_alerts(limit=limit)
    recs = [{**alert_message(r), "delivery": r["delivery"], "attempts": r["attempts"],
             "delivery_error": r["delivery_error"], "delivered_at": r["delivered_at"]} for r in rows]
    if as_json:
        _dump(recs)
        return
    if not recs:
        click.echo("no alerts")
    for r in recs:
        title = (r["article"]["title"] or "").replace("\n", " ")
        click.echo(f"{r['id']:5}  {r['created_at'][:19]}  {r['delivery']:9}  {r['watch'][:28]:28}  "
                   f"{r['article']['id'][:10]}  {title[:60]}")
