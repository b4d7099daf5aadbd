package cn.familyaid.wallet.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Executing a beneficiary's funding plan (共济扣款), R-SET-2 and R-BIND-6: the bill is drawn from the
 * candidates in the order given — own personal account, own wallet, then the funders in deduction
 * order — each source within its cap (what is left of it: {@code cap − already paid under the mandate}),
 * only from available money ({@code balance − held}) and never taking a funder below the retained
 * minimum. Whatever is left is paid in cash. Plain Java: the caller decides which sources are eligible
 * (frozen accounts, wallet region, family funds allowed) and passes them in order.
 */
public final class FundingPlan {
    public static final long NO_CAP = Long.MAX_VALUE;

    private FundingPlan() {
    }

    public enum Source { PERSONAL, WALLET }

    /**
     * One account that may pay: {@code available} is balance − held; {@code retainedMinFen} is never
     * taken (0 for the beneficiary's own accounts); {@code capLeftFen} is what the mandate may still pay
     * ({@link #NO_CAP} for own accounts and share mode ALL).
     */
    public record Candidate(long accountId, String psnNo, String psnName, Source source, String relation,
                            String bindingId, long availableFen, long retainedMinFen, long capLeftFen) {
        public Candidate {
            Objects.requireNonNull(psnNo);
            Objects.requireNonNull(source);
            if (availableFen < 0 || retainedMinFen < 0 || capLeftFen < 0) {
                throw new IllegalArgumentException("amounts must not be negative");
            }
        }
    }

    /** A draw on one account, numbered in drawing order from 1. */
    public record Leg(int legNo, Candidate from, long amountFen) {
    }

    public record Allocation(List<Leg> legs, long cashFen) {
        public long drawnFen() {
            return legs.stream().mapToLong(Leg::amountFen).sum();
        }
    }

    public static Allocation allocate(long billFen, List<Candidate> inOrder) {
        if (billFen < 0) {
            throw new IllegalArgumentException("bill must not be negative");
        }
        List<Leg> legs = new ArrayList<>();
        // the same account may appear twice (e.g. two mandates of one funder): draws add up per account
        Map<Long, Long> drawnFromAccount = new HashMap<>();
        long left = billFen;
        for (Candidate c : inOrder) {
            if (left == 0) {
                break;
            }
            long alreadyDrawn = drawnFromAccount.getOrDefault(c.accountId(), 0L);
            long shareable = Math.max(0, c.availableFen() - alreadyDrawn - c.retainedMinFen());
            long take = Math.min(left, Math.min(shareable, c.capLeftFen()));
            if (take > 0) {
                legs.add(new Leg(legs.size() + 1, c, take));
                drawnFromAccount.merge(c.accountId(), take, Long::sum);
                left -= take;
            }
        }
        return new Allocation(List.copyOf(legs), left);
    }
}
