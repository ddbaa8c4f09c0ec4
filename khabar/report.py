"""The readable report printed by ``make run`` (and ``khabar report``)."""

from __future__ import annotations

import shutil
import textwrap
from typing import Any

from .store import Store

# Arabic, Persian and Hebrew text is printed as is: terminals with bidi support
# render it right to left; we only keep lines short.
_WIDTH = max(60, min(110, shutil.get_terminal_size((100, 20)).columns))


def build_report(store: Store) -> dict[str, Any]:
    """Everything the report shows, as data (the JSON twin of the text report)."""
    stats = store.stats()
    runs = store.runs(limit=1)
    last = runs[0] if runs else None
    articles = store.list_articles()
    return {"stats": stats, "last_run": last, "articles": articles}


def _trim(s: str | None, n: int) -> str:
    s = (s or "").replace("\n", " ")
    return s if len(s) <= n else s[: n - 1] + "…"


def render_report(data: dict[str, Any]) -> str:
    """The text report."""
    st = data["stats"]
    out = ["khabar report", "=" * 13, ""]
    out.append(f"Articles: {st['articles']}   sentences: {st['sentences']}   "
               f"sightings (incl. duplicates): {st['sightings']}")
    out.append("Languages: " + ", ".join(f"{k} {v}" for k, v in st["languages"].items()))
    out.append("Outlets:   " + ", ".join(f"{k} {v}" for k, v in list(st["outlets"].items())[:12]))
    last = data.get("last_run")
    if last and last.get("counts"):
        c = last["counts"]
        rej = ", ".join(f"{k} {v}" for k, v in c.get("rejected", {}).items()) or "none"
        out.append(f"Last run:  ingested {c['ingested']}, duplicates {c['duplicates']}, "
                   f"rejected {sum(c.get('rejected', {}).values())} ({rej}), failed {c['failed']}")
    by_lang: dict[str, list] = {}
    for a in data["articles"]:
        by_lang.setdefault(a["language"] or "?", []).append(a)
    for lang, rows in sorted(by_lang.items(), key=lambda kv: -len(kv[1])):
        out += ["", f"[{lang}] {len(rows)} articles", "-" * 20]
        for a in rows:
            meta = " · ".join(x for x in (a["published"] and a["published"][:10], a["outlet"],
                                          a["place"], a["agency"]) if x)
            out.append(f"{a['id'][:10]}  {_trim(a['title'], _WIDTH - 14)}")
            if meta:
                out.append(textwrap.indent(meta, " " * 12))
    return "\n".join(out) + "\n"
