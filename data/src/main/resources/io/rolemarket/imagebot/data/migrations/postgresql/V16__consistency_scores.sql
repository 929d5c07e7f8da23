-- PostgreSQL twin of ../V16__consistency_scores.sql (types mapped as in V1; the float32 values are BYTEA, SQLite's
-- REAL, an 8-byte float, is DOUBLE PRECISION).
-- The consistency gate (issue 19). reference_embeddings keeps what a CLIP model made of each reference picture, by
-- the model's id (its name and file hash) and the picture's SHA-256, so a reference is embedded once per model and
-- not again after a restart: vector holds the float32 values little-endian, dims says how many. history.similarity
-- is the delivered picture's image-to-image CLIP cosine with the best of its character's references (the best of
-- the answer's pictures when it has several); NULL: not scored (no model, references not embedded yet, scoring
-- failed, or an entry recorded before V16).

CREATE TABLE reference_embeddings (
  model_id TEXT COLLATE "C" NOT NULL,
  sha256   TEXT COLLATE "C" NOT NULL,
  dims     BIGINT NOT NULL CHECK (dims > 0),
  vector   BYTEA NOT NULL,
  PRIMARY KEY (model_id, sha256)
);

ALTER TABLE history ADD COLUMN similarity DOUBLE PRECISION;
