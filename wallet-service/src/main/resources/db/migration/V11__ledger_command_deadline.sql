-- A SETTLE's deadline, kept with its command id. Once it is long past (familyaid.purge.ledger-command-after), the id
-- may be forgotten (outbox/Purge): a copy of the command arriving after its deadline is refused (DEADLINE_PASSED)
-- before anything moves, so the stored reply no longer guards anything. Commands without a deadline stay.
ALTER TABLE ledger_command ADD COLUMN not_after TIMESTAMPTZ;
CREATE INDEX ledger_command_not_after ON ledger_command (not_after) WHERE not_after IS NOT NULL;
