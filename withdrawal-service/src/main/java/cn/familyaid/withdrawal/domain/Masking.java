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

    /** Names of others: keep the family name only (张**), as settlement-service shows them. */
    public static String name(String name) {
        if (name == null || name.isEmpty()) {
            return name;
        }
        return name.substring(0, 1) + "*".repeat(Math.max(1, name.length() - 1));
    }

    /** Bank account numbers: the last four digits only. */
    public static String accountNo(String accountNo) {
        if (accountNo == null || accountNo.length() <= 4) {
            return accountNo;
        }
        return "*".repeat(accountNo.length() - 4) + accountNo.substring(accountNo.length() - 4);
    }
}
