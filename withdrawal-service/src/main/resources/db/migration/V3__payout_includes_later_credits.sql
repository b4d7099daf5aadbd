-- A full withdrawal's PAYOUT also pays out money credited after the hold (the ledger closes the account with
-- nothing left in it), so what was paid may exceed what was held; a partial withdrawal pays exactly its hold.
ALTER TABLE withdrawal DROP CONSTRAINT withdrawal_check4;
ALTER TABLE withdrawal ADD CONSTRAINT withdrawal_paid_matches_hold CHECK (
    status <> 'PAID' OR (paid_fen IS NOT NULL AND paid_at IS NOT NULL
                         AND (paid_fen = held_fen OR (full_withdrawal AND paid_fen > held_fen))));
