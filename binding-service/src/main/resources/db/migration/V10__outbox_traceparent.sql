-- The W3C traceparent (00-<32 hex trace id>-<16 hex span id>-<2 hex flags>, 55 characters) of the span that wrote
-- the event, null when tracing is off: the relay sends the event as a child of it, so the consumer's span joins the
-- trace of the request that wrote the event.
ALTER TABLE outbox_event ADD COLUMN traceparent VARCHAR(55);
