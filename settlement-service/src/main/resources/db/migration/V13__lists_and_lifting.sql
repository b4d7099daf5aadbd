-- R-SET-3: an agency may lift a suspension before its end, with the reason recorded. Who lifted, when and why are
-- kept on the row (the suspension's period stays as it was decided); a lifted suspension no longer refuses the
-- person's settlements. All three are set together, once.
ALTER TABLE suspension
    ADD COLUMN lifted_at   TIMESTAMPTZ,
    ADD COLUMN lifted_by   VARCHAR(100),
    ADD COLUMN lift_reason VARCHAR(500);
ALTER TABLE suspension ADD CONSTRAINT suspension_lifted_with_reason CHECK (
    (lifted_at IS NULL AND lifted_by IS NULL AND lift_reason IS NULL)
    OR (lifted_at IS NOT NULL AND lifted_by IS NOT NULL AND lift_reason IS NOT NULL AND btrim(lift_reason) <> ''));

-- The lists the agencies and institutions work (README, "Lists"), read in their order (time, then id) page by page.
-- An agency's scope is the person's insured region.
CREATE INDEX insured_person_region ON insured_person (insuplc_admdvs);
CREATE INDEX suspension_by_creation ON suspension (created_at, suspension_id);
CREATE INDEX filing_by_creation ON filing (created_at, filing_id);
CREATE INDEX impersonation_by_time ON impersonation_attempt (attempted_at, id);
-- an institution reads its own attempts
CREATE INDEX impersonation_by_institution ON impersonation_attempt (fixmedins_code, attempted_at, id);
