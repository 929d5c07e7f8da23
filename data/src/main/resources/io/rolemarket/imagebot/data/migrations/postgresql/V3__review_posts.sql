-- PostgreSQL twin of ../V3__review_posts.sql (types mapped as in V1).
-- Where each submission was posted for review on each platform (to edit the post after a restart),
-- and the lookup of decided submissions by outcome. Portable SQL as in V1.
-- review_votes.verdict may now be 'changes', review_decisions.outcome 'changes_requested'.

CREATE TABLE review_posts (
  submission_id BIGINT NOT NULL,
  platform      TEXT COLLATE "C" NOT NULL,
  post_ref      TEXT COLLATE "C" NOT NULL,      -- telegram: '<chat id>:<message id>'
  updated_at    TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (submission_id, platform)
);

CREATE INDEX review_decisions_outcome ON review_decisions (outcome, at);
