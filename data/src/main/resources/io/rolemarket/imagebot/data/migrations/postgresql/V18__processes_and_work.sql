-- PostgreSQL twin of ../V18__processes_and_work.sql (types mapped as in V1).
-- Several processes on one database (issue 20). Each process of the bot registers itself in `processes` and
-- stamps seen_at every few seconds; a process whose stamp is older than the lease (or whose row is gone) is dead.
-- The rows a process writes in flight carry its id as `owner`: its open jobs, held reservations and budget holds,
-- the cache keys it is making (`flights`) and the queued requests it claimed (`work`). What a dead process
-- owned is settled by the others (completed, refunded or queued again); rows without an owner come from before
-- this version (one process per database) and belong to nobody alive.

CREATE TABLE processes (
  id         TEXT COLLATE "C" PRIMARY KEY,
  role       TEXT COLLATE "C" NOT NULL,              -- all | edge | worker
  started_at TEXT COLLATE "C" NOT NULL,
  seen_at    TEXT COLLATE "C" NOT NULL
);

ALTER TABLE jobs ADD COLUMN owner TEXT COLLATE "C";
ALTER TABLE reservations ADD COLUMN owner TEXT COLLATE "C";
ALTER TABLE budget_holds ADD COLUMN owner TEXT COLLATE "C";

-- Single-flight across processes: one row per cache key a process is asking a provider for.
CREATE TABLE flights (
  cache_key TEXT COLLATE "C" PRIMARY KEY,
  owner     TEXT COLLATE "C" NOT NULL,
  since     TEXT COLLATE "C" NOT NULL
);

-- Requests the edge took from a chat, for a worker to run: one row per owed answer (owed_deliveries.id).
CREATE TABLE work (
  owed_id   BIGINT PRIMARY KEY,
  user_key  TEXT COLLATE "C" NOT NULL,
  user_name TEXT COLLATE "C" NOT NULL,
  command   TEXT COLLATE "C" NOT NULL,                -- as Command.Generate.toText() wrote it
  state     TEXT COLLATE "C" NOT NULL,                -- queued | running | done
  owner     TEXT COLLATE "C",                         -- the worker running it
  attempts  BIGINT NOT NULL DEFAULT 0,
  progress  TEXT COLLATE "C",                         -- the latest progress event, encoded
  outcome   TEXT COLLATE "C",                         -- how it ended, encoded, once done
  queued_at TEXT COLLATE "C" NOT NULL,
  done_at   TEXT COLLATE "C"
);
CREATE INDEX work_queued ON work (queued_at) WHERE state = 'queued';
