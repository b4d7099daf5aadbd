-- the patient's own personal-account balance right after the settlement (or its reversal), as the ledger answered
-- it: the national interface's setlinfo.balc. Null where the ledger was not asked (all cash) or had no account.
ALTER TABLE settlement ADD COLUMN balc_fen BIGINT;
