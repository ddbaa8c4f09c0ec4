-- Stories: articles about the same happening, grouped across languages and outlets.
-- PostgreSQL version of migrations/0002_stories.sql (see 0001 for the differences).

-- Embedding vectors (float32, L2-normalized) per article and model, cached.
CREATE TABLE embeddings (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    model TEXT COLLATE "C" NOT NULL,
    dim INTEGER NOT NULL,
    vector BYTEA NOT NULL,
    PRIMARY KEY (article_id, model)
);

-- Copy detection (khabar.dedup): each article that copies an earlier one
-- points to the root original; signature is its MinHash.
CREATE TABLE copies (
    article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    original_id TEXT COLLATE "C",
    similarity DOUBLE PRECISION,
    kind TEXT COLLATE "C",
    signature BYTEA
);
CREATE INDEX copies_original ON copies(original_id);

CREATE TABLE stories (
    id TEXT COLLATE "C" PRIMARY KEY,  -- "s" + id of the article that started it: stable
    title TEXT COLLATE "C",
    title_article TEXT COLLATE "C",
    title_locked INTEGER NOT NULL DEFAULT 0,   -- renamed by an analyst
    merged_into TEXT COLLATE "C",     -- set when an analyst merged this story into another
    created_at TEXT COLLATE "C" NOT NULL,
    updated_at TEXT COLLATE "C" NOT NULL,
    summary_json TEXT,                -- cached summary
    summary_version INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 0         -- bumped when membership changes
);

CREATE TABLE story_articles (
    article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story_id TEXT COLLATE "C" NOT NULL REFERENCES stories(id),
    score DOUBLE PRECISION,
    method TEXT COLLATE "C" NOT NULL,  -- new | similar | copy | analyst
    assigned_at TEXT COLLATE "C" NOT NULL,
    weekday INTEGER                    -- weekday named in the lead (Monday = 0), if any
);
CREATE INDEX story_articles_story ON story_articles(story_id);

-- Related stories (same thread, not the same happening), stored once with a < b.
CREATE TABLE story_links (
    a TEXT COLLATE "C" NOT NULL,
    b TEXT COLLATE "C" NOT NULL,
    score DOUBLE PRECISION,
    PRIMARY KEY (a, b)
);
CREATE INDEX story_links_b ON story_links(b);

-- Analyst decisions that later runs respect: an article pinned to a story.
CREATE TABLE story_pins (
    article_id TEXT COLLATE "C" PRIMARY KEY,
    story_id TEXT COLLATE "C" NOT NULL,
    at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE story_audit (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at TEXT COLLATE "C" NOT NULL,
    action TEXT COLLATE "C" NOT NULL,  -- merge | split | move | rename
    payload TEXT NOT NULL              -- JSON
);
