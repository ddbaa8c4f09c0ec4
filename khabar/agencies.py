"""News agencies: canonical names from the curated ``data/agencies.json``."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from . import normalize


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    data = json.loads((resources.files("khabar") / "data" / "agencies.json").read_text("utf-8"))
    table: dict[str, str] = {}
    for agency in data["agencies"]:
        for alias in [agency["name"], *agency["aliases"]]:
            table.setdefault(normalize.key(alias), agency["name"])
    return table


def canonical(name: str) -> str | None:
    """Canonical agency name for ``name`` as written (e.g. "شينخوا" → "Xinhua")."""
    k = normalize.key(name)
    table = _table()
    if k in table:
        return table[k]
    # "وكالة شينخوا", "خبرگزاری فارس", "Agence X": drop a leading generic word.
    parts = k.split()
    for i in range(1, len(parts)):
        tail = " ".join(parts[i:])
        if tail in table:
            return table[tail]
    return None
