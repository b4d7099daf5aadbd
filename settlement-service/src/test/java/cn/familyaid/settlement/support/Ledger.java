package cn.familyaid.settlement.support;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** The real ledger (wallet jar) seen from the tests: its REST API for money in and balances, its database for postings. */
public final class Ledger {
    private Ledger() {
    }

    public static String url() {
        return WalletJar.url();
    }

    /** Waits until the wallet jar has opened the personal account of an employee-insured person. */
    public static void awaitAccount(String psnNo) {
        Events.await("wallet account of " + psnNo, () -> given().baseUri(url()).auth().oauth2(Tokens.person(psnNo))
                .get("/api/v1/accounts/{p}", psnNo).statusCode() == 200);
    }

    public static void credit(String psnNo, String admdvs, String yuan) {
        given().baseUri(url()).auth().oauth2(Tokens.platform(admdvs)).contentType("application/json")
                .body(Map.of("request_id", UUID.randomUUID().toString(), "amount", new BigDecimal(yuan),
                        "period", "2026-11"))
                .post("/api/v1/accounts/{p}/credits", psnNo).then().statusCode(201);
    }

    public static BigDecimal balc(String psnNo) {
        return new BigDecimal(given().baseUri(url()).auth().oauth2(Tokens.person(psnNo))
                .get("/api/v1/accounts/{p}", psnNo).then().statusCode(200).extract().jsonPath()
                .getString("personal.balc"));
    }

    public static BigDecimal held(String psnNo) {
        return new BigDecimal(given().baseUri(url()).auth().oauth2(Tokens.person(psnNo))
                .get("/api/v1/accounts/{p}", psnNo).then().statusCode(200).extract().jsonPath()
                .getString("personal.held"));
    }

    public static BigDecimal walletBalc(String psnNo) {
        String v = given().baseUri(url()).auth().oauth2(Tokens.person(psnNo))
                .get("/api/v1/accounts/{p}", psnNo).then().statusCode(200).extract().jsonPath()
                .getString("wallet.balc");
        return v == null ? BigDecimal.ZERO.setScale(2) : new BigDecimal(v);
    }

    /** Publishes the beneficiary's funding plan and waits until the ledger applied that version. */
    public static void plan(String beneficiary, long version, List<Events.Funder> funders) {
        Events.bindingChanged(beneficiary, version, funders);
        Events.await("plan of " + beneficiary, () -> longQuery(
                "SELECT coalesce(max(version), 0) FROM funding_plan WHERE beneficiary_psn_no = ?", beneficiary) >= version);
    }

    public static long longQuery(String sql, Object... args) {
        try (Connection c = WalletJar.database(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the ledger posted to the institution's clearing account (reason settlement), in fen. */
    public static long postedToClearing(String fixmedinsCode) {
        return longQuery("SELECT coalesce(sum(t.amount_fen), 0) FROM ledger_transfer t JOIN account a "
                + "ON a.id = t.credit_account_id WHERE a.code = ? AND t.reason = 'settlement'", "CLEARING:" + fixmedinsCode);
    }

    /** What the ledger refunded from the institution's clearing account (reason reversal), in fen. */
    public static long refundedFromClearing(String fixmedinsCode) {
        return longQuery("SELECT coalesce(sum(t.amount_fen), 0) FROM ledger_transfer t JOIN account a "
                + "ON a.id = t.debit_account_id WHERE a.code = ? AND t.reason = 'reversal'", "CLEARING:" + fixmedinsCode);
    }
}
