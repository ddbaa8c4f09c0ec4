-- Events, quotes and time: per-article facts, each pointing at its sentence,
-- and events fused across the articles of a story.
-- PostgreSQL version of migrations/0004_events.sql (see 0001 for the differences).

-- One reported event in one article (a PLOVER type found in a sentence).
CREATE TABLE event_mentions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    type TEXT COLLATE "C" NOT NULL,   -- PLOVER: CONSULT, ASSAULT, PROTEST …
    mode TEXT COLLATE "C",            -- phone call, visit, meeting, message … where the text says
    source_actor TEXT COLLATE "C",    -- actor ids (NULL: not named or not resolved)
    target_actor TEXT COLLATE "C",
    source_text TEXT COLLATE "C",
    target_text TEXT COLLATE "C",
    location TEXT COLLATE "C",        -- actor id of a place
    count INTEGER,                    -- a number the sentence gives (dead, arrested …), if any
    negated INTEGER NOT NULL DEFAULT 0,
    hypothetical INTEGER NOT NULL DEFAULT 0,
    sentence INTEGER,                 -- index into the article's sentences
    start INTEGER NOT NULL,           -- the sentence span in the article text
    "end" INTEGER NOT NULL,
    trigger TEXT COLLATE "C",
    trigger_start INTEGER,
    trigger_end INTEGER,
    score DOUBLE PRECISION,
    date TEXT COLLATE "C",            -- set by fusion (needs the article's date or estimate)
    date_precision TEXT COLLATE "C",  -- day | week | month | year
    date_method TEXT COLLATE "C",     -- expression | publication | estimated
    event_id TEXT COLLATE "C"         -- the fused event it belongs to
);
CREATE INDEX event_mentions_article ON event_mentions(article_id);
CREATE INDEX event_mentions_event ON event_mentions(event_id);

-- Fused events: one row per happening, with its sources in event_mentions.
CREATE TABLE events (
    id TEXT COLLATE "C" PRIMARY KEY,
    story_id TEXT COLLATE "C",
    type TEXT COLLATE "C" NOT NULL,
    mode TEXT COLLATE "C",
    source TEXT COLLATE "C",
    target TEXT COLLATE "C",
    date TEXT COLLATE "C",
    date_precision TEXT COLLATE "C",
    location TEXT COLLATE "C",
    negated INTEGER NOT NULL DEFAULT 0,
    hypothetical INTEGER NOT NULL DEFAULT 0,
    n_sources INTEGER NOT NULL,
    disagreements TEXT                -- JSON: field -> [{value, articles}] where sources differ
);
CREATE INDEX events_story ON events(story_id);

CREATE TABLE quotes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    speaker TEXT COLLATE "C",         -- actor id (NULL: unresolved)
    speaker_text TEXT COLLATE "C",
    speaker_start INTEGER,
    speaker_end INTEGER,
    cue TEXT COLLATE "C" NOT NULL,
    cue_start INTEGER,
    cue_end INTEGER,
    start INTEGER NOT NULL,           -- the content span in the article text
    "end" INTEGER NOT NULL,
    sentence INTEGER,
    kind TEXT COLLATE "C"             -- direct | reported | according_to
);
CREATE INDEX quotes_article ON quotes(article_id);
CREATE INDEX quotes_speaker ON quotes(speaker);

-- The date each article's facts are anchored to: its own, or an estimate from its story.
CREATE TABLE article_dates (
    article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    date TEXT COLLATE "C",
    precision TEXT COLLATE "C",
    method TEXT COLLATE "C"           -- publication | dateline | estimated
);

-- Articles whose events and quotes have been extracted (with the extractor version).
CREATE TABLE fact_runs (
    article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    version INTEGER NOT NULL
);
