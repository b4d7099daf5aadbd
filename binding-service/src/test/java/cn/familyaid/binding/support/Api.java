package cn.familyaid.binding.support;

import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.config.JsonPathConfig;

/** RestAssured reads amounts as exact decimals, so {@code 0.00} is compared as money, not as a float. */
public final class Api {
    private Api() {
    }

    public static void exactAmounts() {
        RestAssured.config = RestAssured.config().jsonConfig(
                JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }
}
