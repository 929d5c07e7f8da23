-- PostgreSQL twin of ../V21__web_sign_in.sql (types mapped as in V1; the key is BYTEA, SQLite's BLOB).
-- The web library's sign-in (issue 22): signing key, single-use links, sessions by cookie hash.

CREATE TABLE web_keys (
  name       TEXT COLLATE "C" PRIMARY KEY,
  secret     BYTEA NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE web_links (
  id         TEXT COLLATE "C" PRIMARY KEY,
  user_key   TEXT COLLATE "C" NOT NULL,
  issued_at  TEXT COLLATE "C" NOT NULL,
  expires_ms BIGINT NOT NULL,
  used_at    TEXT COLLATE "C",
  revoked_at TEXT COLLATE "C"
);

CREATE INDEX web_links_user ON web_links (user_key);

CREATE TABLE web_sessions (
  id_hash    TEXT COLLATE "C" PRIMARY KEY,
  user_key   TEXT COLLATE "C" NOT NULL,
  opened_at  TEXT COLLATE "C" NOT NULL,
  expires_ms BIGINT NOT NULL,
  ended_at   TEXT COLLATE "C"
);

CREATE INDEX web_sessions_user ON web_sessions (user_key);
