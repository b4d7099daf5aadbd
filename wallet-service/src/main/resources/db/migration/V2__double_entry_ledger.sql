-- The double-entry ledger (TigerBeetle's vocabulary: account, transfer, pending hold, post, void, expire).
-- Every movement is an immutable transfer from a debit account to a credit account; an account's balance
-- is the sum of what it was credited minus what it was debited, so the balances of ALL accounts (persons'
-- and system accounts together) always sum to zero. System accounts are the other side of money entering
-- (platform credits) or leaving (institutions' settlement clearing, withdrawal payouts): they may go negative.

ALTER TABLE account DROP CONSTRAINT IF EXISTS account_kind_check;
ALTER TABLE account DROP CONSTRAINT IF EXISTS account_balance_check;
ALTER TABLE account DROP CONSTRAINT IF EXISTS account_held_check;
ALTER TABLE account DROP CONSTRAINT IF EXISTS account_check;
ALTER TABLE account ALTER COLUMN psn_no DROP NOT NULL;
ALTER TABLE account ALTER COLUMN admdvs DROP NOT NULL;
ALTER TABLE account ADD COLUMN code VARCHAR(80) UNIQUE;
-- the wallet's bound mobile number (R-WAL-1); personal data: masked for others, never logged
ALTER TABLE account ADD COLUMN phone VARCHAR(20);
ALTER TABLE account ADD COLUMN closed_at TIMESTAMPTZ;
ALTER TABLE account ADD CONSTRAINT account_kind_check CHECK (kind IN ('PERSONAL', 'WALLET', 'SYSTEM'));
ALTER TABLE account ADD CONSTRAINT account_owner_check CHECK (
    (kind = 'SYSTEM' AND code IS NOT NULL AND psn_no IS NULL)
    OR (kind <> 'SYSTEM' AND code IS NULL AND psn_no IS NOT NULL AND admdvs IS NOT NULL));
-- a person's account never goes below zero, and never holds more than it has
ALTER TABLE account ADD CONSTRAINT account_person_balance_check CHECK (
    kind = 'SYSTEM' OR (balance >= 0 AND held >= 0 AND held <= balance));
ALTER TABLE account ADD CONSTRAINT account_system_held_check CHECK (kind <> 'SYSTEM' OR held = 0);

INSERT INTO account (psn_no, kind, admdvs, status, balance, held, opened_at, version, code)
VALUES (NULL, 'SYSTEM', NULL, 'ACTIVE', 0, 0, now(), 0, 'PLATFORM_CREDITS'),
       (NULL, 'SYSTEM', NULL, 'ACTIVE', 0, 0, now(), 0, 'WITHDRAWAL_PAYOUTS');

-- Immutable transfers: nothing is updated or deleted (a trigger refuses it); mistakes are corrected by new transfers.
CREATE TABLE ledger_transfer (
    id                 BIGSERIAL PRIMARY KEY,
    debit_account_id   BIGINT       NOT NULL REFERENCES account (id),
    credit_account_id  BIGINT       NOT NULL REFERENCES account (id),
    amount_fen         BIGINT       NOT NULL CHECK (amount_fen > 0),
    reason             VARCHAR(16)  NOT NULL CHECK (reason IN ('credit', 'settlement', 'transfer', 'withdrawal', 'reversal')),
    reference          VARCHAR(128) NOT NULL,
    request_id         VARCHAR(128) NOT NULL,
    hold_id            UUID,
    leg_no             INT,
    created_at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CHECK (debit_account_id <> credit_account_id)
);
CREATE INDEX ledger_transfer_debit ON ledger_transfer (debit_account_id, id);
CREATE INDEX ledger_transfer_credit ON ledger_transfer (credit_account_id, id);
CREATE INDEX ledger_transfer_request ON ledger_transfer (request_id);

CREATE FUNCTION ledger_transfer_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'ledger transfers are immutable (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER ledger_transfer_no_update BEFORE UPDATE OR DELETE ON ledger_transfer
    FOR EACH ROW EXECUTE FUNCTION ledger_transfer_immutable();

-- Two-phase holds: PENDING → POSTED | VOIDED | EXPIRED, each resolved exactly once; a POSTED settlement
-- hold may later be REFUNDED (reversal transfers, leg by leg).
CREATE TABLE hold (
    id              UUID PRIMARY KEY,
    kind            VARCHAR(16)  NOT NULL CHECK (kind IN ('PLAN', 'WITHDRAWAL')),
    psn_no          VARCHAR(32)  NOT NULL,
    status          VARCHAR(16)  NOT NULL CHECK (status IN ('PENDING', 'POSTED', 'VOIDED', 'EXPIRED', 'REFUNDED')),
    amount_fen      BIGINT       NOT NULL CHECK (amount_fen >= 0),
    held_fen        BIGINT       NOT NULL CHECK (held_fen >= 0),
    cash_fen        BIGINT       NOT NULL CHECK (cash_fen >= 0),
    reference       VARCHAR(128) NOT NULL,
    command_id      VARCHAR(128) NOT NULL,
    fixmedins_code  VARCHAR(64),
    fixmedins_type  VARCHAR(16),
    expires_at      TIMESTAMPTZ,
    created_at      TIMESTAMPTZ  NOT NULL,
    resolved_at     TIMESTAMPTZ,
    refunded_at     TIMESTAMPTZ,
    CHECK (kind = 'WITHDRAWAL' OR amount_fen = held_fen + cash_fen),
    CHECK ((status = 'PENDING') = (resolved_at IS NULL))
);
CREATE INDEX hold_pending_expiry ON hold (expires_at) WHERE status = 'PENDING' AND expires_at IS NOT NULL;

CREATE TABLE hold_leg (
    hold_id     UUID        NOT NULL REFERENCES hold (id),
    leg_no      INT         NOT NULL CHECK (leg_no > 0),
    account_id  BIGINT      NOT NULL REFERENCES account (id),
    psn_no      VARCHAR(32) NOT NULL,
    psn_name    VARCHAR(100),
    source      VARCHAR(16) NOT NULL CHECK (source IN ('PERSONAL', 'WALLET')),
    relation    VARCHAR(16) NOT NULL,
    binding_id  VARCHAR(64),
    amount_fen  BIGINT      NOT NULL CHECK (amount_fen > 0),
    PRIMARY KEY (hold_id, leg_no)
);
CREATE INDEX hold_leg_account ON hold_leg (account_id);

-- 授权/共济 mandates: the ledger's copy of each beneficiary's funding plan (binding.changed, newest version wins)
CREATE TABLE funding_plan (
    beneficiary_psn_no VARCHAR(32) PRIMARY KEY,
    version            BIGINT      NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);
CREATE TABLE mandate (
    beneficiary_psn_no VARCHAR(32) NOT NULL REFERENCES funding_plan (beneficiary_psn_no),
    ord                INT         NOT NULL CHECK (ord > 0),
    binding_id         VARCHAR(64) NOT NULL,
    funder_psn_no      VARCHAR(32) NOT NULL,
    relation           VARCHAR(16) NOT NULL,
    share_mode         VARCHAR(8)  NOT NULL CHECK (share_mode IN ('ALL', 'CAP')),
    cap_fen            BIGINT CHECK (cap_fen >= 0),
    retained_min_fen   BIGINT      NOT NULL CHECK (retained_min_fen >= 0),
    PRIMARY KEY (beneficiary_psn_no, ord),
    UNIQUE (beneficiary_psn_no, binding_id),
    CHECK (share_mode = 'ALL' OR cap_fen IS NOT NULL)
);
CREATE INDEX mandate_funder ON mandate (funder_psn_no);
-- what each mandate has paid (posted) or holds (pending): counted against its cap; survives plan rebuilds
CREATE TABLE mandate_usage (
    binding_id    VARCHAR(64) PRIMARY KEY,
    funder_psn_no VARCHAR(32) NOT NULL,
    used_fen      BIGINT      NOT NULL DEFAULT 0 CHECK (used_fen >= 0)
);

-- near relatives (kinship.changed): what relative_psn_no is to psn_no
CREATE TABLE kinship (
    psn_no          VARCHAR(32) NOT NULL,
    relative_psn_no VARCHAR(32) NOT NULL,
    relation        VARCHAR(16) NOT NULL,
    active          BOOLEAN     NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (psn_no, relative_psn_no)
);

-- regions that have opened the wallet (R-WAL-1, R-WAL-5)
CREATE TABLE wallet_region (
    admdvs     CHAR(6)      PRIMARY KEY CHECK (admdvs ~ '^[0-9]{6}$'),
    open       BOOLEAN      NOT NULL,
    updated_at TIMESTAMPTZ  NOT NULL,
    updated_by VARCHAR(100) NOT NULL
);

-- ledger commands (request-reply): the stored request hash and reply make them idempotent
CREATE TABLE ledger_command (
    command_id   VARCHAR(128) PRIMARY KEY,
    type         VARCHAR(32)  NOT NULL,
    request_hash CHAR(64)     NOT NULL,
    reply        TEXT,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- monthly credits (每月划入), idempotent by the platform's request_id
CREATE TABLE credit (
    request_id        VARCHAR(128) PRIMARY KEY,
    psn_no            VARCHAR(32)  NOT NULL,
    amount_fen        BIGINT       NOT NULL CHECK (amount_fen > 0),
    period            VARCHAR(7)   NOT NULL,
    request_hash      CHAR(64)     NOT NULL,
    transfer_id       BIGINT       NOT NULL REFERENCES ledger_transfer (id),
    balance_after_fen BIGINT       NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL
);

-- wallet transfers between near relatives (R-WAL-2, R-WAL-6), idempotent by transfer_id
CREATE TABLE wallet_transfer (
    transfer_id        VARCHAR(64)  PRIMARY KEY,
    from_psn_no        VARCHAR(32)  NOT NULL,
    to_psn_no          VARCHAR(32)  NOT NULL,
    source             VARCHAR(16)  NOT NULL CHECK (source IN ('PERSONAL', 'WALLET')),
    amount_fen         BIGINT       NOT NULL CHECK (amount_fen > 0),
    status             VARCHAR(16)  NOT NULL CHECK (status IN ('COMPLETED')),
    request_hash       CHAR(64)     NOT NULL,
    ledger_transfer_id BIGINT       NOT NULL REFERENCES ledger_transfer (id),
    created_at         TIMESTAMPTZ  NOT NULL
);
CREATE INDEX wallet_transfer_to ON wallet_transfer (to_psn_no);
