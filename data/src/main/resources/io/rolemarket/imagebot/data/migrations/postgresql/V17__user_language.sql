-- PostgreSQL twin of ../V17__user_language.sql (types mapped as in V1).
-- The language a user chose with /lang ('en', 'zh-hk'); NULL: follow what their chat app says (issue 21).

ALTER TABLE users ADD COLUMN language TEXT COLLATE "C";
