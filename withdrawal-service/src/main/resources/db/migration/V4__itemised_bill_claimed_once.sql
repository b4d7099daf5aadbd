-- R-WD-4: a serious-illness withdrawal pays "up to the bill", so an itemised bill backs one payment. A bill (its
-- evidence ref, trimmed and upper-cased) is claimed by the person's SERIOUS_ILLNESS application that files it;
-- the claim is dropped when that application ends unpaid (REJECTED), and kept otherwise (SUBMITTED, APPROVED,
-- PAID). The primary key is the guard: two applications of one person can never hold the same bill, however
-- they race.
CREATE TABLE bill_claim (
    psn_no         VARCHAR(32)  NOT NULL,
    bill_ref       VARCHAR(200) NOT NULL,
    withdrawal_id  UUID         NOT NULL REFERENCES withdrawal (id),
    claimed_at     TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (psn_no, bill_ref)
);
CREATE INDEX bill_claim_withdrawal ON bill_claim (withdrawal_id);

-- the bills of applications filed before this guard (the earliest application keeps a bill filed twice)
INSERT INTO bill_claim (psn_no, bill_ref, withdrawal_id, claimed_at)
SELECT DISTINCT ON (w.psn_no, upper(btrim(e.ref))) w.psn_no, upper(btrim(e.ref)), w.id, w.submitted_at
FROM withdrawal w JOIN evidence e ON e.withdrawal_id = w.id
WHERE w.reason = 'SERIOUS_ILLNESS' AND w.status <> 'REJECTED' AND e.type = 'ITEMISED_BILL'
ORDER BY w.psn_no, upper(btrim(e.ref)), w.submitted_at;
