-- What the buttons under a result act on (ActionLinks): one row per set of buttons, found by the random token
-- their ids carry, so 🔁 🎲 📤 and U/V still work after a restart; the core decides when a button has expired.
-- history_id lets a picture sent again keep the options it was asked with. Portable SQL as in V1.

CREATE TABLE action_links (
  token         TEXT PRIMARY KEY,
  user_key      TEXT NOT NULL,
  platform      TEXT NOT NULL,
  chat_ref      TEXT NOT NULL,
  command       TEXT NOT NULL,
  history_id    BIGINT NOT NULL,
  provider_id   TEXT NOT NULL,
  remote_job_id TEXT NOT NULL,
  created_at    TEXT NOT NULL
);
CREATE INDEX action_links_history ON action_links (history_id);
