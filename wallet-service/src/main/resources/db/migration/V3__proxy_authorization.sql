-- 亲情账户 proxy authorizations (R-BIND-11) from binding-service's proxy.changed: proxy_psn_no may act for
-- psn_no (the grantor) while active. Applied by version per proxy_id; it never creates a mandate.
CREATE TABLE proxy_authorization (
    proxy_id     UUID        PRIMARY KEY,
    psn_no       VARCHAR(32) NOT NULL,
    proxy_psn_no VARCHAR(32) NOT NULL,
    active       BOOLEAN     NOT NULL,
    version      BIGINT      NOT NULL CHECK (version > 0),
    updated_at   TIMESTAMPTZ NOT NULL,
    CHECK (psn_no <> proxy_psn_no)
);
CREATE INDEX proxy_authorization_active ON proxy_authorization (proxy_psn_no, psn_no) WHERE active;
