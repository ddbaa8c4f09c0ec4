-- Feed monitoring (khabar watch, khabar.watch) and alerts (khabar.alerts).
-- PostgreSQL version of migrations/0005_watch.sql (see 0001 for the differences).

-- One row per watched feed: the validators for conditional GET, the back-off
-- state and when to poll next.  A restarted watcher carries on from here.
CREATE TABLE watch_feeds (
    url TEXT COLLATE "C" PRIMARY KEY,
    etag TEXT COLLATE "C",                 -- sent back as If-None-Match
    last_modified TEXT COLLATE "C",        -- sent back as If-Modified-Since
    failures INTEGER NOT NULL DEFAULT 0,   -- consecutive failed polls (back-off exponent)
    next_poll DOUBLE PRECISION,            -- unix time of the next poll (NULL: at once)
    last_polled TEXT COLLATE "C",          -- ISO time of the last poll
    last_status TEXT COLLATE "C",          -- ok | not-modified | a rejection reason
    last_error TEXT,
    items INTEGER NOT NULL DEFAULT 0,      -- new items read from the feed, in all
    ingested INTEGER NOT NULL DEFAULT 0    -- of which new articles
);

-- Feed items already read (guid, else link, else content hash), so that a
-- restart does not read them again.  article_id is NULL for a rejected item;
-- checked = 0 marks a new article whose alerts are not evaluated yet.
CREATE TABLE watch_items (
    feed_url TEXT COLLATE "C" NOT NULL,
    item_key TEXT COLLATE "C" NOT NULL,
    article_id TEXT COLLATE "C",
    checked INTEGER NOT NULL DEFAULT 1,
    first_seen TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (feed_url, item_key)
);
CREATE INDEX watch_items_unchecked ON watch_items(checked) WHERE checked = 0;

-- Alerts raised by watchlist entries, one per (entry, article), with the
-- state of their webhook delivery.
CREATE TABLE alerts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at TEXT COLLATE "C" NOT NULL,
    watch TEXT COLLATE "C" NOT NULL,       -- name of the watchlist entry
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    feed_url TEXT COLLATE "C",
    matched TEXT NOT NULL,                 -- JSON: what matched (keyword, actor, event_type, language)
    payload TEXT NOT NULL,                 -- JSON: the alert as printed and POSTed
    delivery TEXT COLLATE "C" NOT NULL,    -- none | pending | delivered | failed
    attempts INTEGER NOT NULL DEFAULT 0,
    delivery_error TEXT,
    delivered_at TEXT COLLATE "C",
    UNIQUE (watch, article_id)
);
CREATE INDEX alerts_article ON alerts(article_id);
