-- Several processes on one database (issue 20). Each process of the bot registers itself in `processes` and
-- stamps seen_at every few seconds; a process whose stamp is older than the lease (or whose row is gone) is dead.
-- The rows a process writes in flight carry its id as `owner`: its open jobs, held reservations and budget holds,
-- the cache keys it is making (`flights`) and the queued requests it claimed (`work`). What a dead process
-- owned is settled by the others (completed, refunded or queued again); rows without an owner come from before
-- this version (one process per database) and belong to nobody alive. Portable SQL as in V1.

CREATE TABLE processes (
  id         TEXT PRIMARY KEY,
  role       TEXT NOT NULL,              -- all | edge | worker
  started_at TEXT NOT NULL,
  seen_at    TEXT NOT NULL
);

ALTER TABLE jobs ADD COLUMN owner TEXT;
ALTER TABLE reservations ADD COLUMN owner TEXT;
ALTER TABLE budget_holds ADD COLUMN owner TEXT;

-- Single-flight across processes: one row per cache key a process is asking a provider for.
CREATE TABLE flights (
  cache_key TEXT PRIMARY KEY,
  owner     TEXT NOT NULL,
  since     TEXT NOT NULL
);

-- Requests the edge took from a chat, for a worker to run: one row per owed answer (owed_deliveries.id).
CREATE TABLE work (
  owed_id   BIGINT PRIMARY KEY,
  user_key  TEXT NOT NULL,
  user_name TEXT NOT NULL,
  command   TEXT NOT NULL,                -- as Command.Generate.toText() wrote it
  state     TEXT NOT NULL,                -- queued | running | done
  owner     TEXT,                         -- the worker running it
  attempts  INTEGER NOT NULL DEFAULT 0,
  progress  TEXT,                         -- the latest progress event, encoded
  outcome   TEXT,                         -- how it ended, encoded, once done
  queued_at TEXT NOT NULL,
  done_at   TEXT
);
CREATE INDEX work_queued ON work (queued_at) WHERE state = 'queued';
