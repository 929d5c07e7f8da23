-- The consistency gate (issue 19). reference_embeddings keeps what a CLIP model made of each reference picture, by
-- the model's id (its name and file hash) and the picture's SHA-256, so a reference is embedded once per model and
-- not again after a restart: vector holds the float32 values little-endian, dims says how many. history.similarity
-- is the delivered picture's image-to-image CLIP cosine with the best of its character's references (the best of
-- the answer's pictures when it has several); NULL: not scored (no model, references not embedded yet, scoring
-- failed, or an entry recorded before V16). Portable SQL as in V1.

CREATE TABLE reference_embeddings (
  model_id TEXT NOT NULL,
  sha256   TEXT NOT NULL,
  dims     INTEGER NOT NULL CHECK (dims > 0),
  vector   BLOB NOT NULL,
  PRIMARY KEY (model_id, sha256)
);

ALTER TABLE history ADD COLUMN similarity REAL;
