-- Actors: one row per real-world person, organization or place, with every
-- spelling seen, and the mentions that point to them.
-- PostgreSQL version of migrations/0003_actors.sql (see 0001 for the differences).

CREATE TABLE actors (
    id TEXT COLLATE "C" PRIMARY KEY,  -- knowledge-base id ("loc:KZ", "per:sergey-lavrov") or "auto:…"
    name TEXT COLLATE "C" NOT NULL,   -- canonical name (English where known)
    type TEXT COLLATE "C" NOT NULL,   -- PER | ORG | LOC | MISC
    kind TEXT COLLATE "C",
    country TEXT COLLATE "C",
    qid TEXT COLLATE "C",
    source TEXT COLLATE "C" NOT NULL, -- kb | auto
    created_at TEXT COLLATE "C" NOT NULL
);

-- Surface forms seen in articles, per actor; `key` is the normalized matching key.
CREATE TABLE actor_names (
    actor_id TEXT COLLATE "C" NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
    key TEXT COLLATE "C" NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    script TEXT COLLATE "C" NOT NULL,
    lang TEXT COLLATE "C",
    method TEXT COLLATE "C" NOT NULL, -- how the spelling joined: kb, alias, partial, fuzzy, auto
    confidence DOUBLE PRECISION NOT NULL,
    mentions INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (actor_id, key)
);
CREATE INDEX actor_names_key ON actor_names(key);

CREATE TABLE mentions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    actor_id TEXT COLLATE "C" REFERENCES actors(id) ON DELETE SET NULL,  -- NULL: not (yet) resolved
    field TEXT COLLATE "C" NOT NULL,  -- text | title (a title kept apart from the text)
    sentence INTEGER,                 -- index into the article's sentences (field = text)
    start INTEGER NOT NULL,           -- character offsets into that field
    "end" INTEGER NOT NULL,
    surface TEXT COLLATE "C" NOT NULL,
    key TEXT COLLATE "C" NOT NULL,
    type TEXT COLLATE "C" NOT NULL,
    confidence DOUBLE PRECISION,
    method TEXT COLLATE "C"
);
CREATE INDEX mentions_article ON mentions(article_id);
CREATE INDEX mentions_actor ON mentions(actor_id);
CREATE INDEX mentions_key ON mentions(key) WHERE actor_id IS NULL;

-- Articles whose entities have been extracted (with the extractor version).
CREATE TABLE entity_runs (
    article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    version INTEGER NOT NULL
);
