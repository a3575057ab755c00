package io.despacho.retention;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.despacho.shared.ClusterLocks;
import io.despacho.shared.Sql;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;

/**
 * The scheduled purges. Each runs in batches of {@code batch-size} rows, one autocommitted statement per batch that
 * skips rows another transaction holds: the consumers and the outbox publisher never wait on a purge. Rows purged
 * are counted in {@code despacho_retention_purged_rows_total{table}}.
 */
@ApplicationScoped
public class RetentionPurges {

    private static final Logger LOG = Logger.getLogger(RetentionPurges.class);

    private final DataSource dataSource;
    private final RetentionConfig config;
    private final MeterRegistry metrics;
    private final ClusterLocks locks;

    public RetentionPurges(DataSource dataSource, RetentionConfig config, MeterRegistry metrics, ClusterLocks locks) {
        this.dataSource = dataSource;
        this.config = config;
        this.metrics = metrics;
        this.locks = locks;
    }

    @Scheduled(identity = "retention", every = "${despacho.retention.every:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        locks.runAlone("retention", config.every(), () -> {
            Map<String, Integer> purged = purgeAll();
            if (purged.values().stream().anyMatch(n -> n > 0)) {
                LOG.infof("retention purged %s", purged);
            }
        });
    }

    /** Runs every purge to the end; rows purged per table. */
    public Map<String, Integer> purgeAll() {
        Map<String, Integer> purged = new LinkedHashMap<>();
        purged.put("outbox", purge("outbox", config.outboxPublished(),
                "delete from outbox where id in (select id from outbox where published_at < ?"
                        + " order by published_at limit ? for update skip locked)"));
        purged.put("received_event", purge("received_event", config.receivedPayload(),
                "update received_event set payload = null where (provider, event_id) in (select provider, event_id"
                        + " from received_event where payload is not null and received_at < ?"
                        + " order by received_at limit ? for update skip locked)"));
        purged.put("dead_letter", purge("dead_letter", config.deadLetters(),
                "delete from dead_letter where id in (select id from dead_letter"
                        + " where coalesce(replayed_at, failed_at) < ? limit ? for update skip locked)"));
        return purged;
    }

    private int purge(String table, Duration keep, String batch) {
        Timestamp cutoff = Timestamp.from(Instant.now().minus(keep));
        int total = 0;
        int rows;
        do {
            rows = Sql.update(dataSource, batch, cutoff, config.batchSize());
            total += rows;
            metrics.counter("despacho.retention.purged.rows", "table", table).increment(rows);
        } while (rows == config.batchSize());
        return total;
    }
}
