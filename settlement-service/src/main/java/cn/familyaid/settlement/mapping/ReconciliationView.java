package cn.familyaid.settlement.mapping;

import cn.familyaid.settlement.domain.Money;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** Daily reconciliation of one institution (R-SET-8): settled, reversed, net; by source. */
public record ReconciliationView(
        @JsonProperty("fixmedins_code") String fixmedinsCode,
        LocalDate date,
        Block settled,
        Block reversed,
        Block net,
        @JsonProperty("by_source") List<SourceRow> bySource,
        @JsonProperty("ledger_clearing") Clearing ledgerClearing) {

    /** Internal sums in fen. */
    public record Totals(long count, long medfee, long psnPart, long ownAcct, long familyAcct, long wallet, long cash,
                         long[] countBySource) {
        long account() {
            return ownAcct + familyAcct + wallet;
        }
    }

    @Schema(name = "ReconciliationBlock", description = "Counts and amounts (yuan) of one kind of line.")
    public record Block(long count, @JsonProperty("medfee_sumamt") BigDecimal medfeeSumamt,
                        @JsonProperty("psn_part_amt") BigDecimal psnPartAmt,
                        @JsonProperty("acct_pay") BigDecimal acctPay,
                        @JsonProperty("acct_mulaid_pay") BigDecimal acctMulaidPay,
                        @JsonProperty("wlt_pay") BigDecimal wltPay,
                        @JsonProperty("psn_cash_pay") BigDecimal psnCashPay) {
        static Block of(long count, long medfee, long part, long own, long family, long wallet, long cash) {
            return new Block(count, Money.toYuan(medfee), Money.toYuan(part), Money.toYuan(own + family),
                    Money.toYuan(family), Money.toYuan(wallet), Money.toYuan(cash));
        }
    }

    /** source: PERSONAL_OWN, PERSONAL_FAMILY, WALLET, CASH. */
    @Schema(name = "ReconciliationSourceRow")
    public record SourceRow(String source, @JsonProperty("settled_count") long settledCount,
                            @JsonProperty("settled_amt") BigDecimal settledAmt,
                            @JsonProperty("reversed_count") long reversedCount,
                            @JsonProperty("reversed_amt") BigDecimal reversedAmt,
                            @JsonProperty("net_amt") BigDecimal netAmt) {
    }

    /**
     * What the ledger must show on the institution's clearing account for the day: gross posted and refunded include
     * failed attempts the ledger had posted and that were refunded (they cancel out in the net).
     */
    @Schema(name = "ReconciliationClearing", description = "What the ledger must show on the institution's clearing"
            + " account for the day; gross posted and refunded include failed attempts the ledger posted and refunded.")
    public record Clearing(@JsonProperty("posted_amt") BigDecimal postedAmt,
                           @JsonProperty("refunded_amt") BigDecimal refundedAmt,
                           @JsonProperty("net_amt") BigDecimal netAmt) {
    }

    public static ReconciliationView of(String code, LocalDate date, Totals s, Totals r) {
        return of(code, date, s, r, 0, 0);
    }

    /**
     * @param failedPosted   account money of failed attempts the ledger posted on the day (refunded later)
     * @param failedRefunded account money of failed attempts refunded on the day
     */
    public static ReconciliationView of(String code, LocalDate date, Totals s, Totals r, long failedPosted,
                                        long failedRefunded) {
        Block settled = Block.of(s.count(), s.medfee(), s.psnPart(), s.ownAcct(), s.familyAcct(), s.wallet(), s.cash());
        Block reversed = Block.of(r.count(), r.medfee(), r.psnPart(), r.ownAcct(), r.familyAcct(), r.wallet(), r.cash());
        Block net = Block.of(s.count() - r.count(), s.medfee() - r.medfee(), s.psnPart() - r.psnPart(),
                s.ownAcct() - r.ownAcct(), s.familyAcct() - r.familyAcct(), s.wallet() - r.wallet(), s.cash() - r.cash());
        List<SourceRow> rows = List.of(
                row("PERSONAL_OWN", 0, s.ownAcct(), r.ownAcct(), s, r),
                row("PERSONAL_FAMILY", 1, s.familyAcct(), r.familyAcct(), s, r),
                row("WALLET", 2, s.wallet(), r.wallet(), s, r),
                row("CASH", 3, s.cash(), r.cash(), s, r));
        long posted = s.account() + failedPosted;
        long refunded = r.account() + failedRefunded;
        Clearing clearing = new Clearing(Money.toYuan(posted), Money.toYuan(refunded), Money.toYuan(posted - refunded));
        return new ReconciliationView(code, date, settled, reversed, net, rows, clearing);
    }

    private static SourceRow row(String source, int i, long settled, long reversed, Totals s, Totals r) {
        return new SourceRow(source, s.countBySource()[i], Money.toYuan(settled), r.countBySource()[i],
                Money.toYuan(reversed),
                Money.toYuan(settled - reversed));
    }
}
