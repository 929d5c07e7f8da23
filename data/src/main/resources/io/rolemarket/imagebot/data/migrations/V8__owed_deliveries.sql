-- What the bot owes a chat: one row per request an adapter started, kept until its answer is delivered or
-- its user is told what happened, so a restart after a crash delivers a picture that was made (and charged)
-- or tells the user what was refunded, instead of silence. jobs.history_id ties a finished job to the history
-- entry that delivers it. Portable SQL as in V1.

CREATE TABLE owed_deliveries (
  id         INTEGER PRIMARY KEY,
  platform   TEXT NOT NULL,
  chat_ref   TEXT NOT NULL,
  user_key   TEXT NOT NULL,
  label      TEXT NOT NULL,
  command    TEXT NOT NULL,
  status_ref TEXT,
  job_id     BIGINT,
  state      TEXT NOT NULL,    -- owed | settled
  created_at TEXT NOT NULL
);
CREATE INDEX owed_deliveries_owed ON owed_deliveries (platform) WHERE state = 'owed';

ALTER TABLE jobs ADD COLUMN history_id BIGINT;
