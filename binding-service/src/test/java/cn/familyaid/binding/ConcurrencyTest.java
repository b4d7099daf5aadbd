package cn.familyaid.binding;

import cn.familyaid.binding.domain.Binding;
import cn.familyaid.binding.support.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static cn.familyaid.binding.support.Family.bindBody;
import static cn.familyaid.binding.support.Family.events;
import static cn.familyaid.binding.support.Family.kin;
import static cn.familyaid.binding.support.Family.person;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Many parallel requests on the same pair / beneficiary leave one consistent state and growing versions. */
@QuarkusTest
class ConcurrencyTest {

    static <T> List<T> parallel(int n, java.util.function.IntFunction<Callable<T>> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(n, 25));
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<T> c = task.apply(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    return c.call();
                }));
            }
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    static Response post(Map<String, Object> body) {
        return given().auth().oauth2(Tokens.person((String) body.get("funder_psn_no"))).contentType(ContentType.JSON)
                .body(body).post("/api/v1/bindings");
    }

    static void assertVersionsStrictlyGrow(String beneficiary, int expectedEvents) {
        List<JsonNode> plans = events("binding.changed", beneficiary);
        assertThat(plans).hasSize(expectedEvents);
        for (int i = 0; i < plans.size(); i++) {
            assertThat(plans.get(i).get("data").get("version").asLong()).isEqualTo(i + 1);
        }
    }

    @Test
    void fifty_parallel_binds_of_the_same_pair_leave_exactly_one_active_binding() throws Exception {
        String mother = person("320102", "310");
        String son = person("320102", "390");
        kin(mother, son, "CHILD");
        List<Integer> statuses = parallel(50, i -> () -> post(bindBody(mother, son, "CHILD")).statusCode());
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(49);
        long live = QuarkusTransaction.requiringNew().call(() -> Binding.liveCount(mother, son));
        assertThat(live).isEqualTo(1);
        assertVersionsStrictlyGrow(son, 1);
    }

    @Test
    void the_same_request_id_sent_twenty_times_at_once_creates_one_binding_and_one_answer() throws Exception {
        String mother = person("320102", "310");
        String son = person("320102", "390");
        kin(mother, son, "CHILD");
        Map<String, Object> body = bindBody(mother, son, "CHILD");
        List<Response> answers = parallel(20, i -> () -> post(body));
        assertThat(answers).filteredOn(r -> r.statusCode() == 201).hasSize(1);
        assertThat(answers).filteredOn(r -> r.statusCode() == 200).hasSize(19);
        String id = answers.get(0).path("binding_id");
        assertThat(answers).allSatisfy(r -> assertThat((String) r.path("binding_id")).isEqualTo(id));
        assertThat(QuarkusTransaction.requiringNew().call(() -> Binding.count("funderPsnNo", mother))).isEqualTo(1);
    }

    @Test
    void many_funders_binding_one_beneficiary_at_once_get_distinct_orders_and_growing_versions() throws Exception {
        String grandma = person("320102", "390");
        List<String> funders = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String f = person("320102", "310");
            kin(f, grandma, i % 2 == 0 ? "PARENT" : "GRANDPARENT");
            funders.add(f);
        }
        List<Integer> statuses = parallel(12, i -> () -> {
            Map<String, Object> body = new HashMap<>(bindBody(funders.get(i), grandma, i % 2 == 0 ? "PARENT"
                    : "GRANDPARENT"));
            return post(body).statusCode();
        });
        assertThat(statuses).containsOnly(201);
        List<Integer> orders = QuarkusTransaction.requiringNew().call(() -> Binding.activeOf(grandma).stream()
                .map(b -> b.deductionOrder).toList());
        assertThat(orders).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertVersionsStrictlyGrow(grandma, 12);
    }

    @Test
    void a_death_racing_with_new_binds_leaves_no_live_binding_of_the_dead_funder() throws Exception {
        String mother = person("320102", "310");
        List<String> children = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String c = person("320102", "390");
            kin(mother, c, "CHILD");
            children.add(c);
        }
        parallel(11, i -> () -> {
            if (i == 10) {
                return cn.familyaid.binding.support.Family.update(mother, "320102", "310", "1", "2026-11-21")
                        .extract().statusCode();
            }
            return post(bindBody(mother, children.get(i), "CHILD")).statusCode();
        });
        long live = QuarkusTransaction.requiringNew().call(() -> (long) Binding.liveInvolving(mother).size());
        assertThat(live).isZero();
        for (String c : children) {
            List<JsonNode> plans = events("binding.changed", c);
            if (!plans.isEmpty()) {
                assertThat(plans.get(plans.size() - 1).get("data").get("funders")).isEmpty();
            }
        }
    }
}
