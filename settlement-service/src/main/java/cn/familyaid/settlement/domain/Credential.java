package cn.familyaid.settlement.domain;

import java.util.Locale;

/**
 * 就诊凭证: whether the presented credential is the patient's own (R-SET-3).
 * <ul>
 * <li>{@code 02} resident ID card: the number read from the card must be the patient's certno.</li>
 * <li>{@code 03} social-security card: the card's 社会保障号码 is the holder's citizen ID number, so it
 *     must equal the patient's certno as well.</li>
 * <li>{@code 01} 医保电子凭证 (e-voucher): the QR code resolves at the national platform to the holder's
 *     person number; the POS passes that resolved {@code psn_no} as {@code mdtrt_cert_no}, which must be
 *     the patient's {@code psn_no}.</li>
 * </ul>
 */
public final class Credential {
    public static final String E_VOUCHER = "01";
    public static final String ID_CARD = "02";
    public static final String SSC_CARD = "03";

    private Credential() {
    }

    public static boolean isOwn(String certType, String presented, String psnNo, String certno) {
        if (presented == null) {
            return false;
        }
        String p = presented.trim().toUpperCase(Locale.ROOT);
        return switch (certType) {
            case E_VOUCHER -> p.equals(psnNo.toUpperCase(Locale.ROOT));
            case ID_CARD, SSC_CARD -> certno != null && p.equals(certno.toUpperCase(Locale.ROOT));
            default -> false;
        };
    }
}
