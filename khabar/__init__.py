"""khabar: multilingual news intelligence.

The public API is what ``__all__`` lists; everything else is private.

    >>> from khabar import open_store, load_settings, ingest
    >>> settings = load_settings()
    >>> with open_store("khabar.db") as store:
    ...     summary = ingest(["corpus/sample"], store, settings)
"""

from .article import Article, Dateline, RawDocument, Rejection, Sentence, article_id
from .config import Settings, load_settings
from .errors import (ConfigError, FetchError, InputError, KhabarError, MissingExtra, NotFound,
                     PipelineError, StoreError)
from .store import ArticleFilter, Store, open_store

__version__ = "0.1.0"

__all__ = [
    "Article", "Dateline", "RawDocument", "Rejection", "Sentence", "article_id",
    "Settings", "load_settings", "open_store", "Store", "ArticleFilter",
    "ingest", "build_pipeline",
    "KhabarError", "ConfigError", "InputError", "FetchError", "PipelineError", "StoreError",
    "NotFound", "MissingExtra",
]


def __getattr__(name):  # lazy: importing khabar must not load lingua
    if name == "ingest":
        from .ingest import ingest
        return ingest
    if name == "build_pipeline":
        from .pipeline import build_pipeline
        return build_pipeline
    raise AttributeError(name)
