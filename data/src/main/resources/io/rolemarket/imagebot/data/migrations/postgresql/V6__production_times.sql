-- PostgreSQL twin of ../V6__production_times.sql (types mapped as in V1).
-- Spend is booked in the month the provider produced (and billed) the pictures, not the month a job
-- was closed: a job settled after a restart in the next month, or one that straddles the end of a month,
-- must not move money between months. Portable SQL as in V1.
--
-- job_images.attached_at: when the image was produced and attached (NULL for rows written before V6).
-- jobs.billed_at: when a succeeded job's cost was incurred (its last image's attached_at, else the time it
-- was closed); spend per month sums jobs by it.

ALTER TABLE job_images ADD COLUMN attached_at TEXT COLLATE "C";
ALTER TABLE jobs ADD COLUMN billed_at TEXT COLLATE "C";
UPDATE jobs SET billed_at = closed_at WHERE state = 'succeeded';
CREATE INDEX jobs_billed_at ON jobs (billed_at);
