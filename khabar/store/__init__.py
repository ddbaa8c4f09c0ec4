"""Storage: one :class:`Store` interface, chosen by URL or path.

``open_store("khabar.db")`` or ``open_store("sqlite:///path.db")`` gives the
SQLite backend; ``postgresql://…`` the PostgreSQL backend (extra ``[postgres]``).
"""

from __future__ import annotations

from ..errors import ConfigError
from .base import ArticleFilter, Sighting, Store

__all__ = ["open_store", "Store", "Sighting", "ArticleFilter"]


def open_store(db: str, *, readonly: bool = False) -> Store:
    """Open (creating and migrating if needed) the store at ``db``.

    Arguments:
        db: a SQLite file path, ``sqlite:///PATH``, or a libpq URL
            ``postgresql://user:password@host:port/dbname`` (or ``postgres://``).
        readonly: the store must exist already (no new database is created).

    Raises:
        ConfigError: an unknown URL scheme.
        MissingExtra: a PostgreSQL URL without psycopg installed (``khabar[postgres]``).
        StoreError: the database cannot be opened, reached or migrated
            (:class:`NotFound` when ``readonly`` and there is none).
    """
    if db.startswith(("postgresql://", "postgres://")):
        from ..errors import require

        require("psycopg", "postgres")  # MissingExtra names the extra to install
        from .postgres import PostgresStore

        return PostgresStore(db, readonly=readonly)
    if "://" in db and not db.startswith("sqlite:///"):
        raise ConfigError(f"unknown store URL {db!r}: use a file path, sqlite:///PATH or postgresql://…")
    from .sqlite import SQLiteStore

    path = db[len("sqlite:///"):] if db.startswith("sqlite:///") else db
    return SQLiteStore(path, readonly=readonly)
