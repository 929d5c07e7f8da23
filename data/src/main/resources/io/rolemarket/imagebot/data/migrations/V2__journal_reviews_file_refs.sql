-- Per-user limit overrides, a job journal that can finish or refund a job after a crash and keep
-- remote (provider-side) job ids, image seeds, platform file references, review records.
-- Portable SQL as in V1; new integer columns that may pass 2^31 are BIGINT (the same on SQLite).

-- NULL: the role's limit applies.
ALTER TABLE users ADD COLUMN daily_limit INTEGER;
ALTER TABLE users ADD COLUMN monthly_limit INTEGER;

ALTER TABLE jobs ADD COLUMN character TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN theme TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN images_wanted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN remote_provider TEXT;
ALTER TABLE jobs ADD COLUMN remote_job_id TEXT;
CREATE INDEX jobs_reservation ON jobs (reservation_id);

-- Each stored image of a job as it lands, in delivery order: a crash after the last one still
-- finishes the job instead of refunding it.
CREATE TABLE job_images (
  job_id      BIGINT NOT NULL,
  ordinal     INTEGER NOT NULL,
  sha256      TEXT NOT NULL,
  provider    TEXT NOT NULL,
  model       TEXT NOT NULL,
  cost_micros BIGINT NOT NULL,
  PRIMARY KEY (job_id, ordinal)
);

ALTER TABLE images ADD COLUMN seed BIGINT;

-- The id a chat platform gave an uploaded image (a Telegram file_id), to resend without uploading.
CREATE TABLE file_refs (
  platform   TEXT NOT NULL,
  sha256     TEXT NOT NULL,
  file_id    TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (platform, sha256)
);

CREATE TABLE review_submissions (
  id            INTEGER PRIMARY KEY,
  submitter_key TEXT NOT NULL,
  history_id    BIGINT NOT NULL,
  sha256        TEXT NOT NULL,
  caption       TEXT NOT NULL,
  submitted_at  TEXT NOT NULL
);

-- One row per reviewer and submission: a changed vote overwrites it (first_at keeps the order).
CREATE TABLE review_votes (
  submission_id BIGINT NOT NULL,
  reviewer_key  TEXT NOT NULL,
  verdict       TEXT NOT NULL,      -- approve | reject
  comment       TEXT NOT NULL,
  first_at      TEXT NOT NULL,
  at            TEXT NOT NULL,
  PRIMARY KEY (submission_id, reviewer_key)
);

CREATE TABLE review_decisions (
  submission_id BIGINT PRIMARY KEY,
  outcome       TEXT NOT NULL,      -- approved | rejected
  decider_key   TEXT NOT NULL,
  reason        TEXT NOT NULL,
  at            TEXT NOT NULL
);

-- Every submission, vote and decision, never updated.
CREATE TABLE review_audit (
  id            INTEGER PRIMARY KEY,
  submission_id BIGINT NOT NULL,
  actor_key     TEXT NOT NULL,
  action        TEXT NOT NULL,      -- submitted | voted | decided
  detail        TEXT NOT NULL,
  at            TEXT NOT NULL
);
CREATE INDEX review_audit_submission ON review_audit (submission_id, id);
