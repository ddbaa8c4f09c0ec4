"""Extractive, cross-lingual story summaries with citations.

Candidate sentences are the leads of the story's independent articles (copies
add nothing new).  Each candidate is embedded; its centrality is its mean
cosine to the candidates of *other* articles, so a sentence that many outlets
echo — in any language — ranks high.  The most central sentences are taken
in order, skipping near-repeats, and each cites (article, sentence, span).
"""

from __future__ import annotations

import numpy as np

from .embed import Embedder, get_embedder

# Lead sentences taken from each article, and articles considered.
LEAD_SENTENCES = 3
MAX_ARTICLES = 10
# Sentences in a summary, and the cosine above which a candidate repeats one
# already chosen (checked by eye on the sample corpus).
SUMMARY_SENTENCES = 3
REDUNDANT_COSINE = 0.92
MIN_SENTENCE_CHARS = 25


def summarize(store, story_id: str, embedder: Embedder | None = None,
              language: str | None = None) -> dict:
    """The summary of a story: ``{"title", "sentences": [{article, sentence, start, end,
    text, language, outlet}]}``; cached in the store until the story changes."""
    st = store.get_story(story_id)
    if st.get("summary"):
        return st["summary"]
    members = [m for m in st["members"] if not m["copy_of"]][:MAX_ARTICLES] or st["members"]
    cands = []
    for m in members:
        art = store.get_article(m["id"])
        for i, s in enumerate(art.sentences[:LEAD_SENTENCES]):
            text = art.text[s.start:s.end]
            if len(text) >= MIN_SENTENCE_CHARS:
                cands.append({"article": art.id, "sentence": i, "start": s.start, "end": s.end,
                              "text": text, "language": s.language or art.language,
                              "outlet": art.outlet})
    chosen = _pick(cands, embedder or get_embedder(), language)
    summary = {"title": st["title"], "sentences": chosen}
    store.save_summary(st["id"], summary, st["version"])
    return summary


def _pick(cands: list[dict], embedder: Embedder, language: str | None) -> list[dict]:
    if len(cands) <= 1:
        return cands
    vecs = embedder.passages([c["text"] for c in cands])
    sims = vecs @ vecs.T
    arts = np.array([c["article"] for c in cands])
    other = arts[:, None] != arts[None, :]
    n_other = other.sum(axis=1)
    centrality = np.where(n_other > 0, (sims * other).sum(axis=1) / np.maximum(n_other, 1),
                          sims.mean(axis=1))
    # A small preference for the reader's language, and for earlier sentences.
    bonus = np.array([0.01 if language and c["language"] == language else 0.0 for c in cands])
    bonus -= np.array([0.005 * c["sentence"] for c in cands])
    order = np.argsort(-(centrality + bonus))
    picked: list[int] = []
    for i in order:
        if all(sims[i, j] < REDUNDANT_COSINE for j in picked):
            picked.append(int(i))
        if len(picked) == SUMMARY_SENTENCES:
            break
    return [dict(cands[i], centrality=round(float(centrality[i]), 4)) for i in picked]
