"""Storage: one :class:`Store` interface, chosen by URL or path.

``open_store("khabar.db")`` or ``open_store("sqlite:///path.db")`` gives the
SQLite backend; ``postgresql://…`` the PostgreSQL backend (extra ``[postgres]``).
"""

from __future__ import annotations

from ..errors import ConfigError
from .base import ArticleFilter, Sighting, Store

__all__ = ["open_store", "Store", "Sighting", "ArticleFilter"]


def open_store(db: str, *, readonly: bool = False) -> Store:
    """Open (creating and migrating if needed) the store at ``db``."""
    if db.startswith(("postgresql://", "postgres://")):
        raise ConfigError("the PostgreSQL backend is not available yet; use a SQLite path")
    if "://" in db and not db.startswith("sqlite:///"):
        raise ConfigError(f"unknown store URL {db!r}: use a file path, sqlite:///PATH or postgresql://…")
    from .sqlite import SQLiteStore

    path = db[len("sqlite:///"):] if db.startswith("sqlite:///") else db
    return SQLiteStore(path, readonly=readonly)
