"""``khabar serve`` (registered on :data:`khabar.cli.main`)."""

from __future__ import annotations

import click

from .cli import _db_option, main


@main.command()
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 exposes the server to the network).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on.")
@click.option("--token", envvar="KHABAR_TOKEN", metavar="TOKEN",
              help="Bearer token that allows POST /api/ingest and story edits "
                   "(env KHABAR_TOKEN); without one the server is read-only.")
@click.option("--allow-private-urls", is_flag=True, default=None,
              help="Let POST /api/ingest fetch URLs on loopback/private addresses (off by default).")
def serve(db, host, port, token, allow_private_urls):
    """Serve the web dashboard and the HTTP API (needs the [server] extra)."""
    from .config import load_settings
    from .server import serve as run

    settings = load_settings(db=db, allow_private_urls=allow_private_urls)
    mode = "ingest and edits need the token" if token else "read-only"
    run(db, host=host, port=port, token=token, settings=settings,
        on_start=lambda: click.echo(f"khabar: serving {db} on http://{host}:{port}/ ({mode})", err=True))
