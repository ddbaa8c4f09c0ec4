-- Events, quotes and time: per-article facts, each pointing at its sentence,
-- and events fused across the articles of a story.

-- One reported event in one article (a PLOVER type found in a sentence).
CREATE TABLE event_mentions (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    type TEXT NOT NULL,              -- PLOVER: CONSULT, ASSAULT, PROTEST …
    mode TEXT,                       -- phone call, visit, meeting, message … where the text says
    source_actor TEXT,               -- actor ids (NULL: not named or not resolved)
    target_actor TEXT,
    source_text TEXT,
    target_text TEXT,
    location TEXT,                   -- actor id of a place
    count INTEGER,                   -- a number the sentence gives (dead, arrested …), if any
    negated INTEGER NOT NULL DEFAULT 0,
    hypothetical INTEGER NOT NULL DEFAULT 0,
    sentence INTEGER,                -- index into the article's sentences
    start INTEGER NOT NULL,          -- the sentence span in the article text
    end INTEGER NOT NULL,
    trigger TEXT,
    trigger_start INTEGER,
    trigger_end INTEGER,
    score REAL,
    date TEXT,                       -- set by fusion (needs the article's date or estimate)
    date_precision TEXT,             -- day | week | month | year
    date_method TEXT,                -- expression | publication | estimated
    event_id TEXT                    -- the fused event it belongs to
);
CREATE INDEX event_mentions_article ON event_mentions(article_id);
CREATE INDEX event_mentions_event ON event_mentions(event_id);

-- Fused events: one row per happening, with its sources in event_mentions.
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    story_id TEXT,
    type TEXT NOT NULL,
    mode TEXT,
    source TEXT,
    target TEXT,
    date TEXT,
    date_precision TEXT,
    location TEXT,
    negated INTEGER NOT NULL DEFAULT 0,
    hypothetical INTEGER NOT NULL DEFAULT 0,
    n_sources INTEGER NOT NULL,
    disagreements TEXT               -- JSON: field -> [{value, articles}] where sources differ
) WITHOUT ROWID;
CREATE INDEX events_story ON events(story_id);

CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    speaker TEXT,                    -- actor id (NULL: unresolved)
    speaker_text TEXT,
    speaker_start INTEGER,
    speaker_end INTEGER,
    cue TEXT NOT NULL,
    cue_start INTEGER,
    cue_end INTEGER,
    start INTEGER NOT NULL,          -- the content span in the article text
    end INTEGER NOT NULL,
    sentence INTEGER,
    kind TEXT                        -- direct | reported | according_to
);
CREATE INDEX quotes_article ON quotes(article_id);
CREATE INDEX quotes_speaker ON quotes(speaker);

-- The date each article's facts are anchored to: its own, or an estimate from its story.
CREATE TABLE article_dates (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    date TEXT,
    precision TEXT,
    method TEXT                      -- publication | dateline | estimated
) WITHOUT ROWID;

-- Articles whose events and quotes have been extracted (with the extractor version).
CREATE TABLE fact_runs (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    version INTEGER NOT NULL
) WITHOUT ROWID;
