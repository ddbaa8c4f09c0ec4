-- Articles as read, with everything the foundation stages learned about them.
-- Offsets in sentences, title_start/end and body_spans point into articles.text.
CREATE TABLE articles (
    rowid_ INTEGER PRIMARY KEY AUTOINCREMENT,  -- arrival order
    id TEXT NOT NULL UNIQUE,                   -- stable content hash
    source TEXT NOT NULL,                      -- file path / URL (+#fragment) first seen at
    format TEXT NOT NULL,
    url TEXT,
    outlet TEXT,
    author TEXT,
    title TEXT,
    title_start INTEGER,
    title_end INTEGER,
    published TEXT,                            -- ISO date/datetime or NULL
    published_source TEXT,                     -- metadata:<field> | dateline
    language TEXT,
    language_confidence REAL,
    dateline_json TEXT,
    place TEXT,
    agency TEXT,
    text TEXT NOT NULL,                        -- original text, never rewritten
    body_spans TEXT NOT NULL,                  -- JSON [[start, end], ...]
    removed TEXT NOT NULL DEFAULT '[]',        -- JSON [[start, end, rule], ...]
    meta TEXT NOT NULL DEFAULT '{}',
    pipeline_version TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_language ON articles(language);
CREATE INDEX articles_outlet ON articles(outlet);
CREATE INDEX articles_published ON articles(published);

CREATE TABLE sentences (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    language TEXT,
    PRIMARY KEY (article_id, idx)
) WITHOUT ROWID;

-- Every time an article was seen: the first reading and each exact duplicate
-- (same content from another file, feed item, URL or outlet).  Nothing a
-- duplicate told us is lost.
CREATE TABLE sightings (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    outlet TEXT,
    url TEXT,
    published TEXT,
    run_id INTEGER,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (article_id, source)
) WITHOUT ROWID;

CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    inputs TEXT NOT NULL,          -- JSON list
    counts TEXT                    -- JSON summary
);

CREATE TABLE rejections (
    run_id INTEGER REFERENCES runs(id),
    source TEXT NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT,
    seen_at TEXT NOT NULL
);
CREATE INDEX rejections_source ON rejections(source);

-- Lines seen per outlet, to recognise site chrome that recurs across articles.
CREATE TABLE outlet_lines (
    outlet TEXT NOT NULL,
    line_hash TEXT NOT NULL,
    articles INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (outlet, line_hash)
) WITHOUT ROWID;

-- Full-text search over normalized keys (khabar.normalize.key), so that a
-- query finds orthographic variants (hamza, yeh/kaf, teh marbuta, diacritics,
-- ZWNJ, digits).  rowid = articles.rowid_.
CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');
