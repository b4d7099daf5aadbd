package cn.familyaid.withdrawal.domain;

/** Masks personal data shown to anyone but the person: {@code 110***********1234}. */
public final class Masking {
    private Masking() {
    }

    public static String certno(String certno) {
        if (certno == null || certno.length() < 8) {
            return certno == null ? null : "*".repeat(certno.length());
        }
        return certno.substring(0, 3) + "*".repeat(certno.length() - 7) + certno.substring(certno.length() - 4);
    }

    /** Bank account numbers: the last four digits only. */
    public static String accountNo(String accountNo) {
        if (accountNo == null || accountNo.length() <= 4) {
            return accountNo;
        }
        return "*".repeat(accountNo.length() - 4) + accountNo.substring(accountNo.length() - 4);
    }
}
