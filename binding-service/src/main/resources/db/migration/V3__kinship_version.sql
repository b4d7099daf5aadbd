-- kinship.changed carries a per-direction version, so a consumer applies a pair's events in order without
-- relying on clocks (a late, older event never revives an ended kinship)
ALTER TABLE kinship ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
