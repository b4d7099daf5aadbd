-- inbox: ids of the events already applied, written in the same transaction as their effect
CREATE TABLE inbox_event (
    event_id     UUID PRIMARY KEY,
    event_type   VARCHAR(100) NOT NULL,
    processed_at TIMESTAMPTZ  NOT NULL
);

-- local copy of the insured persons (person.changed from binding-service); certno is personal data
CREATE TABLE insured_person (
    psn_no          VARCHAR(32)  PRIMARY KEY,
    psn_name        VARCHAR(100) NOT NULL,
    certno          VARCHAR(32)  NOT NULL,
    insutype        VARCHAR(4)   NOT NULL,
    psn_insu_stas   VARCHAR(2)   NOT NULL,
    insuplc_admdvs  CHAR(6)      NOT NULL,
    death_date      DATE,
    version         BIGINT       NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL
);
CREATE INDEX insured_person_certno ON insured_person (certno);

-- recorded kinships (kinship.changed, one row per direction): relation = what relative_psn_no is to psn_no
CREATE TABLE kinship (
    psn_no           VARCHAR(32) NOT NULL,
    relative_psn_no  VARCHAR(32) NOT NULL,
    relation         VARCHAR(16) NOT NULL
        CHECK (relation IN ('SPOUSE', 'PARENT', 'CHILD', 'SIBLING', 'GRANDPARENT', 'GRANDCHILD')),
    active           BOOLEAN     NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (psn_no, relative_psn_no)
);

-- region policies (region.policy.changed): only the extra categories matter here (VOLUNTARY_EXIT, R-WD-3)
CREATE TABLE region_policy (
    admdvs            CHAR(6)      PRIMARY KEY,
    extra_categories  TEXT         NOT NULL,
    version           BIGINT       NOT NULL,
    updated_at        TIMESTAMPTZ  NOT NULL
);

-- personal accounts the ledger has closed (account.closed)
CREATE TABLE closed_account (
    psn_no     VARCHAR(32) PRIMARY KEY,
    reason     VARCHAR(32) NOT NULL,
    closed_at  TIMESTAMPTZ NOT NULL
);

-- 支取申请: one application for the legal withdrawal of a personal account
CREATE TABLE withdrawal (
    id                  UUID         PRIMARY KEY,
    request_id          VARCHAR(64)  NOT NULL UNIQUE,
    request_hash        CHAR(64)     NOT NULL,
    psn_no              VARCHAR(32)  NOT NULL,
    admdvs              CHAR(6)      NOT NULL,
    reason              VARCHAR(32)  NOT NULL CHECK (reason IN ('DEATH', 'EMIGRATION', 'VOLUNTARY_EXIT',
                                        'SERIOUS_ILLNESS', 'LONG_TERM_ELSEWHERE', 'REGION_NOT_ACCEPTING')),
    full_withdrawal     BOOLEAN      NOT NULL,
    status              VARCHAR(16)  NOT NULL CHECK (status IN ('SUBMITTED', 'APPROVED', 'PAID', 'REJECTED')),
    applicant_psn_no    VARCHAR(32)  NOT NULL,
    applicant_name      VARCHAR(100) NOT NULL,
    applicant_certno    VARCHAR(32)  NOT NULL,
    applicant_relation  VARCHAR(16)  NOT NULL,
    filed_by_role       VARCHAR(16)  NOT NULL CHECK (filed_by_role IN ('person', 'agency')),
    filed_by            VARCHAR(100) NOT NULL,
    bank                VARCHAR(100) NOT NULL,
    bank_account_no     VARCHAR(64)  NOT NULL,
    holder_name         VARCHAR(100) NOT NULL,
    moving_abroad       BOOLEAN      NOT NULL,
    requested_fen       BIGINT       CHECK (requested_fen > 0),
    bill_fen            BIGINT       CHECK (bill_fen >= 0),
    submitted_at        TIMESTAMPTZ  NOT NULL,
    decided_at          TIMESTAMPTZ,
    reviewer            VARCHAR(100),
    decision_note       VARCHAR(500),
    forged              BOOLEAN      NOT NULL DEFAULT FALSE,
    hold_id             VARCHAR(64),
    held_fen            BIGINT       CHECK (held_fen >= 0),
    approved_at         TIMESTAMPTZ,
    paid_fen            BIGINT       CHECK (paid_fen >= 0),
    paid_at             TIMESTAMPTZ,
    account_closed      BOOLEAN      NOT NULL DEFAULT FALSE,
    hold_released       BOOLEAN      NOT NULL DEFAULT FALSE,
    ledger_error        VARCHAR(64),
    version             BIGINT       NOT NULL,
    -- R-WD-4: a partial withdrawal names its amount, never above the bill; full withdrawals take the balance
    CHECK ((reason = 'SERIOUS_ILLNESS') = (requested_fen IS NOT NULL)),
    CHECK (requested_fen IS NULL OR requested_fen <= bill_fen),
    CHECK (full_withdrawal = (reason <> 'SERIOUS_ILLNESS')),
    -- R-WD-10: approved money is held in the ledger; paid money was held first
    CHECK (status NOT IN ('APPROVED', 'PAID') OR (hold_id IS NOT NULL AND held_fen IS NOT NULL)),
    CHECK (status <> 'PAID' OR (paid_fen IS NOT NULL AND paid_fen = held_fen AND paid_at IS NOT NULL)),
    CHECK (requested_fen IS NULL OR held_fen IS NULL OR held_fen = requested_fen),
    CHECK (account_closed = FALSE OR (status = 'PAID' AND full_withdrawal))
);
-- one open application per person at a time (several heirs may not race the same account)
CREATE UNIQUE INDEX withdrawal_one_open_per_person ON withdrawal (psn_no) WHERE status IN ('SUBMITTED', 'APPROVED');
CREATE INDEX withdrawal_unfinished ON withdrawal (status) WHERE status = 'APPROVED' OR (status = 'REJECTED' AND NOT hold_released);

-- evidence records of an application
CREATE TABLE evidence (
    id             BIGSERIAL    PRIMARY KEY,
    withdrawal_id  UUID         NOT NULL REFERENCES withdrawal (id),
    position       INT          NOT NULL,
    type           VARCHAR(40)  NOT NULL,
    ref            VARCHAR(200) NOT NULL,
    amount_fen     BIGINT       CHECK (amount_fen >= 0),
    UNIQUE (withdrawal_id, position)
);

-- 失信名单: applicants found forging evidence (R-WD-9); the fine basis is recorded
CREATE TABLE dishonesty_entry (
    id                BIGSERIAL    PRIMARY KEY,
    psn_no            VARCHAR(32)  NOT NULL,
    certno            VARCHAR(32)  NOT NULL,
    withdrawal_id     UUID         NOT NULL UNIQUE REFERENCES withdrawal (id),
    basis_fen         BIGINT       NOT NULL CHECK (basis_fen >= 0),
    fine_fen          BIGINT       NOT NULL CHECK (fine_fen >= 0 AND fine_fen <= 5 * basis_fen),
    listed_at         TIMESTAMPTZ  NOT NULL,
    listed_by         VARCHAR(100) NOT NULL,
    note              VARCHAR(500)
);
CREATE INDEX dishonesty_entry_psn ON dishonesty_entry (psn_no);
CREATE INDEX dishonesty_entry_certno ON dishonesty_entry (certno);

-- every ledger command sent, with its exact body (a retry re-sends the same bytes) and the reply
CREATE TABLE ledger_command (
    command_id     VARCHAR(80)  PRIMARY KEY,
    -- no foreign key: written in its own transaction while the application row is locked
    withdrawal_id  UUID         NOT NULL,
    type           VARCHAR(32)  NOT NULL,
    body           TEXT         NOT NULL,
    first_sent_at  TIMESTAMPTZ  NOT NULL,
    reply          TEXT,
    replied_at     TIMESTAMPTZ
);
