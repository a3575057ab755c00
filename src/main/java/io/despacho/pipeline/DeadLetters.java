package io.despacho.pipeline;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;
import jakarta.transaction.Transactional;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * An event that could not be processed goes to {@code despacho.dlq.<provider>} — the original record with its key
 * and ingress headers, plus the reason, the attempt count, the time and where it came from — and to the
 * {@code dead_letter} table for operators. Only then is its offset committed.
 */
@ApplicationScoped
@Startup // its counters exist from the start at 0: an alert on increase() sees the first dead letter
public class DeadLetters {

    public static final String HEADER_REASON = "despacho-dlq-reason";
    public static final String HEADER_ATTEMPTS = "despacho-dlq-attempts";
    public static final String HEADER_FAILED_AT = "despacho-dlq-failed-at";
    public static final String HEADER_ORIGIN = "despacho-dlq-origin";

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final MutinyEmitter<String> emitter;
    private final DataSource dataSource;
    private final ReceivedEvents receivedEvents;
    private final MeterRegistry registry;

    public DeadLetters(@Channel("dead-letters") MutinyEmitter<String> emitter, DataSource dataSource,
            ReceivedEvents receivedEvents, MeterRegistry registry) {
        this.emitter = emitter;
        this.dataSource = dataSource;
        this.receivedEvents = receivedEvents;
        this.registry = registry;
        for (Provider provider : Provider.values()) {
            registry.counter("despacho.events.dead_lettered", "provider", provider.id());
        }
    }

    public void send(Provider provider, InboundRecord record, String reason, int attempts) {
        Instant now = Instant.now();
        String safeReason = reason.length() > 1000 ? reason.substring(0, 1000) : reason;
        RecordHeaders headers = new RecordHeaders();
        headers.add(InboundEvent.HEADER_PROVIDER, bytes(provider.id()));
        headers.add(InboundEvent.HEADER_EVENT_ID, bytes(record.eventId()));
        headers.add(InboundEvent.HEADER_EVENT_TYPE, bytes(record.eventType()));
        headers.add(InboundEvent.HEADER_RECEIVED_AT, bytes(record.receivedAt().toString()));
        headers.add(HEADER_REASON, bytes(safeReason));
        headers.add(HEADER_ATTEMPTS, bytes(Integer.toString(attempts)));
        headers.add(HEADER_FAILED_AT, bytes(now.toString()));
        headers.add(HEADER_ORIGIN, bytes(record.topic() + "-" + record.partition() + "@" + record.offset()));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String> builder()
                .withTopic("despacho.dlq." + provider.id())
                .withKey(record.key())
                .withHeaders(headers)
                .build();
        emitter.sendMessage(Message.of(record.payload()).addMetadata(metadata)).await().atMost(Duration.ofSeconds(30));
        store(provider, record, safeReason, attempts);
        receivedEvents.mark(provider, record, ReceivedEvents.Status.DEAD_LETTERED, safeReason);
        registry.counter("despacho.events.dead_lettered", "provider", provider.id()).increment();
        LOG.warnf("%s %s dead-lettered after %d attempt(s): %s", provider.id(), record.describe(), attempts, safeReason);
    }

    @Transactional
    void store(Provider provider, InboundRecord record, String reason, int attempts) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into dead_letter (provider, event_id, record_key, reason, attempts, payload)"
                        + " values (?, ?, ?, ?, ?, to_jsonb(?::text))")) {
            ps.setString(1, provider.id());
            ps.setString(2, record.eventId());
            ps.setString(3, record.key());
            ps.setString(4, reason);
            ps.setInt(5, attempts);
            ps.setString(6, record.payload());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("dead_letter insert failed", e);
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
