package cn.familyaid.wallet.mapping;

import cn.familyaid.wallet.domain.Account;
import cn.familyaid.wallet.domain.Money;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;

/**
 * {@code GET /accounts/{psn_no}}: the personal account and the wallet, in yuan. {@code shareable} is what
 * family mutual aid could draw now: available (balance − held) above the retained minimum (R-BIND-6).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccountView(@JsonProperty("psn_no") String psnNo, Personal personal, Wallet wallet) {

    @Schema(name = "PersonalAccount", description = "The personal account; amounts in yuan.")
    public record Personal(String status, BigDecimal balc, BigDecimal held, BigDecimal shareable) {
    }

    @Schema(name = "AccountWallet", description = "The wallet; `phone` masked for everyone but the person.")
    public record Wallet(String status, String admdvs, BigDecimal balc, String phone) {
    }

    public static AccountView of(String psnNo, Account personal, Account wallet) {
        return of(psnNo, personal, wallet, 0, null);
    }

    public static AccountView of(String psnNo, Account personal, Account wallet, long retainedMinFen, String phone) {
        Personal p = personal == null ? null : new Personal(personal.status, Money.toYuan(personal.balance),
                Money.toYuan(personal.held), Money.toYuan(Account.ACTIVE.equals(personal.status)
                ? Math.max(0, personal.available() - retainedMinFen) : 0));
        Wallet w = wallet == null ? null : new Wallet(wallet.status, wallet.admdvs, Money.toYuan(wallet.balance), phone);
        return new AccountView(psnNo, p, w);
    }
}
