-- PostgreSQL twin of ../V7__seen_events.sql (types mapped as in V1).
-- Platform events (Telegram updates, Discord interactions) as they arrive, so each is handled once, also
-- when the platform hands one out again after a restart. Rows older than a week are deleted at start.
-- Portable SQL as in V1.

CREATE TABLE seen_events (
  platform TEXT COLLATE "C" NOT NULL,
  event_id TEXT COLLATE "C" NOT NULL,
  seen_at  TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (platform, event_id)
);
CREATE INDEX seen_events_seen_at ON seen_events (seen_at);
