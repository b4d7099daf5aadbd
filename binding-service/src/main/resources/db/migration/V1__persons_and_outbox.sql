-- 参保人 registry, synced from the platforms
CREATE TABLE person (
    psn_no          VARCHAR(32) PRIMARY KEY,
    psn_name        VARCHAR(100) NOT NULL,
    psn_cert_type   VARCHAR(4)   NOT NULL,
    certno          VARCHAR(32)  NOT NULL,
    gend            VARCHAR(2)   NOT NULL,
    brdy            DATE         NOT NULL,
    insutype        VARCHAR(4)   NOT NULL,
    psn_insu_stas   VARCHAR(2)   NOT NULL,
    insuplc_admdvs  CHAR(6)      NOT NULL,
    death_date      DATE,
    version         BIGINT       NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL
);

-- transactional outbox: written in the same transaction as the change, relayed to Kafka
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
