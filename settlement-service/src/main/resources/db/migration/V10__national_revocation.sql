-- 2601 (reversal by message): the institution names a settlement by the msgid it sent it with. The record stays
-- whether or not that settlement arrived, so a 2207/2102 with this msgid arriving later is refused and never
-- charges, and one racing this 2601 is reversed right after it settled: one outcome per msgid.
CREATE TABLE national_revocation (
    fixmedins_code VARCHAR(32) NOT NULL,
    msgid          VARCHAR(40) NOT NULL,
    oinfno         VARCHAR(8)  NOT NULL,
    psn_no         VARCHAR(30) NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (fixmedins_code, msgid)
);
