package cn.familyaid.wallet.service;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The group-commit queue alone: who executes what, in which groups, and who gets which result. */
class GroupCommitTest {

    @Test
    void an_item_submitted_to_an_idle_queue_is_executed_at_once_alone() {
        List<List<Integer>> groups = Collections.synchronizedList(new ArrayList<>());
        GroupCommit<Integer, String> g = new GroupCommit<>(32, 1, items -> {
            groups.add(items);
            return items.stream().map(i -> "r" + i).toList();
        });
        assertThat(g.submit(1)).isEqualTo("r1");
        assertThat(g.submit(2)).isEqualTo("r2");
        assertThat(groups).containsExactly(List.of(1), List.of(2));
    }

    @Test
    void items_submitted_while_every_slot_is_busy_are_executed_together_and_each_caller_gets_its_own_result()
            throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<List<Integer>> groups = Collections.synchronizedList(new ArrayList<>());
        GroupCommit<Integer, String> g = new GroupCommit<>(32, 1, items -> {
            groups.add(items);
            if (items.contains(0)) {
                firstStarted.countDown();
                await(release);
            }
            return items.stream().map(i -> "r" + i).toList();
        });
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try {
            Future<String> first = pool.submit(() -> g.submit(0));
            assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
            Map<Integer, Future<String>> others = new ConcurrentHashMap<>();
            for (int i = 1; i <= 8; i++) {
                int n = i;
                others.put(n, pool.submit(() -> g.submit(n)));
            }
            // all eight are queued behind the busy slot before it frees
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (g.queued() < 8 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(g.queued()).isEqualTo(8);
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("r0");
            for (var e : others.entrySet()) {
                assertThat(e.getValue().get(10, TimeUnit.SECONDS)).isEqualTo("r" + e.getKey());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0)).containsExactly(0);
        assertThat(groups.get(1)).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void a_group_never_exceeds_its_maximum_and_no_more_groups_run_at_once_than_there_are_slots() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        GroupCommit<Integer, Integer> g = new GroupCommit<>(4, 2, items -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            sizes.add(items.size());
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return items.stream().map(i -> i * 10).toList();
        });
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 400; i++) {
                int n = i;
                results.add(pool.submit(() -> g.submit(n)));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i * 10);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(400);
        assertThat(sizes).allMatch(s -> s >= 1 && s <= 4);
        assertThat(sizes).as("sixteen submitters on two slots share groups").anyMatch(s -> s > 1);
        assertThat(mostAtOnce.get()).isLessThanOrEqualTo(2);
    }

    @Test
    void when_the_executor_fails_every_caller_of_that_group_gets_the_failure_and_the_queue_goes_on() {
        GroupCommit<Integer, String> g = new GroupCommit<>(8, 1, items -> {
            if (items.contains(13)) {
                throw new IllegalStateException("boom");
            }
            return items.stream().map(String::valueOf).toList();
        });
        assertThatThrownBy(() -> g.submit(13)).hasMessage("boom");
        assertThat(g.submit(14)).isEqualTo("14");
        GroupCommit<Integer, String> wrongCount = new GroupCommit<>(8, 1, items -> List.of());
        assertThatThrownBy(() -> wrongCount.submit(1)).hasMessageContaining("0 results for a group of 1");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
