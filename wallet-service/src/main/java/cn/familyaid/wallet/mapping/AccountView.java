package cn.familyaid.wallet.mapping;

import cn.familyaid.wallet.domain.Account;
import cn.familyaid.wallet.domain.Money;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;

/** {@code GET /accounts/{psn_no}}: the personal account and the wallet, in yuan. */
public record AccountView(@JsonProperty("psn_no") String psnNo, Personal personal, Wallet wallet) {

    public record Personal(String status, BigDecimal balc, BigDecimal held, BigDecimal shareable) {
    }

    public record Wallet(String status, String admdvs, BigDecimal balc) {
    }

    public static AccountView of(String psnNo, Account personal, Account wallet) {
        Personal p = personal == null ? null : new Personal(personal.status, Money.toYuan(personal.balance),
                Money.toYuan(personal.held), Money.toYuan(personal.available()));
        Wallet w = wallet == null ? null : new Wallet(wallet.status, wallet.admdvs, Money.toYuan(wallet.balance));
        return new AccountView(psnNo, p, w);
    }
}
