package io.despacho.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Two instances (two budgets of one name, on the real PostgreSQL) drawing on one account's budget. */
@QuarkusTest
class SharedBudgetTest {

    static final int LIMIT = 5;
    static final Duration WINDOW = Duration.ofMillis(1500);

    @Inject
    DataSource dataSource;

    @Test
    void twoInstancesTogetherNeverExceedTheAccountsBudget() throws Exception {
        String account = "test-" + UUID.randomUUID().toString().substring(0, 8);
        List<Budget> instances = List.of(SharedBudget.forAccount(dataSource, account, LIMIT, WINDOW),
                SharedBudget.forAccount(dataSource, account, LIMIT, WINDOW));
        List<Long> sent = Collections.synchronizedList(new ArrayList<>());
        ExecutorService threads = Executors.newFixedThreadPool(6);
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 18; i++) {
            Budget instance = instances.get(i % 2);
            calls.add(threads.submit(() -> {
                Budget.Slot slot = instance.acquire();
                sent.add(System.nanoTime());
                Thread.sleep(30); // the call
                instance.complete(slot);
                return null;
            }));
        }
        for (Future<?> call : calls) {
            call.get();
        }
        threads.shutdown();

        List<Long> times = sent.stream().sorted().toList();
        long window = WINDOW.toNanos();
        int busiest = 0;
        for (int i = 0; i < times.size(); i++) {
            long start = times.get(i);
            busiest = Math.max(busiest, (int) times.stream().filter(t -> t >= start && t < start + window).count());
        }
        assertThat(times).hasSize(18);
        assertThat(busiest).as("requests sent in any window, both instances together").isEqualTo(LIMIT);
    }

    @Test
    void aRetryAfterPausesEveryInstanceAndADeadInstancesReservationsExpire() throws Exception {
        String account = "test-" + UUID.randomUUID().toString().substring(0, 8);
        Budget survivor = new SharedBudget(dataSource, account, 2, Duration.ofSeconds(30), Duration.ofMillis(800));
        Budget dying = new SharedBudget(dataSource, account, 2, Duration.ofSeconds(30), Duration.ofMillis(800));
        dying.acquire();
        dying.acquire(); // both places taken by calls that never come back: the instance died
        assertThat(survivor.remaining()).isZero();
        long start = System.nanoTime();
        survivor.complete(survivor.acquire());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("waited for the lease, not the 30 s window")
                .isGreaterThanOrEqualTo(Duration.ofMillis(700)).isLessThan(Duration.ofSeconds(10));

        String paused = "test-" + UUID.randomUUID().toString().substring(0, 8);
        Budget one = SharedBudget.forAccount(dataSource, paused, 100, Duration.ofSeconds(1));
        Budget other = SharedBudget.forAccount(dataSource, paused, 100, Duration.ofSeconds(1));
        one.pause(Duration.ofMillis(1200)); // a 429 seen by one instance
        start = System.nanoTime();
        other.complete(other.acquire());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1100));

        String counted = "test-" + UUID.randomUUID().toString().substring(0, 8);
        Budget a = SharedBudget.forAccount(dataSource, counted, 30, Duration.ofSeconds(60));
        assertThat(a.serverRemaining(4, null)).isEqualTo(26); // x-ratelimit-remaining: 4, none of them ours
        assertThat(SharedBudget.forAccount(dataSource, counted, 30, Duration.ofSeconds(60)).remaining()).isEqualTo(4);
    }

    @Test
    void aCountMadeWhenTheRequestArrivedTakesNoPlaceThatFreedDuringTheCall() throws Exception {
        String account = "test-" + UUID.randomUUID().toString().substring(0, 8);
        Budget budget = SharedBudget.forAccount(dataSource, account, 2, Duration.ofMillis(1000));
        budget.complete(budget.acquire());
        Thread.sleep(300);
        budget.complete(budget.acquire()); // both places answered, 300 ms apart
        Budget.Slot late = budget.acquire(); // waits for the first to free; the second is still held
        Thread.sleep(1100); // the call takes long enough for the second place to free too
        budget.complete(late);
        // the server counted the second request and this one when it arrived: nobody else's
        assertThat(budget.serverRemaining(0, late)).isZero();
        assertThat(budget.remaining()).isEqualTo(1);
        // a count made now that still says 0 left: a request we never sent, another client's
        assertThat(budget.serverRemaining(0, null)).isEqualTo(1);
        assertThat(budget.remaining()).isZero();
    }
}
