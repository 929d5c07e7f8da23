-- Money held against the monthly budget by provider calls in flight (issue 17): taken by a conditional insert
-- before a call, released once the job's own cost is billed or the call failed. Amounts in micro-dollars, as
-- jobs.cost_micros. Portable SQL as in V1.

CREATE TABLE budget_holds (
  id INTEGER PRIMARY KEY,
  micros INTEGER NOT NULL CHECK (micros >= 0),
  state TEXT NOT NULL CHECK (state IN ('held', 'released')),
  created_at TEXT NOT NULL,
  released_at TEXT
);

CREATE INDEX budget_holds_held ON budget_holds (state) WHERE state = 'held';
