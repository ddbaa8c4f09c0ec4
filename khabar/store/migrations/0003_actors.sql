-- Actors: one row per real-world person, organization or place, with every
-- spelling seen, and the mentions that point to them.

CREATE TABLE actors (
    id TEXT PRIMARY KEY,             -- knowledge-base id ("loc:KZ", "per:sergey-lavrov") or "auto:…"
    name TEXT NOT NULL,              -- canonical name (English where known)
    type TEXT NOT NULL,              -- PER | ORG | LOC | MISC
    kind TEXT,
    country TEXT,
    qid TEXT,
    source TEXT NOT NULL,            -- kb | auto
    created_at TEXT NOT NULL
) WITHOUT ROWID;

-- Surface forms seen in articles, per actor; `key` is the normalized matching key.
CREATE TABLE actor_names (
    actor_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    script TEXT NOT NULL,
    lang TEXT,
    method TEXT NOT NULL,            -- how the spelling joined: kb, alias, partial, fuzzy, auto
    confidence REAL NOT NULL,
    mentions INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (actor_id, key)
) WITHOUT ROWID;
CREATE INDEX actor_names_key ON actor_names(key);

CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    actor_id TEXT REFERENCES actors(id) ON DELETE SET NULL,   -- NULL: not (yet) resolved
    field TEXT NOT NULL,             -- text | title (a title kept apart from the text)
    sentence INTEGER,                -- index into the article's sentences (field = text)
    start INTEGER NOT NULL,          -- character offsets into that field
    end INTEGER NOT NULL,
    surface TEXT NOT NULL,
    key TEXT NOT NULL,
    type TEXT NOT NULL,
    confidence REAL,
    method TEXT
);
CREATE INDEX mentions_article ON mentions(article_id);
CREATE INDEX mentions_actor ON mentions(actor_id);
CREATE INDEX mentions_key ON mentions(key) WHERE actor_id IS NULL;

-- Articles whose entities have been extracted (with the extractor version).
CREATE TABLE entity_runs (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    version INTEGER NOT NULL
) WITHOUT ROWID;
