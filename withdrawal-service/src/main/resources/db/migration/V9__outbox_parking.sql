-- Outbox relay: failed sends are counted; after too many the row is parked (set aside, not deleted)
-- so one event the broker keeps refusing cannot hold back every later event of this service.
ALTER TABLE outbox_event
    ADD COLUMN attempts   INT          NOT NULL DEFAULT 0,
    ADD COLUMN last_error VARCHAR(500),
    ADD COLUMN parked_at  TIMESTAMPTZ;
DROP INDEX outbox_event_unsent;
CREATE INDEX outbox_event_unsent ON outbox_event (seq) WHERE sent_at IS NULL AND parked_at IS NULL;
CREATE INDEX outbox_event_parked ON outbox_event (parked_at) WHERE parked_at IS NOT NULL;
