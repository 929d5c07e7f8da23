-- PostgreSQL twin of ../V20__pending_events.sql (types mapped as in V1).
-- An event (a Telegram update) is kept with its payload until it is handled: its answer given, or owed in
-- owed_deliveries (written in the same transaction). An edge that stops between telling the platform it took an
-- update and handling it (a crash, a leader killed) leaves it here, and the next process serving the platform
-- handles it. Rows from before this version have no payload and are never handled again.

ALTER TABLE seen_events ADD COLUMN payload TEXT COLLATE "C";
ALTER TABLE seen_events ADD COLUMN handled_at TEXT COLLATE "C";
CREATE INDEX seen_events_unhandled ON seen_events (platform, seen_at) WHERE payload IS NOT NULL AND handled_at IS NULL;

-- A stopped process's cache key stays taken while its job for that key is still to settle (flights); looked up by key.
CREATE INDEX jobs_cache_key ON jobs (cache_key);
