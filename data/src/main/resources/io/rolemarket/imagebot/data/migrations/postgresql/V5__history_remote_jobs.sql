-- PostgreSQL twin of ../V5__history_remote_jobs.sql (types mapped as in V1).
-- A history entry keeps the remote (provider-side) job id its pictures' follow-up actions act on, so a
-- Midjourney grid sent again with /resend still offers U1–U4/V1–V4 (also after a restart). The provider
-- id is already in history.provider. Portable SQL as in V1. NULL: no remote job (a one-call provider, an
-- upscale, which offers no more actions, or an entry written before V5).

ALTER TABLE history ADD COLUMN remote_job_id TEXT COLLATE "C";
