-- kinship.changed is applied in order: by the event's data.version when it carries one, otherwise by the
-- envelope's occurred_at (binding-service writes it when the kinship changes), so a late or re-sent older
-- event can never revive an ended kinship (R-WAL-2 would then let a transfer through).
ALTER TABLE kinship ADD COLUMN version BIGINT;
ALTER TABLE kinship ADD COLUMN occurred_at TIMESTAMPTZ;
