-- Platform updates received but maybe not yet handled (issue 20): a webhook receiver stores each update here,
-- once, before it answers the platform, and the process that handles updates takes them oldest first under a
-- claim (claimed_until, epoch milliseconds: compared exactly) that another taker skips until it runs out, then
-- marks them done. Handled rows older than a week are deleted at start. Portable SQL as in V1.

CREATE TABLE update_inbox (
  id            INTEGER PRIMARY KEY,
  platform      TEXT NOT NULL,
  event_id      TEXT NOT NULL,
  payload       TEXT NOT NULL,
  received_at   TEXT NOT NULL,
  claimed_until BIGINT,
  done_at       TEXT,
  UNIQUE (platform, event_id)
);
CREATE INDEX update_inbox_waiting ON update_inbox (platform, id) WHERE done_at IS NULL;
CREATE INDEX update_inbox_done ON update_inbox (done_at) WHERE done_at IS NOT NULL;
