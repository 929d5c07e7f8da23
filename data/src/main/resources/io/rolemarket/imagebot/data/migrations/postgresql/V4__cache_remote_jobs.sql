-- PostgreSQL twin of ../V4__cache_remote_jobs.sql (types mapped as in V1).
-- The disk tier of the cache keeps the remote (provider-side) job id of the generation that made an
-- entry, so a hit after a restart or an eviction from memory still offers the job's follow-up actions
-- (Midjourney's U1–U4, V1–V4), which act on that id. The provider id is already in cache_entries.provider.
-- Portable SQL as in V1. NULL: no remote job (a one-call provider, or an entry written before V4).

ALTER TABLE cache_entries ADD COLUMN remote_job_id TEXT COLLATE "C";
