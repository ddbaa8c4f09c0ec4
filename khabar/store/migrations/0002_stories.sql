-- Stories: articles about the same happening, grouped across languages and outlets.

-- Embedding vectors (float32, L2-normalized) per article and model, cached.
CREATE TABLE embeddings (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    dim INTEGER NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (article_id, model)
) WITHOUT ROWID;

-- Copy detection (khabar.dedup): each article that copies an earlier one
-- points to the root original; signature is its MinHash (resume without re-reading texts).
CREATE TABLE copies (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    original_id TEXT,
    similarity REAL,
    kind TEXT,
    signature BLOB
) WITHOUT ROWID;
CREATE INDEX copies_original ON copies(original_id);

CREATE TABLE stories (
    id TEXT PRIMARY KEY,             -- "s" + id of the article that started it: stable
    title TEXT,
    title_article TEXT,
    title_locked INTEGER NOT NULL DEFAULT 0,   -- renamed by an analyst
    merged_into TEXT,                -- set when an analyst merged this story into another
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    summary_json TEXT,               -- cached summary
    summary_version INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 0         -- bumped when membership changes
) WITHOUT ROWID;

CREATE TABLE story_articles (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story_id TEXT NOT NULL REFERENCES stories(id),
    score REAL,
    method TEXT NOT NULL,            -- new | similar | copy | analyst
    assigned_at TEXT NOT NULL,
    weekday INTEGER                  -- weekday named in the lead (Monday = 0), if any
) WITHOUT ROWID;
CREATE INDEX story_articles_story ON story_articles(story_id);

-- Related stories (same thread, not the same happening), stored once with a < b.
CREATE TABLE story_links (
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    score REAL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;

-- Analyst decisions that later runs respect: an article pinned to a story.
CREATE TABLE story_pins (
    article_id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL,
    at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE story_audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    action TEXT NOT NULL,            -- merge | split | move | rename
    payload TEXT NOT NULL            -- JSON
);
