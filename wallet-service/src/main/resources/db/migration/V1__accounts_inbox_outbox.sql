-- wallet-service's copy of the insured persons it has heard of (from person.changed)
CREATE TABLE insured_person (
    psn_no          VARCHAR(32) PRIMARY KEY,
    psn_name        VARCHAR(100) NOT NULL,
    insutype        VARCHAR(4)   NOT NULL,
    psn_insu_stas   VARCHAR(2)   NOT NULL,
    insuplc_admdvs  CHAR(6)      NOT NULL,
    death_date      DATE,
    version         BIGINT       NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL
);

-- accounts of the ledger: a person's personal account (310 only) and wallet
CREATE TABLE account (
    id          BIGSERIAL PRIMARY KEY,
    psn_no      VARCHAR(32) NOT NULL,
    kind        VARCHAR(16) NOT NULL CHECK (kind IN ('PERSONAL', 'WALLET')),
    admdvs      CHAR(6)     NOT NULL,
    status      VARCHAR(16) NOT NULL CHECK (status IN ('ACTIVE', 'FROZEN', 'CLOSED')),
    balance     BIGINT      NOT NULL DEFAULT 0 CHECK (balance >= 0),
    held        BIGINT      NOT NULL DEFAULT 0 CHECK (held >= 0 AND held <= balance),
    opened_at   TIMESTAMPTZ NOT NULL,
    version     BIGINT      NOT NULL DEFAULT 0,
    UNIQUE (psn_no, kind)
);

-- inbox: ids of the events already applied, written in the same transaction as their effect
CREATE TABLE inbox_event (
    event_id     UUID PRIMARY KEY,
    event_type   VARCHAR(100) NOT NULL,
    processed_at TIMESTAMPTZ  NOT NULL
);

CREATE TABLE outbox_event (
    id           UUID PRIMARY KEY,
    topic        VARCHAR(100) NOT NULL,
    msg_key      VARCHAR(100) NOT NULL,
    event_type   VARCHAR(100) NOT NULL,
    payload      TEXT         NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    seq          BIGSERIAL    NOT NULL,
    sent_at      TIMESTAMPTZ
);
CREATE INDEX outbox_event_unsent ON outbox_event (seq) WHERE sent_at IS NULL;
