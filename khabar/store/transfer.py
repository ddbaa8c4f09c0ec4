"""Copy a whole store into an empty one: SQLite → PostgreSQL (a laptop's
store moved to a server), PostgreSQL → SQLite, or SQLite → SQLite.

Every table of khabar's schema is copied with its rows unchanged (ids,
arrival order, derived data: stories, actors, events, quotes, embeddings),
so nothing is recomputed.  The destination writes everything in **one
transaction** and checks each table's row count before it commits: a failed
or interrupted copy leaves the destination as empty as it was.  The search
index is built afresh at the destination (the two backends index text
differently).

    khabar copy build/sample.db postgresql://khabar@127.0.0.1/khabar
"""

from __future__ import annotations

import re
from typing import Callable

from ..errors import StoreError
from .base import Store

__all__ = ["TABLES", "copy_store"]


def _tables() -> tuple[str, ...]:
    """khabar's tables in the order the migrations create them (a table
    after every table it references), from the SQLite migrations; the
    full-text index (a virtual table, rebuilt at the destination) is not
    among them."""
    from .sqlite import migrations

    names: list[str] = []
    for _, sql in migrations():
        names += re.findall(r"^\s*CREATE TABLE (?:IF NOT EXISTS )?(\w+)", sql, re.M | re.I)
    return tuple(dict.fromkeys(names))


TABLES = _tables()

# A source column the destination may lack: PostgreSQL numbers rows of some
# tables with an identity column (``rowid_``) where SQLite uses its implicit
# rowid.  Rows are read in that order, so the destination numbers them alike.
_ORDER_ONLY = frozenset({"rowid_"})


def copy_store(src: Store, dst: Store, progress: Callable[[str, int], None] | None = None
               ) -> dict[str, int]:
    """Copy every row of ``src`` into ``dst`` (which must hold no rows).

    Returns:
        Rows copied per table.

    Raises:
        StoreError: ``dst`` is not empty, a table's columns do not match
            (a column of ``src`` that ``dst`` lacks), or a write failed;
            ``dst`` is then left unchanged.
    """
    if src is dst:
        raise StoreError("source and destination are the same store")
    counts = src.row_counts(list(TABLES))
    present = {t: n for t, n in dst.row_counts(list(TABLES)).items() if n}
    if present:
        listed = ", ".join(f"{t} ({n})" for t, n in present.items())
        raise StoreError(f"the destination store is not empty: {listed}; copy into a new store")
    plan = []
    for table in TABLES:
        have = set(dst.table_columns(table))
        cols = src.table_columns(table)
        lost = [c for c in cols if c not in have and c not in _ORDER_ONLY]
        if lost:
            raise StoreError(f"the destination's {table} table has no column "
                             f"{', '.join(lost)}: its schema is older or newer than the source's")
        plan.append((table, [c for c in cols if c in have]))

    def tables():
        for table, cols in plan:
            yield table, cols, src.iter_table(table, cols)
            if progress is not None:
                progress(table, counts[table])

    dst.load_tables(tables(), expect=counts)
    return counts
