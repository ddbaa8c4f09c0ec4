"""The pipeline: named stages applied in order to one :class:`Article`.

Each stage is a callable ``article -> article`` with a ``name``, the fields it
``needs`` and the fields it ``sets``.  :class:`Pipeline` checks the order once,
when it is built, and names the failing stage in any error.

Foundation stages, in order::

    clean      text                      -> title, body_spans, dateline
    sentences  body_spans                -> sentences (and a lead title)
    langid     sentences                 -> language (+ per-sentence language)
    published  dateline                  -> published, published_source
    normalize  language, sentences       -> search_keys
"""

from __future__ import annotations

import logging
from typing import Callable, Iterable

from . import normalize, sentences
from .article import Article
from .clean import Cleaner, OutletLines
from .config import Settings
from .dates import parse_metadata_date
from .errors import PipelineError

log = logging.getLogger(__name__)

__all__ = ["Pipeline", "build_pipeline", "stage"]

# Fields a RawDocument provides before any stage runs.
INITIAL_FIELDS = {"text", "source", "outlet", "url", "raw_published", "format"}
# Titles taken from a lead sentence are cut at this many characters (on a word boundary).
LEAD_TITLE_MAX_CHARS = 240


def stage(name: str, needs: Iterable[str] = (), sets: Iterable[str] = ()):
    """Declare a function ``article -> article`` as a named stage."""
    def wrap(fn: Callable[[Article], Article]):
        fn.name, fn.needs, fn.sets = name, tuple(needs), tuple(sets)
        return fn
    return wrap


class Pipeline:
    """An ordered list of stages, validated once."""

    def __init__(self, stages: list):
        have = set(INITIAL_FIELDS)
        for st in stages:
            missing = [f for f in st.needs if f not in have]
            if missing:
                raise PipelineError(f"stage {st.name!r} needs {', '.join(missing)}, which no earlier "
                                    f"stage sets", stage=st.name)
            have.update(st.sets)
        self.stages = stages

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, article: Article) -> Article:
        for st in self.stages:
            try:
                article = st(article)
            except PipelineError:
                raise
            except Exception as exc:
                raise PipelineError(f"stage {st.name} failed: {type(exc).__name__}: {exc}",
                                    stage=st.name, article_id=article.id) from exc
            article.stages.append(st.name)
        return article


@stage("sentences", needs=("body_spans",), sets=("sentences",))
def split_sentences(art: Article) -> Article:
    from .article import Sentence

    art.sentences = [Sentence(s, e) for bs, be in art.body_spans
                     for s, e in sentences.split(art.text, bs, be)]
    if not art.title and art.sentences:
        # No headline (wire copy opening with a dateline): the lead sentence is the title.
        s = art.sentences[0]
        title = art.text[s.start:s.end].rstrip(" .۔")
        if len(title) > LEAD_TITLE_MAX_CHARS:
            title = title[:LEAD_TITLE_MAX_CHARS].rsplit(" ", 1)[0] + "…"
        art.title, art.title_span = title, (s.start, s.start + min(len(title), s.end - s.start))
    return art


@stage("published", needs=("dateline",), sets=("published",))
def resolve_published(art: Article) -> Article:
    """Publication date: metadata first, then the dateline."""
    iso = parse_metadata_date(art.raw_published)
    if iso:
        art.published, art.published_source = iso, f"metadata:{art.raw_published_field or 'date'}"
    elif art.dateline and art.dateline.date:
        art.published, art.published_source = art.dateline.date, "dateline"
    return art


@stage("normalize", needs=("language", "sentences"), sets=("search_keys",))
def normalize_keys(art: Article) -> Article:
    art.search_keys = {"title": normalize.key(art.title or "", art.language),
                       "body": normalize.key(art.clean_text, art.language)}
    return art


def build_pipeline(settings: Settings, outlet_lines: OutletLines | None = None) -> Pipeline:
    """The foundation pipeline for ``settings``."""
    from .langid import get_identifier

    return Pipeline([Cleaner(outlet_lines), split_sentences,
                     get_identifier(tuple(settings.languages)), resolve_published, normalize_keys])
