-- R-SET-2: a settlement sent without pre_setl_id posts the institution's open pre-settlement of the same patient
-- when it matches (same bill money fields and the same eligibility decision), instead of holding the money twice;
-- an open pre-settlement that does not match is superseded (its hold voided) before the money is held afresh.
-- match_hash is that comparison key; NULL for pre-settlements made before this column (they never match).
ALTER TABLE pre_settlement ADD COLUMN match_hash CHAR(64);
CREATE INDEX pre_settlement_open ON pre_settlement (fixmedins_code, psn_no)
    WHERE status = 'HELD' OR (status = 'FAILED' AND hold_state IN ('UNKNOWN', 'HELD'));
CREATE INDEX settlement_unresolved_by_patient ON settlement (fixmedins_code, psn_no)
    WHERE status = 'FAILED' AND hold_state IN ('UNKNOWN', 'HELD');
