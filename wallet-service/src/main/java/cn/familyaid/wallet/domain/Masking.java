package cn.familyaid.wallet.domain;

/** Masks personal data shown to anyone but the person. */
public final class Masking {
    private Masking() {
    }

    /** Names of others: keep the family name only (张**). */
    public static String name(String name) {
        if (name == null || name.isEmpty()) {
            return name;
        }
        return name.substring(0, 1) + "*".repeat(Math.max(1, name.length() - 1));
    }

    /** A certificate number: the first 6 and the last 4 characters (320102********1238). */
    public static String certno(String certno) {
        if (certno == null || certno.length() <= 10) {
            return certno == null ? null : "*".repeat(certno.length());
        }
        return certno.substring(0, 6) + "*".repeat(certno.length() - 10) + certno.substring(certno.length() - 4);
    }

    /** A mobile number: 138****5678. */
    public static String phone(String phone) {
        if (phone == null || phone.length() < 7) {
            return phone == null ? null : "*".repeat(phone.length());
        }
        return phone.substring(0, 3) + "*".repeat(phone.length() - 7) + phone.substring(phone.length() - 4);
    }
}
