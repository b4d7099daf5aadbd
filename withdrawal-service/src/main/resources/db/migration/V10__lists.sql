-- The lists the agencies work (README, "Lists"): read in their order (time, then id) page by page.

-- R-WD-7, the review queue: by status in filing order, and all applications in filing order; the scope is the
-- person's region now (insured_person)
CREATE INDEX withdrawal_queue ON withdrawal (status, submitted_at, id);
CREATE INDEX withdrawal_by_filing ON withdrawal (submitted_at, id);
-- a small region's applications: its persons, then theirs
CREATE INDEX insured_person_region ON insured_person (insuplc_admdvs);
CREATE INDEX withdrawal_by_person ON withdrawal (psn_no, submitted_at, id);

-- R-WD-9, the dishonesty list of a region: the region of the application found forged, as its agency decided
-- it (the person's region then, else the region at filing)
ALTER TABLE dishonesty_entry ADD COLUMN admdvs CHAR(6);
UPDATE dishonesty_entry d SET admdvs = coalesce(
    (SELECT p.insuplc_admdvs FROM withdrawal w JOIN insured_person p ON p.psn_no = w.psn_no WHERE w.id = d.withdrawal_id),
    (SELECT w.admdvs FROM withdrawal w WHERE w.id = d.withdrawal_id));
ALTER TABLE dishonesty_entry ALTER COLUMN admdvs SET NOT NULL;
CREATE INDEX dishonesty_entry_region ON dishonesty_entry (admdvs, listed_at, id);
