-- Feed monitoring (khabar watch, khabar.watch) and alerts (khabar.alerts).

-- One row per watched feed: the validators for conditional GET, the back-off
-- state and when to poll next.  A restarted watcher carries on from here.
CREATE TABLE watch_feeds (
    url TEXT PRIMARY KEY,
    etag TEXT,                       -- sent back as If-None-Match
    last_modified TEXT,              -- sent back as If-Modified-Since
    failures INTEGER NOT NULL DEFAULT 0,   -- consecutive failed polls (back-off exponent)
    next_poll REAL,                  -- unix time of the next poll (NULL: at once)
    last_polled TEXT,                -- ISO time of the last poll
    last_status TEXT,                -- ok | not-modified | a rejection reason
    last_error TEXT,
    items INTEGER NOT NULL DEFAULT 0,      -- new items read from the feed, in all
    ingested INTEGER NOT NULL DEFAULT 0    -- of which new articles
) WITHOUT ROWID;

-- Feed items already read (guid, else link, else content hash), so that a
-- restart does not read them again.  article_id is NULL for a rejected item;
-- checked = 0 marks a new article whose alerts are not evaluated yet.
CREATE TABLE watch_items (
    feed_url TEXT NOT NULL,
    item_key TEXT NOT NULL,
    article_id TEXT,
    checked INTEGER NOT NULL DEFAULT 1,
    first_seen TEXT NOT NULL,
    PRIMARY KEY (feed_url, item_key)
) WITHOUT ROWID;
CREATE INDEX watch_items_unchecked ON watch_items(checked) WHERE checked = 0;

-- Alerts raised by watchlist entries, one per (entry, article), with the
-- state of their webhook delivery.
CREATE TABLE alerts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    watch TEXT NOT NULL,             -- name of the watchlist entry
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    feed_url TEXT,
    matched TEXT NOT NULL,           -- JSON: what matched (keyword, actor, event_type, language)
    payload TEXT NOT NULL,           -- JSON: the alert as printed and POSTed
    delivery TEXT NOT NULL,          -- none | pending | delivered | failed
    attempts INTEGER NOT NULL DEFAULT 0,
    delivery_error TEXT,
    delivered_at TEXT,
    UNIQUE (watch, article_id)
);
CREATE INDEX alerts_article ON alerts(article_id);
