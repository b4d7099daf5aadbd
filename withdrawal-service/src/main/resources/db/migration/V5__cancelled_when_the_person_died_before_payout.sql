-- R-WD-1: a death freezes the account except for an heir's DEATH withdrawal. A person's own withdrawal that was
-- approved (money held) but not yet paid when the death is recorded is not paid: its hold is voided at the
-- ledger and the application ends CANCELLED (cancel_reason DECEASED), which is not open, so an heir can apply.
ALTER TABLE withdrawal DROP CONSTRAINT withdrawal_status_check;
ALTER TABLE withdrawal ADD CONSTRAINT withdrawal_status_check
    CHECK (status IN ('SUBMITTED', 'APPROVED', 'PAID', 'REJECTED', 'CANCELLED'));
ALTER TABLE withdrawal ADD COLUMN cancelled_at TIMESTAMPTZ;
ALTER TABLE withdrawal ADD COLUMN cancel_reason VARCHAR(32) CHECK (cancel_reason IN ('DECEASED'));
-- cancelled only from APPROVED (it has its hold), only once the ledger voided that hold, never paid
ALTER TABLE withdrawal ADD CONSTRAINT withdrawal_cancelled CHECK (
    (status = 'CANCELLED') = (cancelled_at IS NOT NULL AND cancel_reason IS NOT NULL)
    AND (status <> 'CANCELLED' OR (hold_id IS NOT NULL AND hold_released AND paid_fen IS NULL
                                   AND NOT account_closed AND reason <> 'DEATH')));
