package io.despacho.retention;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How long personal data that no longer serves a purpose is kept (README, "Retention"). */
@ConfigMapping(prefix = "despacho.retention")
public interface RetentionConfig {

    /** Published outbox rows: once Kafka has the record, the row only serves to debug a late duplicate. */
    @WithDefault("7d")
    Duration outboxPublished();

    /** Raw webhook payloads in received_event; the row itself stays (idempotency). */
    @WithDefault("90d")
    Duration receivedPayload();

    /** Dead letters, counted from their replay, or from their failure when never replayed. */
    @WithDefault("30d")
    Duration deadLetters();

    /** Rows per statement: each batch commits alone, so no purge holds locks the ingest path would wait on. */
    @WithDefault("500")
    int batchSize();

    /** How often the purges run ("off" to never). */
    @WithDefault("1h")
    String every();
}
