-- 近亲属 kinship from civil records; stored both ways (relation = what relative_psn_no is to psn_no)
CREATE TABLE kinship (
    psn_no          VARCHAR(32) NOT NULL REFERENCES person (psn_no),
    relative_psn_no VARCHAR(32) NOT NULL REFERENCES person (psn_no),
    relation        VARCHAR(16) NOT NULL
        CHECK (relation IN ('SPOUSE', 'PARENT', 'CHILD', 'SIBLING', 'GRANDPARENT', 'GRANDCHILD')),
    active          BOOLEAN      NOT NULL,
    recorded_by     VARCHAR(100) NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (psn_no, relative_psn_no),
    CHECK (psn_no <> relative_psn_no)
);

-- region policy; no row = the province row (xx0000), else defaults
CREATE TABLE region_policy (
    admdvs              CHAR(6)      PRIMARY KEY,
    allowed_relations   VARCHAR(100) NOT NULL,
    cross_province_open BOOLEAN      NOT NULL,
    retained_min_fen    BIGINT       NOT NULL CHECK (retained_min_fen >= 0),
    acceptance_required BOOLEAN      NOT NULL,
    extra_categories    VARCHAR(400) NOT NULL,
    version             BIGINT       NOT NULL,
    updated_by          VARCHAR(100) NOT NULL,
    updated_at          TIMESTAMPTZ  NOT NULL
);

-- one row per beneficiary: the funding plan's version; locked while a plan changes
CREATE TABLE funding_plan (
    beneficiary_psn_no VARCHAR(32) PRIMARY KEY REFERENCES person (psn_no),
    version            BIGINT      NOT NULL CHECK (version >= 0),
    updated_at         TIMESTAMPTZ NOT NULL
);

-- 家庭共济 mutual-aid binding: the funder's personal account pays for the beneficiary
CREATE TABLE binding (
    binding_id         UUID PRIMARY KEY,
    funder_psn_no      VARCHAR(32)  NOT NULL REFERENCES person (psn_no),
    beneficiary_psn_no VARCHAR(32)  NOT NULL REFERENCES person (psn_no),
    relation           VARCHAR(16)  NOT NULL
        CHECK (relation IN ('SPOUSE', 'PARENT', 'CHILD', 'SIBLING', 'GRANDPARENT', 'GRANDCHILD')),
    share_mode         VARCHAR(4)   NOT NULL CHECK (share_mode IN ('ALL', 'CAP')),
    cap_fen            BIGINT,
    status             VARCHAR(8)   NOT NULL CHECK (status IN ('PENDING', 'ACTIVE', 'ENDED')),
    deduction_order    INT,
    channel            VARCHAR(8)   NOT NULL CHECK (channel IN ('APP', 'WECHAT', 'ALIPAY', 'COUNTER')),
    operator           VARCHAR(100) NOT NULL,
    operator_role      VARCHAR(16)  NOT NULL,
    created_at         TIMESTAMPTZ  NOT NULL,
    accepted_at        TIMESTAMPTZ,
    accepted_by        VARCHAR(100),
    ended_at           TIMESTAMPTZ,
    end_reason         VARCHAR(20),
    ended_by           VARCHAR(100),
    CHECK (funder_psn_no <> beneficiary_psn_no),
    CHECK ((share_mode = 'ALL' AND cap_fen IS NULL) OR (share_mode = 'CAP' AND cap_fen > 0)),
    CHECK ((status = 'ACTIVE') = (deduction_order IS NOT NULL)),
    CHECK (deduction_order IS NULL OR deduction_order >= 1),
    CHECK ((status = 'ENDED') = (ended_at IS NOT NULL))
);
-- no duplicate live binding of a pair (R-BIND duplicate → 409), even under concurrent requests
CREATE UNIQUE INDEX binding_one_live_per_pair ON binding (funder_psn_no, beneficiary_psn_no)
    WHERE status IN ('ACTIVE', 'PENDING');
-- one funder per order position per beneficiary; deferred so a reorder may swap positions
ALTER TABLE binding ADD CONSTRAINT binding_order_unique
    EXCLUDE USING btree (beneficiary_psn_no WITH =, deduction_order WITH =) WHERE (status = 'ACTIVE')
    DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX binding_by_beneficiary ON binding (beneficiary_psn_no);
CREATE INDEX binding_by_funder ON binding (funder_psn_no);

-- request_id idempotency of POST /bindings: the hash of what was asked and the answer given
CREATE TABLE binding_request (
    request_id   VARCHAR(64)  PRIMARY KEY,
    request_hash CHAR(64)     NOT NULL,
    http_status  INT          NOT NULL,
    content_type VARCHAR(40)  NOT NULL,
    response     TEXT         NOT NULL,
    binding_id   UUID         REFERENCES binding (binding_id),
    created_at   TIMESTAMPTZ  NOT NULL
);

-- 亲情账户 proxy: agent may act for principal with the principal's own money (R-BIND-11)
CREATE TABLE proxy (
    proxy_id      UUID PRIMARY KEY,
    psn_no        VARCHAR(32)  NOT NULL REFERENCES person (psn_no),
    agent_psn_no  VARCHAR(32)  NOT NULL REFERENCES person (psn_no),
    status        VARCHAR(8)   NOT NULL CHECK (status IN ('ACTIVE', 'REVOKED')),
    created_by    VARCHAR(100) NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL,
    revoked_at    TIMESTAMPTZ,
    revoked_by    VARCHAR(100),
    CHECK (psn_no <> agent_psn_no)
);
CREATE UNIQUE INDEX proxy_one_active_per_pair ON proxy (psn_no, agent_psn_no) WHERE status = 'ACTIVE';

-- consumed events already applied (same transaction as the effect)
CREATE TABLE inbox_event (
    event_id     UUID PRIMARY KEY,
    event_type   VARCHAR(100) NOT NULL,
    processed_at TIMESTAMPTZ  NOT NULL
);

-- account.closed from wallet-service: the person can no longer fund (R-BIND-10)
ALTER TABLE person ADD COLUMN account_closed_at TIMESTAMPTZ;
