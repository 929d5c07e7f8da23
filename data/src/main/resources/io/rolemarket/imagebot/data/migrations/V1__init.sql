-- Users, quota ledger, job journal, image blobs, cache index, history.
-- Portable SQL: runs on SQLite and PostgreSQL alike (times as ISO-8601 text, money as integer micro-dollars).

CREATE TABLE users (
  user_key     TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  role         TEXT NOT NULL DEFAULT 'user',
  created_at   TEXT NOT NULL
);

-- One row per user and window: 'd:2026-11-24' (UTC day) or 'm:2026-11' (UTC month).
-- used counts held and committed images; bonus is extra allowance granted by an admin.
CREATE TABLE quota_usage (
  user_key   TEXT NOT NULL,
  window_key TEXT NOT NULL,
  used       INTEGER NOT NULL DEFAULT 0,
  bonus      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (user_key, window_key)
);

CREATE TABLE reservations (
  id         INTEGER PRIMARY KEY,
  user_key   TEXT NOT NULL,
  day_key    TEXT NOT NULL,
  month_key  TEXT NOT NULL,
  images     INTEGER NOT NULL,
  state      TEXT NOT NULL,          -- held | committed | refunded
  charged    INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  settled_at TEXT
);
CREATE INDEX reservations_held ON reservations (state) WHERE state = 'held';

CREATE TABLE jobs (
  id               INTEGER PRIMARY KEY,
  user_key         TEXT NOT NULL,
  cache_key        TEXT NOT NULL,
  prompt           TEXT NOT NULL,
  planned_provider TEXT NOT NULL,
  reservation_id   INTEGER NOT NULL,
  state            TEXT NOT NULL,    -- open | succeeded | failed
  provider         TEXT NOT NULL DEFAULT '',
  images           INTEGER NOT NULL DEFAULT 0,
  cost_micros      INTEGER NOT NULL DEFAULT 0,
  opened_at        TEXT NOT NULL,
  closed_at        TEXT
);
CREATE INDEX jobs_open ON jobs (state) WHERE state = 'open';
CREATE INDEX jobs_closed_at ON jobs (closed_at);

CREATE TABLE images (
  sha256     TEXT PRIMARY KEY,
  format     TEXT NOT NULL,
  width      INTEGER NOT NULL,
  height     INTEGER NOT NULL,
  size       INTEGER NOT NULL,
  prompt     TEXT NOT NULL,
  provider   TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- The disk tier of the cache: which blobs answered a canonical request.
CREATE TABLE cache_entries (
  cache_key   TEXT PRIMARY KEY,
  image_list  TEXT NOT NULL,         -- sha256 values, comma-separated, in order
  provider    TEXT NOT NULL,
  model       TEXT NOT NULL,
  cost_micros INTEGER NOT NULL,
  elapsed_ms  INTEGER NOT NULL,
  created_at  TEXT NOT NULL
);

CREATE TABLE history (
  id          INTEGER PRIMARY KEY,
  user_key    TEXT NOT NULL,
  character   TEXT NOT NULL,
  theme       TEXT NOT NULL,
  prompt      TEXT NOT NULL,
  provider    TEXT NOT NULL,
  cost_micros INTEGER NOT NULL,
  elapsed_ms  INTEGER NOT NULL,
  from_cache  INTEGER NOT NULL,
  image_list  TEXT NOT NULL,
  at          TEXT NOT NULL
);
CREATE INDEX history_user ON history (user_key, id);
