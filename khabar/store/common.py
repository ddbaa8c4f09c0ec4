"""Backend-neutral pieces of the stores: rows to articles, the best matching sentence."""

from __future__ import annotations

import json
from typing import Any, Iterable, Mapping

from .. import normalize
from ..article import Article, Dateline, Sentence


def article_from_row(r: Mapping[str, Any], sentences: Iterable[Sentence]) -> Article:
    """An :class:`Article` from an ``articles`` row and its sentences (in order)."""
    dl = Dateline(**json.loads(r["dateline_json"])) if r["dateline_json"] else None
    title_span = (r["title_start"], r["title_end"]) if r["title_start"] is not None else None
    return Article(
        id=r["id"], source=r["source"], text=r["text"], format=r["format"], url=r["url"],
        outlet=r["outlet"], author=r["author"], title=r["title"], title_span=title_span,
        body_spans=[tuple(x) for x in json.loads(r["body_spans"])],
        removed=[tuple(x) for x in json.loads(r["removed"])], dateline=dl,
        published=r["published"], published_source=r["published_source"],
        language=r["language"], language_confidence=r["language_confidence"],
        sentences=list(sentences), meta=json.loads(r["meta"]))


def search_keys(a: Article) -> tuple[str, str]:
    """The (title, body) search keys of an article: those the normalize stage
    set, else computed the same way (a rebuilt index matches the original)."""
    return (a.search_keys.get("title") or normalize.key(a.title or "", a.language),
            a.search_keys.get("body") or normalize.key(a.clean_text, a.language))


def best_sentence(a: Article, terms: list[str]) -> dict[str, Any] | None:
    """The sentence of ``a`` sharing most query terms, cited by index and span."""
    best, best_score = None, 0
    wanted = set(terms)
    for i, s in enumerate(a.sentences):
        toks = set(normalize.tokens(a.text[s.start:s.end], s.language or a.language))
        score = len(wanted & toks)
        if score > best_score:
            best, best_score = {"sentence": i, "start": s.start, "end": s.end,
                                "text": a.text[s.start:s.end]}, score
    return best


def like_prefix(text: str) -> str:
    """A LIKE pattern matching values that start with ``text`` (wildcards dropped)."""
    return text.replace("%", "").replace("_", "").replace("\\", "") + "%"


def prefix_range(prefix: str) -> tuple[str, str]:
    """``(low, high)`` with ``low <= id < high`` exactly for the ids that
    start with ``prefix`` (ids are lowercase hex; a prefix may be typed in
    capitals), so a prefix lookup is a range scan of the id index."""
    low = prefix.lower()
    return low, low + "\U0010ffff"


def check_counts(store, expect: Mapping[str, int]) -> None:
    """Raise :class:`StoreError` unless each table has the row count
    ``expect`` gives (a whole-store copy, before it commits)."""
    from ..errors import StoreError

    got = store.row_counts(list(expect))
    wrong = [f"{t} has {got[t]} rows, not {n}" for t, n in expect.items() if got[t] != n]
    if wrong:
        raise StoreError("copy incomplete, nothing written: " + ", ".join(wrong))


# Store.learned_names on both backends: each key's first link by the
# knowledge base or fuzzy matching in mention order, then promoted actors' names.
LEARNED_SQL = (
    "SELECT key, actor_id, confidence, method FROM ("
    " SELECT m.key, m.actor_id, m.confidence, m.method, 0 AS part, m.id AS pos FROM mentions m"
    " JOIN (SELECT key, min(id) AS first FROM mentions WHERE method IN ('kb', 'fuzzy')"
    " GROUP BY key) f ON m.id = f.first"
    " UNION ALL"
    " SELECT key, actor_id, confidence, method, 1, 0 FROM actor_names WHERE method = 'auto'"
    ") x ORDER BY part, pos, actor_id, key")
