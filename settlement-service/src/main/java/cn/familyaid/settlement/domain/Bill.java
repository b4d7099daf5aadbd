package cn.familyaid.settlement.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** What the counter asks to settle, in fen: the content that idempotency and pre-settlement compare. */
public record Bill(String fixmedinsCode, String psnNo, String mdtrtCertType, String mdtrtCertNo, String insutype,
                   String medType, long medfeeFen, long fundPayFen, String acctUsedFlag, String mdtrtareaAdmvs,
                   Proxy proxy) {

    /** 代买药: the relative buying for the patient (R-SET-4). */
    public record Proxy(String psnName, String certno, String relation) {
    }

    public long psnPartFen() {
        return medfeeFen - fundPayFen;
    }

    public boolean accountWanted() {
        return "1".equals(acctUsedFlag);
    }

    /** SHA-256 of the bill's content (a one-way digest: certificate numbers never leave in clear). */
    public String contentHash() {
        StringBuilder b = new StringBuilder();
        for (Object o : new Object[]{fixmedinsCode, psnNo, mdtrtCertType, mdtrtCertNo, insutype, medType, medfeeFen,
                fundPayFen, acctUsedFlag, mdtrtareaAdmvs, proxy == null ? null : proxy.psnName(),
                proxy == null ? null : proxy.certno(), proxy == null ? null : proxy.relation()}) {
            b.append(o == null ? "\u0000" : o.toString()).append('\u001f');
        }
        return sha256(b.toString());
    }

    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
