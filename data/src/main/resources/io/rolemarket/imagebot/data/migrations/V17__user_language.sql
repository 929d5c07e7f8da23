-- The language a user chose with /lang ('en', 'zh-hk'); NULL: follow what their chat app says (issue 21).
-- Portable SQL as in V1.

ALTER TABLE users ADD COLUMN language TEXT;
