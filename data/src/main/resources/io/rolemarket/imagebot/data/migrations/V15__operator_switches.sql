-- What admins switched at run time (/pause, /drain, /provider off <id>), kept across restarts, and the audit of
-- every operator action (issue 18). Portable SQL as in V1.

CREATE TABLE operator_switches (
  name       TEXT PRIMARY KEY,    -- 'paused', 'provider.flux'
  value      TEXT NOT NULL,
  actor_key  TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE operator_audit (
  id        INTEGER PRIMARY KEY,
  actor_key TEXT NOT NULL,
  action    TEXT NOT NULL,        -- as typed: '/provider off flux'
  at        TEXT NOT NULL
);
