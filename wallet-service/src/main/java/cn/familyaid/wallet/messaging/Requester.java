package cn.familyaid.wallet.messaging;

import java.util.Optional;
import java.util.Set;

/**
 * The services that may send ledger commands, and what each may send. The broker does not tell a consumer who
 * produced a record, so the requester is the topic the command arrived on: each requester has a command topic
 * that only its own principal may write (deploy/kafka/acl-matrix.csv), and a reply topic only it may read.
 * A command that names another requester, a type its requester may not send, a hold of the other requester, or a
 * reply topic other than its requester's own is refused and moves nothing.
 */
public enum Requester {
    /** Settlements and reversals: one-shot settlements, plan holds, their posting, voiding and refunding. */
    SETTLEMENT("settlement-service", "ledger.commands.settlement", "ledger.replies.settlement", "PLAN",
            Set.of(LedgerCommand.SETTLE, LedgerCommand.HOLD_FOR_PLAN, LedgerCommand.POST_HOLD, LedgerCommand.VOID_HOLD,
                    LedgerCommand.REFUND_HOLD)),
    /** Withdrawals: withdrawal holds, their payout and their release. */
    WITHDRAWAL("withdrawal-service", "ledger.commands.withdrawal", "ledger.replies.withdrawal", "WITHDRAWAL",
            Set.of(LedgerCommand.HOLD_WITHDRAWAL, LedgerCommand.PAYOUT, LedgerCommand.VOID_HOLD));

    public final String principal;
    public final String commandTopic;
    public final String replyTopic;
    /** The kind of the holds this requester places, and the only kind it may act on. */
    public final String holdKind;
    public final Set<String> types;

    Requester(String principal, String commandTopic, String replyTopic, String holdKind, Set<String> types) {
        this.principal = principal;
        this.commandTopic = commandTopic;
        this.replyTopic = replyTopic;
        this.holdKind = holdKind;
        this.types = types;
    }

    public static Optional<Requester> byTopic(String topic) {
        for (Requester r : values()) {
            if (r.commandTopic.equals(topic)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** A command type some requester may send (others are refused as unknown). */
    public static boolean known(String type) {
        for (Requester r : values()) {
            if (r.types.contains(type)) {
                return true;
            }
        }
        return false;
    }

    public boolean maySend(String type) {
        return types.contains(type);
    }
}
