package cn.familyaid.wallet.mapping;

import cn.familyaid.wallet.domain.Masking;
import cn.familyaid.wallet.domain.Money;
import cn.familyaid.wallet.service.EntryService;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;

/**
 * One ledger entry of a person's statement. {@code mutual_aid} is set on a settlement (or its reversal) that the
 * person paid for someone else: the beneficiary (masked name), the relation, the kind of institution — R-BIND-9.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EntryView(@JsonProperty("entry_id") long entryId, String time, String account, String direction,
                        BigDecimal amount, String reason, String reference, Counterparty counterparty,
                        @JsonProperty("fixmedins_type") String fixmedinsType,
                        @JsonProperty("mutual_aid") MutualAid mutualAid) {

    public record Counterparty(@JsonProperty("psn_no") String psnNo, @JsonProperty("psn_name") String psnName) {
    }

    public record MutualAid(@JsonProperty("beneficiary_psn_name") String beneficiaryPsnName,
                            String relation,
                            @JsonProperty("fixmedins_type") String fixmedinsType,
                            BigDecimal amount) {
    }

    public static EntryView of(String me, EntryService.Entry e) {
        Counterparty counterparty = "transfer".equals(e.reason()) && e.counterpartyPsnNo() != null
                ? new Counterparty(e.counterpartyPsnNo(), Masking.name(e.counterpartyName())) : null;
        MutualAid aid = e.holdOwnerPsnNo() != null && !e.holdOwnerPsnNo().equals(me)
                && ("settlement".equals(e.reason()) || "reversal".equals(e.reason()))
                ? new MutualAid(Masking.name(e.holdOwnerName()), e.relation(), e.fixmedinsType(),
                Money.toYuan(e.amountFen())) : null;
        return new EntryView(e.id(), e.at().toString(), e.accountKind(), e.incoming() ? "IN" : "OUT",
                Money.toYuan(e.amountFen()), e.reason(), e.reference(), counterparty, e.fixmedinsType(), aid);
    }
}
