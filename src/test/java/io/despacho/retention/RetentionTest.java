package io.despacho.retention;

import static io.despacho.pipeline.WebhookCalls.digesto;
import static io.despacho.testing.DigestoStubs.event;
import static io.despacho.testing.DigestoStubs.process;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.despacho.shared.Cnj;
import io.despacho.shared.Sql;
import io.despacho.testing.TestCnj;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;

/** Each purge: rows older than its duration gone (or their payload), newer ones kept, ingest going on meanwhile. */
@QuarkusTest
class RetentionTest {

    static final Duration DAY = Duration.ofDays(1);

    @Inject
    DataSource dataSource;

    @Inject
    RetentionPurges purges;

    @Inject
    MeterRegistry metrics;

    @Test
    void eachPurgeTakesWhatIsOlderThanItsDurationInBatchesWhileWebhooksGoOn() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        // outbox: 7 days for published rows; never an unpublished one, however old
        insertOutbox(run + "-old", 1_200, now.minus(DAY.multipliedBy(8)), true);
        insertOutbox(run + "-new", 30, now.minus(DAY.multipliedBy(6)), true);
        insertOutbox(run + "-unpublished", 10, now.minus(DAY.multipliedBy(30)), false);
        // received_event: the payload goes after 90 days, the row stays
        insertReceived(run + "-old", 120, now.minus(DAY.multipliedBy(91)));
        insertReceived(run + "-new", 30, now.minus(DAY.multipliedBy(89)));
        // dead letters: 30 days after their replay, or after their failure when never replayed
        insertDeadLetters(run + "-replayed-old", 60, now.minus(DAY.multipliedBy(45)), now.minus(DAY.multipliedBy(31)));
        insertDeadLetters(run + "-failed-old", 40, now.minus(DAY.multipliedBy(31)), null);
        insertDeadLetters(run + "-replayed-recently", 20, now.minus(DAY.multipliedBy(40)),
                now.minus(DAY.multipliedBy(29)));
        insertDeadLetters(run + "-new", 20, now.minus(DAY.multipliedBy(2)), null);
        double countedBefore = purgedCounter("outbox") + purgedCounter("received_event") + purgedCounter("dead_letter");

        // webhooks arrive while the purges run
        CompletableFuture<Map<String, Integer>> purging = CompletableFuture.supplyAsync(purges::purgeAll);
        long firstEvent = System.currentTimeMillis() * 1000 + 900_000_000L;
        List<String> cnjs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Cnj cnj = TestCnj.next();
            cnjs.add(cnj.digits());
            digesto(event(firstEvent + i, 13, process(cnj, "2016-05-03T18:25:01"))).statusCode(202);
        }
        Map<String, Integer> purged = purging.get();

        assertThat(purged).containsEntry("outbox", 1_200).containsEntry("received_event", 120)
                .containsEntry("dead_letter", 100);
        System.out.println("retention purged " + purged);
        assertThat(count("select count(*) from outbox where event_id like ?", run + "-old%")).isZero();
        assertThat(count("select count(*) from outbox where event_id like ?", run + "-new%")).isEqualTo(30);
        assertThat(count("select count(*) from outbox where event_id like ?", run + "-unpublished%")).isEqualTo(10);
        assertThat(count("select count(*) from received_event where event_id like ? and payload is null",
                run + "-old%")).isEqualTo(120);
        assertThat(count("select count(*) from received_event where event_id like ? and payload is not null",
                run + "-new%")).isEqualTo(30);
        assertThat(count("select count(*) from dead_letter where event_id like ?", run + "-%")).isEqualTo(40);
        assertThat(count("select count(*) from dead_letter where event_id like ?", run + "-replayed-recently%"))
                .isEqualTo(20);
        assertThat(purgedCounter("outbox") + purgedCounter("received_event") + purgedCounter("dead_letter")
                - countedBefore).as("despacho_retention_purged_rows_total").isEqualTo(1_420);

        await().atMost(Duration.ofSeconds(60)).until(() -> count("select count(*) from processo where cnj = any(?)",
                (Object) cnjs.toArray(String[]::new)) == 10);
        assertThat(purges.purgeAll().values()).as("a second run finds nothing").containsOnly(0);
    }

    private double purgedCounter(String table) {
        var counter = metrics.find("despacho.retention.purged.rows").tag("table", table).counter();
        return counter == null ? 0 : counter.count();
    }

    private long count(String sql, Object... args) {
        return Sql.count(dataSource, sql, args);
    }

    private void insertOutbox(String prefix, int rows, Instant at, boolean published) throws Exception {
        batch("insert into outbox (topic, record_key, event_id, event_type, payload, created_at, published_at)"
                + " values ('despacho.processos', 'k', ?, 'io.despacho.processo.v1', '{}', ?, ?)", rows,
                (ps, i) -> {
                    ps.setString(1, prefix + "-" + i);
                    ps.setTimestamp(2, Timestamp.from(at));
                    ps.setTimestamp(3, published ? Timestamp.from(at) : null);
                });
    }

    private void insertReceived(String prefix, int rows, Instant at) throws Exception {
        batch("insert into received_event (provider, event_id, event_type, record_key, received_at, status, payload)"
                + " values ('digesto', ?, '13', 'k', ?, 'PROCESSED', '{\"cpf\": \"52998224725\"}')", rows, (ps, i) -> {
                    ps.setString(1, prefix + "-" + i);
                    ps.setTimestamp(2, Timestamp.from(at));
                });
    }

    private void insertDeadLetters(String prefix, int rows, Instant failed, Instant replayed) throws Exception {
        batch("insert into dead_letter (provider, event_id, record_key, reason, attempts, payload, failed_at,"
                + " replayed_at) values ('digesto', ?, 'k', 'test', 1, '{}', ?, ?)", rows, (ps, i) -> {
                    ps.setString(1, prefix + "-" + i);
                    ps.setTimestamp(2, Timestamp.from(failed));
                    ps.setTimestamp(3, replayed == null ? null : Timestamp.from(replayed));
                });
    }

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps, int row) throws Exception;
    }

    private void batch(String sql, int rows, Binder binder) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < rows; i++) {
                binder.bind(ps, i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
