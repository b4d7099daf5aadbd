-- A retry after a 503 sets a FAILED settlement back to PENDING as a new attempt: the resolver gives up PENDING rows
-- by the start of their current attempt, not by created_at (a retry more than stale-after after the first attempt
-- was otherwise given up while in flight).
ALTER TABLE settlement ADD COLUMN attempt_started_at TIMESTAMPTZ;
UPDATE settlement SET attempt_started_at = created_at;
ALTER TABLE settlement ALTER COLUMN attempt_started_at SET DEFAULT now();
ALTER TABLE settlement ALTER COLUMN attempt_started_at SET NOT NULL;
CREATE INDEX settlement_pending_attempt ON settlement (attempt_started_at) WHERE status = 'PENDING';
