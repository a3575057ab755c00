package io.despacho.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;

/**
 * Puts inbound events on their topic and completes only when the broker has acknowledged every one of them
 * ({@code acks=all}, idempotent producer, see application.properties). A request that cannot be made durable within
 * the deadline fails with {@link KafkaUnavailableException}; its events may still reach Kafka later, which is why the
 * consumers are idempotent on the event id.
 * <p>
 * The records go straight to the Kafka producer that SmallRye built for the {@code inbound} channel (configured like
 * any channel, see application.properties), one producer for every provider's topic: the emitter's per-message
 * stream machinery cost more CPU than the send itself under load (docs/benchmark.md).
 */
@ApplicationScoped
public class InboundPublisher {

    private final KafkaClientService clients;
    private final IngressConfig config;
    /** Looked up once: a registry lookup per event showed in the ingress profile. */
    private final Map<Provider, Counter> published = new EnumMap<>(Provider.class);
    /** Taken from the connector at the first send, once the channel is wired. */
    private volatile Producer<String, String> producer;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(task -> new Thread(task,
            "despacho-inbound-sender"));

    @Inject
    public InboundPublisher(
            // the emitter declares the channel, whose producer is used below
            @Channel("inbound") Emitter<String> inbound,
            KafkaClientService clients, IngressConfig config, MeterRegistry registry) {
        this.clients = clients;
        this.config = config;
        for (Provider provider : Provider.values()) {
            published.put(provider, registry.counter("despacho.events.published", "provider", provider.id()));
        }
    }

    public Uni<Void> publishAll(Provider provider, List<InboundEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // The sends run on one thread of their own: send() blocks while the broker's metadata is unknown (up to
        // max.block.ms), and the deadline below must still answer in time without a worker thread blocked per
        // request. A request whose deadline passed before its turn sends nothing (its answer was 503).
        return Uni.createFrom().<Void> emitter(emitter -> {
            AtomicBoolean answered = new AtomicBoolean();
            emitter.onTermination(() -> answered.set(true));
            sender.execute(() -> {
                if (answered.get()) {
                    return;
                }
                sendAll(provider, events).whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        emitter.fail(failure);
                    } else {
                        emitter.complete(null);
                    }
                });
            });
        })
                .ifNoItem().after(config.publishDeadline())
                .failWith(() -> new KafkaUnavailableException("Kafka did not acknowledge " + events.size()
                        + " event(s) within " + config.publishDeadline().toMillis() + " ms"))
                .onFailure(e -> !(e instanceof KafkaUnavailableException))
                .transform(e -> e instanceof RecordTooLargeException
                        ? new RecordTooLargeForKafka("Kafka refused an event as too large (a topic's max.message.bytes"
                                + " is below despacho.ingress.max-record-size, " + config.maxRecordSize() + " bytes)")
                        : new KafkaUnavailableException("Kafka refused the events: " + e.getClass().getSimpleName()));
    }

    private CompletableFuture<Void> sendAll(Provider provider, List<InboundEvent> events) {
        Producer<String, String> producer = producer();
        CompletableFuture<Void> all = new CompletableFuture<>();
        AtomicInteger pending = new AtomicInteger(events.size());
        for (InboundEvent event : events) {
            try {
                producer.send(record(provider, event), (metadata, failure) -> {
                    if (failure != null) {
                        all.completeExceptionally(failure);
                    } else {
                        published.get(provider).increment();
                        if (pending.decrementAndGet() == 0) {
                            all.complete(null);
                        }
                    }
                });
            } catch (RuntimeException e) {
                // no metadata within max.block.ms, or the producer is closing
                all.completeExceptionally(e);
                break;
            }
        }
        return all;
    }

    private Producer<String, String> producer() {
        Producer<String, String> taken = producer;
        if (taken == null) {
            taken = clients.<String, String> getProducer("inbound").unwrap();
            producer = taken;
        }
        return taken;
    }

    @PreDestroy
    void stop() {
        sender.shutdown();
    }

    private static ProducerRecord<String, String> record(Provider provider, InboundEvent event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(InboundEvent.HEADER_PROVIDER, bytes(event.provider().id()));
        headers.add(InboundEvent.HEADER_EVENT_ID, bytes(event.eventId()));
        headers.add(InboundEvent.HEADER_EVENT_TYPE, bytes(event.eventType()));
        headers.add(InboundEvent.HEADER_RECEIVED_AT, bytes(event.receivedAt().toString()));
        return new ProducerRecord<>(provider.inboundTopic(), null, event.key(), event.payload(), headers);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
