-- inbox: ids of the events already applied, written in the same transaction as their effect
CREATE TABLE inbox_event (
    event_id     UUID PRIMARY KEY,
    event_type   VARCHAR(100) NOT NULL,
    processed_at TIMESTAMPTZ  NOT NULL
);

-- settlement-service's copy of the insured persons (person.changed, newest version wins)
CREATE TABLE insured_person (
    psn_no          VARCHAR(32)  PRIMARY KEY,
    psn_name        VARCHAR(100) NOT NULL,
    psn_cert_type   VARCHAR(4),
    certno          VARCHAR(64)  NOT NULL,
    insutype        VARCHAR(4)   NOT NULL,
    psn_insu_stas   VARCHAR(2)   NOT NULL,
    insuplc_admdvs  CHAR(6)      NOT NULL,
    death_date      DATE,
    version         BIGINT       NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL
);

-- region policy's extra eligible categories (region.policy.changed, newest version wins)
CREATE TABLE region_policy (
    admdvs            CHAR(6)     PRIMARY KEY,
    extra_categories  TEXT        NOT NULL DEFAULT '',
    version           BIGINT      NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);

-- designated institutions (定点医疗机构 / 定点零售药店 / 体检机构)
CREATE TABLE institution (
    fixmedins_code  VARCHAR(32)  PRIMARY KEY,
    fixmedins_name  VARCHAR(200) NOT NULL,
    fixmedins_type  VARCHAR(16)  NOT NULL CHECK (fixmedins_type IN ('HOSPITAL', 'PHARMACY', 'CHECKUP')),
    admdvs          CHAR(6)      NOT NULL,
    wallet_enabled  BOOLEAN      NOT NULL,
    designated      BOOLEAN      NOT NULL DEFAULT TRUE,
    updated_by      VARCHAR(100) NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL
);

-- pre-settlements (预结算): the split computed and the money held by the ledger
CREATE TABLE pre_settlement (
    pre_setl_id          VARCHAR(40) PRIMARY KEY,
    fixmedins_code       VARCHAR(32) NOT NULL REFERENCES institution,
    psn_no               VARCHAR(32) NOT NULL,
    content_hash         CHAR(64)    NOT NULL,
    status               VARCHAR(16) NOT NULL CHECK (status IN ('PENDING', 'HELD', 'USED', 'FAILED')),
    hold_id              VARCHAR(64),
    hold_command         TEXT,
    hold_state           VARCHAR(16) NOT NULL DEFAULT 'NONE'
                         CHECK (hold_state IN ('NONE', 'UNKNOWN', 'HELD', 'POSTED', 'VOIDED', 'REFUNDED')),
    use_account          BOOLEAN     NOT NULL,
    medfee_fen           BIGINT      NOT NULL CHECK (medfee_fen >= 0),
    fund_pay_fen         BIGINT      NOT NULL CHECK (fund_pay_fen >= 0 AND fund_pay_fen <= medfee_fen),
    psn_part_fen         BIGINT      NOT NULL CHECK (psn_part_fen = medfee_fen - fund_pay_fen),
    acct_pay_fen         BIGINT      NOT NULL DEFAULT 0,
    acct_mulaid_pay_fen  BIGINT      NOT NULL DEFAULT 0,
    wlt_pay_fen          BIGINT      NOT NULL DEFAULT 0,
    psn_cash_pay_fen     BIGINT      NOT NULL DEFAULT 0,
    payers               TEXT,
    failure_code         VARCHAR(40),
    expires_at           TIMESTAMPTZ,
    created_at           TIMESTAMPTZ NOT NULL,
    CHECK (status <> 'HELD' OR psn_part_fen = acct_pay_fen + wlt_pay_fen + psn_cash_pay_fen)
);

-- settlements (结算). A row is written PENDING before the ledger is asked, so a charge never
-- exists without its settlement; COMPLETED only after the ledger answered POSTED.
CREATE TABLE settlement (
    setl_id              VARCHAR(40)  PRIMARY KEY,
    fixmedins_code       VARCHAR(32)  NOT NULL REFERENCES institution,
    medins_setl_id       VARCHAR(64)  NOT NULL,
    request_hash         CHAR(64)     NOT NULL,
    pre_setl_id          VARCHAR(40)  UNIQUE REFERENCES pre_settlement,
    psn_no               VARCHAR(32)  NOT NULL,
    psn_name             VARCHAR(100) NOT NULL,
    mdtrt_cert_type      VARCHAR(2)   NOT NULL,
    insutype             VARCHAR(4)   NOT NULL,
    med_type             VARCHAR(4)   NOT NULL,
    mdtrtarea_admvs      CHAR(6)      NOT NULL,
    acct_used_flag       CHAR(1)      NOT NULL CHECK (acct_used_flag IN ('0', '1')),
    use_account          BOOLEAN      NOT NULL,
    use_family           BOOLEAN      NOT NULL,
    account_refused_by   VARCHAR(16),
    medfee_fen           BIGINT       NOT NULL CHECK (medfee_fen >= 0),
    fund_pay_fen         BIGINT       NOT NULL CHECK (fund_pay_fen >= 0 AND fund_pay_fen <= medfee_fen),
    psn_part_fen         BIGINT       NOT NULL CHECK (psn_part_fen = medfee_fen - fund_pay_fen),
    acct_pay_fen         BIGINT       NOT NULL DEFAULT 0 CHECK (acct_pay_fen >= 0),
    acct_mulaid_pay_fen  BIGINT       NOT NULL DEFAULT 0 CHECK (acct_mulaid_pay_fen >= 0 AND acct_mulaid_pay_fen <= acct_pay_fen),
    wlt_pay_fen          BIGINT       NOT NULL DEFAULT 0 CHECK (wlt_pay_fen >= 0),
    psn_cash_pay_fen     BIGINT       NOT NULL DEFAULT 0 CHECK (psn_cash_pay_fen >= 0),
    proxy_name           VARCHAR(100),
    proxy_certno         VARCHAR(64),
    proxy_relation       VARCHAR(16),
    status               VARCHAR(16)  NOT NULL CHECK (status IN ('PENDING', 'COMPLETED', 'FAILED', 'REVERSING', 'REVERSED')),
    attempt              INT          NOT NULL DEFAULT 1,
    hold_id              VARCHAR(64),
    hold_command         TEXT,
    hold_state           VARCHAR(16)  NOT NULL DEFAULT 'NONE'
                         CHECK (hold_state IN ('NONE', 'UNKNOWN', 'HELD', 'POSTED', 'VOIDED', 'REFUNDED')),
    failure_code         VARCHAR(40),
    created_at           TIMESTAMPTZ  NOT NULL,
    setl_time            TIMESTAMPTZ,
    setl_date            DATE,
    reversed_at          TIMESTAMPTZ,
    revs_date            DATE,
    UNIQUE (fixmedins_code, medins_setl_id),
    CHECK (status IN ('PENDING', 'FAILED') OR psn_part_fen = acct_pay_fen + wlt_pay_fen + psn_cash_pay_fen),
    CHECK (status NOT IN ('COMPLETED', 'REVERSING', 'REVERSED') OR setl_date IS NOT NULL),
    CHECK (status <> 'REVERSED' OR revs_date IS NOT NULL)
);
CREATE INDEX settlement_recon ON settlement (fixmedins_code, setl_date);
CREATE INDEX settlement_revs ON settlement (fixmedins_code, revs_date);
CREATE INDEX settlement_unresolved ON settlement (created_at)
    WHERE status IN ('PENDING', 'REVERSING') OR (status = 'FAILED' AND hold_state IN ('UNKNOWN', 'HELD'));
CREATE INDEX pre_settlement_unresolved ON pre_settlement (created_at)
    WHERE status = 'PENDING' OR (status = 'FAILED' AND hold_state IN ('UNKNOWN', 'HELD'));

-- payers[]: one row per account drawn, in draw order (the ledger's legs)
CREATE TABLE settlement_payer (
    setl_id     VARCHAR(40)  NOT NULL REFERENCES settlement,
    leg_no      INT          NOT NULL,
    psn_no      VARCHAR(32)  NOT NULL,
    psn_name    VARCHAR(100),
    relation    VARCHAR(16)  NOT NULL,
    source      VARCHAR(16)  NOT NULL CHECK (source IN ('PERSONAL', 'WALLET')),
    amount_fen  BIGINT       NOT NULL CHECK (amount_fen > 0),
    PRIMARY KEY (setl_id, leg_no)
);

-- 冒名就医: a credential that is not the patient's own (R-SET-3)
CREATE TABLE impersonation_attempt (
    id               BIGSERIAL   PRIMARY KEY,
    fixmedins_code   VARCHAR(32) NOT NULL,
    psn_no           VARCHAR(32) NOT NULL,
    mdtrt_cert_type  VARCHAR(2)  NOT NULL,
    presented_certno VARCHAR(64) NOT NULL,
    holder_psn_no    VARCHAR(32),
    reason           VARCHAR(40) NOT NULL,
    operation        VARCHAR(16) NOT NULL,
    attempted_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX impersonation_by_person ON impersonation_attempt (psn_no);

-- suspensions from networked settlement, 3..12 months (R-SET-3)
CREATE TABLE suspension (
    suspension_id  VARCHAR(40)  PRIMARY KEY,
    request_id     VARCHAR(64)  NOT NULL UNIQUE,
    request_hash   CHAR(64)     NOT NULL,
    psn_no         VARCHAR(32)  NOT NULL,
    months         INT          NOT NULL CHECK (months BETWEEN 3 AND 12),
    reason         VARCHAR(500) NOT NULL,
    begndate       DATE         NOT NULL,
    enddate        DATE         NOT NULL CHECK (enddate > begndate),
    created_by     VARCHAR(100) NOT NULL,
    created_at     TIMESTAMPTZ  NOT NULL
);
CREATE INDEX suspension_by_person ON suspension (psn_no, enddate);

-- 异地就医备案 out-of-region filings (R-SET-6)
CREATE TABLE filing (
    filing_id   VARCHAR(40)  PRIMARY KEY,
    request_id  VARCHAR(64)  NOT NULL UNIQUE,
    request_hash CHAR(64)    NOT NULL,
    psn_no      VARCHAR(32)  NOT NULL,
    admdvs      CHAR(6)      NOT NULL,
    begndate    DATE         NOT NULL,
    enddate     DATE         NOT NULL CHECK (enddate >= begndate),
    created_by  VARCHAR(100) NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL
);
CREATE INDEX filing_by_person ON filing (psn_no);
