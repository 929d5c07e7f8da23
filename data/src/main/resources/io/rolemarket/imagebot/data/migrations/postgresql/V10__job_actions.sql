-- PostgreSQL twin of ../V10__job_actions.sql (types mapped as in V1).
-- A provider action's job (Midjourney's U1-U4, V1-V4, reroll) names the remote job it acts on and the action
-- in columns of their own, which the resumer reads after a restart; NULL for a generation. Jobs written before
-- V10 carried both only in cache_key, as action:<provider>/<parent remote id>/<action>: they are copied out
-- here once (the action is what follows the last '/'), so nothing reads cache_key for them any more.
-- rtrim(k, replace(k, '/', '')) is k up to its last '/'. Portable SQL as in V1.

ALTER TABLE jobs ADD COLUMN parent_remote_job_id TEXT COLLATE "C";
ALTER TABLE jobs ADD COLUMN action TEXT COLLATE "C";

UPDATE jobs SET
  action = substr(cache_key, length(rtrim(cache_key, replace(cache_key, '/', ''))) + 1),
  parent_remote_job_id = substr(cache_key, length('action:' || planned_provider || '/') + 1,
      length(rtrim(cache_key, replace(cache_key, '/', ''))) - length('action:' || planned_provider || '/') - 1)
WHERE cache_key LIKE 'action:%/%/%' AND substr(cache_key, 1, length('action:' || planned_provider || '/'))
    = 'action:' || planned_provider || '/';
