package io.despacho.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.despacho.outbox.DownstreamPublisher;
import io.despacho.outbox.OutboxStore;
import io.despacho.shared.Sql;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * The consumer loop with a processor that fails in a way nobody planned for (a bug, an answer never seen), and a
 * downstream record the broker will never take: each ends on the DLQ with its reason, and what comes after goes on.
 */
@QuarkusTest
class NoLaneWaitsForeverTest {

    static final long IDS = System.currentTimeMillis() * 1000 + 300_000_000L;

    @Inject
    DownstreamPublisher publisher;
    @Inject
    DeadLetters deadLetters;
    @Inject
    MeterRegistry registry;
    @Inject
    OutboxStore outbox;
    @Inject
    DataSource dataSource;

    @Test
    void anUnexpectedExceptionIsRetriedABoundedNumberOfTimesThenDeadLettered() {
        AtomicInteger calls = new AtomicInteger();
        List<String> processed = new ArrayList<>();
        InboundConsumer consumer = new InboundConsumer(Provider.JUDIT, record -> {
            if (record.eventId().endsWith("-bug")) {
                calls.incrementAndGet();
                throw new IllegalStateException("an answer shape never seen");
            }
            processed.add(record.eventId());
            return Outcome.nothing();
        }, 5, publisher, deadLetters, registry);
        String bug = IDS + "-bug";
        String next = IDS + "-next";
        consumer.handle(message(bug, "same-key", 0));
        consumer.handle(message(next, "same-key", 1)); // the same lane goes on

        assertThat(calls.get()).as("bounded retries").isEqualTo(3);
        assertThat(processed).containsExactly(next);
        assertThat(Sql.firstString(dataSource, "select reason from dead_letter where provider = 'judit'"
                + " and event_id = ?", bug)).get().asString()
                .contains("IllegalStateException").contains("an answer shape never seen");
        assertThat(Sql.firstString(dataSource, "select attempts::text from dead_letter where event_id = ?", bug))
                .contains("3");
    }

    @Test
    void aDownstreamRecordTheBrokerWillNeverTakeIsSetAsideAndTheOthersArePublished() throws Exception {
        String topic = "despacho.test.small-" + IDS;
        try (Admin admin = Admin.create(java.util.Map.of("bootstrap.servers",
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class)))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                    .configs(java.util.Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "20000")))).all().get();
        }
        Random random = new Random(3);
        StringBuilder noise = new StringBuilder();
        while (noise.length() < 200_000) {
            noise.append(Long.toString(random.nextLong(), 36));
        }
        List<Long> ids = add(topic, List.of(
                new OutboxStore.NewRecord("big", IDS + "-big", "test", "{\"noise\": \"" + noise + "\"}"),
                new OutboxStore.NewRecord("small", IDS + "-small", "test", "{\"ok\": true}")));

        publisher.publish(ids); // returns: nothing left to wait for

        assertThat(Sql.firstString(dataSource, "select (published_at is not null)::text from outbox where id = ?",
                ids.get(1))).contains("true");
        assertThat(Sql.firstString(dataSource, "select failure from outbox where id = ? and published_at is null",
                ids.get(0))).get().asString().contains("RecordTooLarge");
        assertThat(Sql.firstString(dataSource, "select reason from dead_letter where provider = ? and event_id = ?",
                OutboxStore.DEAD_LETTER_PROVIDER, IDS + "-big")).get().asString().contains("RecordTooLarge");
        assertThat(outbox.stragglers(0, 10_000)).as("the sweep no longer picks it up")
                .noneMatch(r -> r.id() == ids.get(0));
    }

    List<Long> add(String topic, List<OutboxStore.NewRecord> records) {
        return QuarkusTransaction.requiringNew().call(() -> outbox.addAll(topic, records));
    }

    private static Message<String> message(String eventId, String key, long offset) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(InboundEvent.HEADER_EVENT_ID, eventId.getBytes(StandardCharsets.UTF_8));
        headers.add(InboundEvent.HEADER_EVENT_TYPE, "test".getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<String, String> record = new ConsumerRecord<>("despacho.inbound.judit", 0, offset,
                System.currentTimeMillis(), TimestampType.CREATE_TIME, 0, 0, key, "{\"event_type\": \"test\"}",
                headers, java.util.Optional.empty());
        return Message.of(record.value()).addMetadata(new IncomingKafkaRecordMetadata<>(record, "judit-inbound"));
    }
}
