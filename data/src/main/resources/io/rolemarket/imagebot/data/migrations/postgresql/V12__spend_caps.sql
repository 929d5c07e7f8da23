-- PostgreSQL twin of ../V12__spend_caps.sql (types mapped as in V1).
-- Each budget hold names whose call it is, so a user's own monthly cap (by role) is kept by the same ledger as the
-- team's budget; and the month's budget warnings admins were sent, once each (issue 17). Portable SQL as in V1.

ALTER TABLE budget_holds ADD COLUMN user_key TEXT COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX budget_holds_user ON budget_holds (user_key) WHERE state = 'held';
-- What a hold sums (the month's billed spend, everyone's or one user's), read from the index alone.
CREATE INDEX jobs_billed_cost ON jobs (billed_at, cost_micros) WHERE state = 'succeeded';
CREATE INDEX jobs_user_billed_cost ON jobs (user_key, billed_at, cost_micros) WHERE state = 'succeeded';

CREATE TABLE budget_warnings (
  month     TEXT COLLATE "C" NOT NULL,      -- '2026-12' (UTC)
  percent   BIGINT NOT NULL,   -- 50, 80, 100
  warned_at TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (month, percent)
);
