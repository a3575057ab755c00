package io.despacho.ingress;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Puts inbound events on their topic and completes only when the broker has acknowledged every one of them
 * ({@code acks=all}, idempotent producer, see application.properties). A request that cannot be made durable within
 * the deadline fails with {@link KafkaUnavailableException}; its events may still reach Kafka later, which is why the
 * consumers are idempotent on the event id.
 */
@ApplicationScoped
public class InboundPublisher {

    private final Map<Provider, MutinyEmitter<String>> emitters = new EnumMap<>(Provider.class);
    private final IngressConfig config;
    /** Looked up once: a registry lookup per event showed in the ingress profile. */
    private final Map<Provider, Counter> published = new EnumMap<>(Provider.class);

    @Inject
    public InboundPublisher(
            @Channel("inbound-digesto") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096) MutinyEmitter<String> digesto,
            @Channel("inbound-anoreg") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096) MutinyEmitter<String> anoreg,
            @Channel("inbound-justicafacil") MutinyEmitter<String> justicafacil,
            @Channel("inbound-judit") MutinyEmitter<String> judit,
            IngressConfig config, MeterRegistry registry) {
        emitters.put(Provider.DIGESTO, digesto);
        emitters.put(Provider.ANOREG, anoreg);
        emitters.put(Provider.JUSTICAFACIL, justicafacil);
        emitters.put(Provider.JUDIT, judit);
        this.config = config;
        for (Provider provider : Provider.values()) {
            published.put(provider, registry.counter("despacho.events.published", "provider", provider.id()));
        }
    }

    public Uni<Void> publishAll(Provider provider, List<InboundEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        MutinyEmitter<String> emitter = emitters.get(provider);
        List<Uni<Void>> sends = events.stream().map(event -> send(emitter, event)).toList();
        return Uni.join().all(sends).andFailFast()
                .replaceWithVoid()
                .ifNoItem().after(config.publishDeadline())
                .failWith(() -> new KafkaUnavailableException("Kafka did not acknowledge " + events.size()
                        + " event(s) within " + config.publishDeadline().toMillis() + " ms"))
                .onFailure(e -> !(e instanceof KafkaUnavailableException))
                .transform(e -> new KafkaUnavailableException("Kafka refused the events: " + e.getClass().getSimpleName()));
    }

    private Uni<Void> send(MutinyEmitter<String> emitter, InboundEvent event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(InboundEvent.HEADER_PROVIDER, bytes(event.provider().id()));
        headers.add(InboundEvent.HEADER_EVENT_ID, bytes(event.eventId()));
        headers.add(InboundEvent.HEADER_EVENT_TYPE, bytes(event.eventType()));
        headers.add(InboundEvent.HEADER_RECEIVED_AT, bytes(event.receivedAt().toString()));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String> builder()
                .withKey(event.key())
                .withHeaders(headers)
                .build();
        // Defer: an emitter that refuses (buffer full, channel down) throws at call time, not in the Uni.
        return Uni.createFrom().deferred(() -> emitter.sendMessage(Message.of(event.payload()).addMetadata(metadata)))
                .invoke(() -> published.get(event.provider()).increment());
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
