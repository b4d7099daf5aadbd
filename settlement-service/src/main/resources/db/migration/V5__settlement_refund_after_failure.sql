-- R-SET-8: a failed attempt whose hold the ledger had posted (reply lost or late) is refunded by the resolver. The
-- ledger shows that money posted to and refunded from the institution's clearing account, so reconciliation's gross
-- clearing totals count it too: failed_refund_fen on failed_post_date (the attempt's day) and failed_refund_date.
ALTER TABLE settlement ADD COLUMN failed_refund_fen BIGINT CHECK (failed_refund_fen > 0);
ALTER TABLE settlement ADD COLUMN failed_post_date DATE;
ALTER TABLE settlement ADD COLUMN failed_refund_date DATE;
ALTER TABLE settlement ADD CONSTRAINT settlement_failed_refund_dated
    CHECK (failed_refund_fen IS NULL OR (failed_post_date IS NOT NULL AND failed_refund_date IS NOT NULL));
CREATE INDEX settlement_failed_post ON settlement (fixmedins_code, failed_post_date) WHERE failed_refund_fen IS NOT NULL;
CREATE INDEX settlement_failed_refund ON settlement (fixmedins_code, failed_refund_date) WHERE failed_refund_fen IS NOT NULL;
