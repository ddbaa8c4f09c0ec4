"""khabar's exception tree.

::

    KhabarError                 base of everything khabar raises on purpose
    ├── ConfigError             a bad option or setting (lists valid values)
    ├── InputError              an input cannot be read or is not a news article
    │   └── FetchError          a URL could not be fetched (timeout, status, size, private address)
    ├── PipelineError           a stage failed, or stages were assembled in an invalid order
    ├── StoreError              the database cannot be opened, migrated or written
    │   └── NotFound            no such article / story / entity
    ├── MissingExtra            an optional dependency ("extra") is not installed
    └── EngineError             the Dask cluster cannot be reached, or a task kept failing

Each error carries the context it is about (``path``, ``url``, ``article_id``) so
that a batch summary can say which item failed and why.
"""

from __future__ import annotations


class KhabarError(Exception):
    """Base class of every error khabar raises on purpose."""

    def __init__(self, message: str, *, path: str | None = None, url: str | None = None,
                 article_id: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.url = url
        self.article_id = article_id

    def __str__(self) -> str:
        where = self.path or self.url or self.article_id
        return f"{self.message} ({where})" if where else self.message


class ConfigError(KhabarError):
    """A bad option or setting."""


class InputError(KhabarError):
    """An input cannot be read, or is not a news article.

    ``reason`` is a short, stable keyword (``binary``, ``empty``, ``too-large``,
    ``undecodable``, ``malformed-json``, ``unsafe-xml`` …) used to count
    rejections in the run summary.
    """

    def __init__(self, message: str, *, reason: str = "unreadable", **kw):
        super().__init__(message, **kw)
        self.reason = reason


class FetchError(InputError):
    """A URL could not be fetched."""


class PipelineError(KhabarError):
    """A pipeline stage failed or the pipeline was assembled wrongly."""

    def __init__(self, message: str, *, stage: str | None = None, **kw):
        super().__init__(message, **kw)
        self.stage = stage


class StoreError(KhabarError):
    """The store cannot be opened, migrated or written."""


class NotFound(StoreError):
    """No such object in the store."""


class MissingExtra(KhabarError):
    """An optional dependency is missing; the message names the extra to install."""

    def __init__(self, module: str, extra: str):
        super().__init__(f"{module} is not installed: pip install 'khabar[{extra}]'")
        self.module = module
        self.extra = extra


def require(module: str, extra: str):
    """Import ``module`` or raise :class:`MissingExtra` naming ``extra``."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingExtra(module, extra) from exc


class EngineError(KhabarError):
    """The distributed engine failed: no scheduler at the address given, or a
    task that failed on every worker it was tried on."""
