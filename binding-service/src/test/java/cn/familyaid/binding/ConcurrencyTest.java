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

    /** The binding.changed with the highest plan version for the beneficiary (what a consumer ends up applying). */
    static JsonNode newestPlan(String beneficiary) {
        return events("binding.changed", beneficiary).stream().map(e -> e.get("data"))
                .max(java.util.Comparator.comparingLong(d -> d.get("version").asLong())).orElse(null);
    }

    @Test
    void parallel_accepts_racing_a_funders_death_never_leave_her_in_a_published_plan_R_BIND_10() throws Exception {
        for (int round = 0; round < 3; round++) {
            String region = cn.familyaid.binding.support.Family.region("32");
            cn.familyaid.binding.support.Family.policy(region, Map.of("acceptance_required", true));
            String mother = person(region, "310");
            List<String> children = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String c = person(region, "390");
                kin(mother, c, "CHILD");
                children.add(c);
                ids.add(cn.familyaid.binding.support.Family.bound(mother, c, "CHILD"));
            }
            List<Integer> statuses = parallel(17, i -> () -> {
                if (i == 16) {
                    return cn.familyaid.binding.support.Family.update(mother, region, "310", "1", "2026-11-21")
                            .extract().statusCode();
                }
                return given().auth().oauth2(Tokens.person(children.get(i)))
                        .post("/api/v1/bindings/{id}/accept", ids.get(i)).statusCode();
            });
            assertThat(statuses.get(16)).isEqualTo(200);
            assertThat(statuses.subList(0, 16)).allSatisfy(s -> assertThat(s).isIn(200, 403, 409));
            for (int i = 0; i < 16; i++) {
                String id = ids.get(i);
                Binding b = QuarkusTransaction.requiringNew().call(() -> Binding.findById(UUID.fromString(id)));
                assertThat(b.status).as("binding %s of the dead funder", id).isEqualTo(Binding.Status.ENDED);
                JsonNode newest = newestPlan(children.get(i));
                if (newest != null) {
                    assertThat(newest.get("funders").findValuesAsText("funder_psn_no"))
                            .as("newest plan of %s (version %s)", children.get(i), newest.get("version"))
                            .doesNotContain(mother);
                }
            }
        }
    }
}
