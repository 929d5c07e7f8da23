-- The web library's sign-in (issue 22): the key sign-in links are signed with (made once, kept here, never logged),
-- the links /web handed out (each usable once) and the sessions they opened, kept by a SHA-256 of the cookie.
-- Expiry is in epoch milliseconds so the database compares it; other times are ISO text as elsewhere.
-- Portable SQL as in V1.

CREATE TABLE web_keys (
  name       TEXT PRIMARY KEY,    -- 'signing'
  secret     BLOB NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE web_links (
  id         TEXT PRIMARY KEY,
  user_key   TEXT NOT NULL,
  issued_at  TEXT NOT NULL,
  expires_ms INTEGER NOT NULL,
  used_at    TEXT,
  revoked_at TEXT
);

CREATE INDEX web_links_user ON web_links (user_key);

CREATE TABLE web_sessions (
  id_hash    TEXT PRIMARY KEY,
  user_key   TEXT NOT NULL,
  opened_at  TEXT NOT NULL,
  expires_ms INTEGER NOT NULL,
  ended_at   TEXT
);

CREATE INDEX web_sessions_user ON web_sessions (user_key);
