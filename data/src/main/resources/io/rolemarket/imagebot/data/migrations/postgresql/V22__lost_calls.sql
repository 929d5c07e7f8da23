-- PostgreSQL twin of ../V22__lost_calls.sql (types mapped as in V1).
-- A job's provider call in flight: set when a call starts (provider, its price for the pictures asked, when), cleared
-- when it ends. A process that stops in the middle of a synchronous call (Hugging Face, SD WebUI, OpenAI, Gemini)
-- leaves it set; the job is then settled as failed (the user refunded) but the call is booked in the month's spend at
-- that price, since the provider bills it though nobody can read its answer. A job with a remote id is adopted
-- instead.

ALTER TABLE jobs ADD COLUMN call_provider TEXT COLLATE "C";
ALTER TABLE jobs ADD COLUMN call_micros BIGINT;
ALTER TABLE jobs ADD COLUMN call_at TEXT COLLATE "C";
