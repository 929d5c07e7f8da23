-- PostgreSQL twin of ../V13__cost_source.sql (types mapped as in V1).
-- Where each job's cost came from (issue 17): 'reported' when the provider's answer carried the figure it bills
-- by (TTAPI's quota, OpenAI's usage tokens, Replicate's predict_time, RunPod's executionTime) times the configured
-- price, 'declared' when the bot counted the provider's declared price. Kept on the job (the journal, what the
-- budget sums) and on its history entry (what users read back), as cost_micros is. NULL: not recorded (rows
-- written before V13; a job the restart reconciler finished, whose history entry says declared), read as
-- declared. Portable SQL as in V1.

ALTER TABLE jobs ADD COLUMN cost_source TEXT COLLATE "C" CHECK (cost_source IN ('reported', 'declared'));
ALTER TABLE history ADD COLUMN cost_source TEXT COLLATE "C" CHECK (cost_source IN ('reported', 'declared'));
