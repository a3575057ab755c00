package io.despacho.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** One instance at a time per job, and a dead instance's hold gone with its connection. */
@QuarkusTest
class ClusterLocksTest {

    @Inject
    ClusterLocks locks;

    @Test
    void aJobRunsOnOneInstanceAtATime() throws Exception {
        String job = "job-" + UUID.randomUUID();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> locks.runAlone(job, () -> {
            runs.incrementAndGet();
            running.countDown();
            awaitLatch(finish);
        }));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(locks.runAlone(job, runs::incrementAndGet)).as("the same job meanwhile").isFalse();
        assertThat(locks.runAlone("other-" + job, () -> { })).as("another job").isTrue();
        finish.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(locks.runAlone(job, runs::incrementAndGet)).as("the next run").isTrue();
        assertThat(runs).hasValue(2);
    }

    @Test
    void aJobRunsOncePerIntervalWhateverTheNumberOfPods() throws Exception {
        String job = "job-" + UUID.randomUUID();
        AtomicInteger runs = new AtomicInteger();
        assertThat(locks.runAlone(job, "2s", runs::incrementAndGet)).isTrue();
        // another pod's schedule fires a moment later: the job already ran in this interval
        assertThat(locks.runAlone(job, "2s", runs::incrementAndGet)).isFalse();
        Thread.sleep(1700); // past four fifths of the interval
        assertThat(locks.runAlone(job, "2s", runs::incrementAndGet)).isTrue();
        assertThat(runs).hasValue(2);
    }

    @Test
    void anInstanceThatDiesMidJobFreesItAtOnce() throws Exception {
        String job = "job-" + UUID.randomUUID();
        // another instance, as PostgreSQL sees it: its own session holding the job's lock
        Connection otherInstance = DriverManager.getConnection(config("quarkus.datasource.jdbc.url"),
                config("quarkus.datasource.username"), config("quarkus.datasource.password"));
        try (PreparedStatement hold = otherInstance.prepareStatement("select pg_advisory_lock(hashtext(?))")) {
            hold.setString(1, job);
            hold.execute();
        }
        assertThat(locks.runAlone(job, () -> { })).isFalse();
        otherInstance.close(); // the process died: its connection, and the lock, go with it
        // as soon as PostgreSQL has ended that session (a moment after the socket closes)
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> locks.runAlone(job, () -> { }));
    }

    private static String config(String key) {
        return ConfigProvider.getConfig().getValue(key, String.class);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
