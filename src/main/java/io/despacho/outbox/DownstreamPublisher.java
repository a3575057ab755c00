package io.despacho.outbox;

import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends outbox records to their downstream topic as JSON with CloudEvents binary headers (ce_id, ce_type, ce_source,
 * ce_time, ce_specversion), waits for the broker's acknowledgement, then marks them published.
 * <p>
 * The consumer that wrote them calls {@link #publish(List)} right after its commit and before committing its offset,
 * which keeps records of one key in order. If the process dies in between, {@link #sweep()} sends what was left; a
 * record may then be sent twice, with the same ce_id, which subscribers use to drop the copy.
 */
@ApplicationScoped
public class DownstreamPublisher {

    private static final Logger LOG = Logger.getLogger(DownstreamPublisher.class);
    private static final Duration ACK_DEADLINE = Duration.ofSeconds(30);
    private static final URI SOURCE = URI.create("urn:despacho");

    private final MutinyEmitter<String> emitter;
    private final OutboxStore outbox;
    private final MeterRegistry registry;

    public DownstreamPublisher(
            @Channel("downstream") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 8192) MutinyEmitter<String> emitter,
            OutboxStore outbox, MeterRegistry registry) {
        this.emitter = emitter;
        this.outbox = outbox;
        this.registry = registry;
    }

    /** Publishes the given outbox records (those not yet published) and waits for the broker. */
    public void publish(List<Long> outboxIds) {
        send(outbox.unpublished(outboxIds));
    }

    @Scheduled(every = "${despacho.outbox.sweep-every:5s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        List<OutboxStore.OutboxRecord> left = outbox.stragglers(10, 500);
        if (!left.isEmpty()) {
            LOG.infof("publishing %d outbox record(s) left unpublished", left.size());
            send(left);
        }
    }

    private void send(List<OutboxStore.OutboxRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        List<Uni<Void>> sends = records.stream().map(this::send).toList();
        Uni.join().all(sends).andFailFast().replaceWithVoid().await().atMost(ACK_DEADLINE);
        outbox.markPublished(records.stream().map(OutboxStore.OutboxRecord::id).toList());
        records.forEach(r -> registry.counter("despacho.records.published", "topic", r.topic()).increment());
    }

    private Uni<Void> send(OutboxStore.OutboxRecord record) {
        OutgoingCloudEventMetadata<String> cloudEvent = OutgoingCloudEventMetadata.<String> builder()
                .withId(record.eventId())
                .withType(record.eventType())
                .withSource(SOURCE)
                .withSubject(record.key())
                .withDataContentType("application/json")
                .withTimestamp(ZonedDateTime.now())
                .build();
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String> builder()
                .withTopic(record.topic())
                .withKey(record.key())
                .build();
        return Uni.createFrom().deferred(() -> emitter.sendMessage(Message.of(record.payload())
                .addMetadata(kafka).addMetadata(cloudEvent)));
    }
}
