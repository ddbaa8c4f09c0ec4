"""``khabar serve``: the HTTP API (``/api/…``) and the web dashboard.

Optional extra ``[server]`` (FastAPI, uvicorn, Jinja2).  Modules:

* :mod:`.app`    the application object, store access, cache, security headers, errors
* :mod:`.views`  the data of every page (also its JSON twin and the API answers)
* :mod:`.api`    the JSON API; writes need a bearer token
* :mod:`.pages`  the HTML pages (Jinja2, autoescaped; ``templates/``, ``static/``)
* :mod:`.charts` inline SVG charts drawn on the server
"""

from __future__ import annotations

__all__ = ["create_app", "serve"]


def create_app(db: str, token: str | None = None, settings=None):
    """The ASGI application for store ``db`` (see :func:`khabar.server.app.create_app`)."""
    from .app import create_app as _create

    return _create(db, token=token, settings=settings)


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          settings=None, log_level: str = "info", on_start=None) -> None:
    """Run the server until interrupted; ``on_start()`` is called once the
    store is open, just before listening.

    Raises:
        MissingExtra: the ``[server]`` extra is not installed.
        StoreError: the store cannot be opened (NotFound: read-only and no store yet).
    """
    from ..errors import require

    uvicorn = require("uvicorn", "server")
    app = create_app(db, token=token, settings=settings)
    if on_start is not None:
        on_start()
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=False,
                server_header=False)
