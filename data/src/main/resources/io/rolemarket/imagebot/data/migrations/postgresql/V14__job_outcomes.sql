-- PostgreSQL twin of ../V14__job_outcomes.sql (types mapped as in V1).
-- Each job's story (issue 18), so the team's figures come from the database for any period: how it ended
-- (outcome), the providers that failed before an answer or instead of one and why (attempts: 'provider:why'
-- codes joined by commas, at most eight of 48 characters), the providers' rate-limit answers (429s, retries
-- included) and how long the bot worked on it by its ticker (generation_ms; a job finished after a restart adds
-- its own run to measured_ms, what the run before the stop had measured when the provider accepted the job, and
-- never counts the downtime). NULL outcome: not recorded (rows written before V14, provider actions, jobs a
-- restart closed before they were re-attached); such jobs are left out of the figures. Portable SQL as in V1.

ALTER TABLE jobs ADD COLUMN outcome TEXT COLLATE "C" CHECK (outcome IN ('succeeded', 'partial', 'failed', 'rejected',
  'past_deadline', 'over_budget', 'refused', 'cancelled', 'crashed'));
ALTER TABLE jobs ADD COLUMN answered_by TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN attempts TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN rate_limit_hits BIGINT NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN generation_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN measured_ms BIGINT NOT NULL DEFAULT 0;
-- The cache hit ratio counts history entries by when they were recorded.
CREATE INDEX history_at ON history (at);
