-- PostgreSQL version of migrations/0001_articles.sql: the same tables and
-- columns.  Differences, here and in the later files:
--   * text columns are COLLATE "C": they compare and sort by code point, as in
--     SQLite, whatever the database's locale (and id-prefix LIKE can use the index);
--   * REAL is DOUBLE PRECISION (SQLite's REAL is 8 bytes), BLOB is BYTEA,
--     AUTOINCREMENT keys are identity columns;
--   * JSON stays text (as written: key order and non-ASCII kept);
--   * articles_fts is a table with a tsvector of the normalized search keys
--     (khabar.store.postgres.search_vector) and a GIN index, instead of FTS5.

CREATE TABLE articles (
    rowid_ BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- arrival order
    id TEXT COLLATE "C" NOT NULL UNIQUE,       -- stable content hash
    source TEXT COLLATE "C" NOT NULL,          -- file path / URL (+#fragment) first seen at
    format TEXT COLLATE "C" NOT NULL,
    url TEXT COLLATE "C",
    outlet TEXT COLLATE "C",
    author TEXT COLLATE "C",
    title TEXT COLLATE "C",
    title_start INTEGER,
    title_end INTEGER,
    published TEXT COLLATE "C",                -- ISO date/datetime or NULL
    published_source TEXT COLLATE "C",         -- metadata:<field> | dateline
    language TEXT COLLATE "C",
    language_confidence DOUBLE PRECISION,
    dateline_json TEXT,
    place TEXT COLLATE "C",
    agency TEXT COLLATE "C",
    text TEXT NOT NULL,                        -- original text, never rewritten
    body_spans TEXT NOT NULL,                  -- JSON [[start, end], ...]
    removed TEXT NOT NULL DEFAULT '[]',        -- JSON [[start, end, rule], ...]
    meta TEXT NOT NULL DEFAULT '{}',
    pipeline_version TEXT NOT NULL,
    ingested_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX articles_language ON articles(language);
CREATE INDEX articles_outlet ON articles(outlet);
CREATE INDEX articles_published ON articles(published);

CREATE TABLE sentences (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    language TEXT COLLATE "C",
    PRIMARY KEY (article_id, idx)
);

-- Every time an article was seen: the first reading and each exact duplicate.
CREATE TABLE sightings (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    source TEXT COLLATE "C" NOT NULL,
    outlet TEXT COLLATE "C",
    url TEXT COLLATE "C",
    published TEXT COLLATE "C",
    run_id BIGINT,
    seen_at TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (article_id, source)
);

CREATE TABLE runs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at TEXT COLLATE "C" NOT NULL,
    finished_at TEXT COLLATE "C",
    inputs TEXT NOT NULL,          -- JSON list
    counts TEXT                    -- JSON summary
);

-- SQLite lists rejections by rowid; here an identity column keeps that order.
CREATE TABLE rejections (
    rowid_ BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id BIGINT REFERENCES runs(id),
    source TEXT COLLATE "C" NOT NULL,
    reason TEXT COLLATE "C" NOT NULL,
    detail TEXT,
    seen_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX rejections_source ON rejections(source);
CREATE INDEX rejections_run ON rejections(run_id);

-- Lines seen per outlet, to recognise site chrome that recurs across articles.
CREATE TABLE outlet_lines (
    outlet TEXT COLLATE "C" NOT NULL,
    line_hash TEXT COLLATE "C" NOT NULL,
    articles INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (outlet, line_hash)
);

-- Full-text search over normalized keys (khabar.normalize.key): one tsvector
-- per article, its lexemes exactly the key's tokens (title weight A, body
-- weight B), built in Python so that no text-search parser, dictionary or
-- locale changes a token.  rowid_ = articles.rowid_.
CREATE TABLE articles_fts (
    rowid_ BIGINT PRIMARY KEY REFERENCES articles(rowid_) ON DELETE CASCADE,
    keys tsvector NOT NULL
);
CREATE INDEX articles_fts_keys ON articles_fts USING gin (keys);
