package io.despacho.digesto.messaging;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.despacho.digesto.client.DigestoClient;
import io.despacho.digesto.mapping.UnmappableException;
import io.despacho.inbound.DeadLetters;
import io.despacho.inbound.Failures;
import io.despacho.inbound.InboundRecord;
import io.despacho.inbound.KeyedLanes;
import io.despacho.ingress.Provider;
import io.despacho.outbox.DownstreamPublisher;
import io.despacho.shared.ProviderException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;

/**
 * Consumes {@code despacho.inbound.digesto}: per key in order, keys in parallel ({@link KeyedLanes}). Each record's
 * offset is acknowledged only once its outcome is durable — rows committed and downstream records acknowledged, or
 * the record on {@code despacho.dlq.digesto} with its reason. While the database, Kafka or Digesto as a whole (open
 * circuit) is unavailable the lane waits and retries the same record instead of dropping it.
 */
@ApplicationScoped
public class DigestoInboundConsumer {

    private static final Logger LOG = Logger.getLogger(DigestoInboundConsumer.class);
    private static final int UNEXPECTED_FAILURE_ATTEMPTS = 3;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Multi<Message<String>> inbound;
    private final DigestoEventProcessor processor;
    private final DownstreamPublisher publisher;
    private final DeadLetters deadLetters;
    private final MeterRegistry registry;
    private final int lanes;
    private volatile boolean stopping;

    public DigestoInboundConsumer(@Channel("digesto-inbound") Multi<Message<String>> inbound,
            DigestoEventProcessor processor, DownstreamPublisher publisher, DeadLetters deadLetters,
            MeterRegistry registry, @ConfigProperty(name = "despacho.consumer.lanes", defaultValue = "8") int lanes) {
        this.inbound = inbound;
        this.processor = processor;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.registry = registry;
        this.lanes = lanes;
    }

    void start(@Observes StartupEvent event) {
        KeyedLanes.run(inbound, lanes, this::handle);
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    void handle(Message<String> message) {
        InboundRecord record = InboundRecord.of(message);
        Timer.Sample sample = Timer.start(registry);
        String outcome = "processed";
        int attempt = 0;
        while (!stopping) {
            attempt++;
            try {
                List<Long> outboxIds = processor.process(record);
                publisher.publish(outboxIds);
                break;
            } catch (UnmappableException e) {
                outcome = deadLetter(record, "unmappable: " + e.getMessage(), attempt);
                break;
            } catch (ProviderException e) {
                outcome = deadLetter(record, e.getMessage(), e.isTransient() ? DigestoClient.MAX_ATTEMPTS : 1);
                break;
            } catch (CircuitBreakerOpenException e) {
                LOG.warnf("digesto %s waits: the Digesto API circuit is open", record.describe());
                pause(MAX_BACKOFF);
            } catch (RuntimeException e) {
                if (Failures.isInfrastructure(e)) {
                    LOG.warnf("digesto %s waits for the infrastructure (attempt %d): %s", record.describe(), attempt,
                            e.getClass().getSimpleName());
                    registry.counter("despacho.events.retried", "provider", "digesto").increment();
                    pause(backoff(attempt));
                } else if (attempt >= UNEXPECTED_FAILURE_ATTEMPTS) {
                    LOG.errorf(e, "digesto %s failed %d times", record.describe(), attempt);
                    outcome = deadLetter(record, "failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                            attempt);
                    break;
                } else {
                    pause(backoff(attempt));
                }
            }
        }
        if (stopping) {
            return; // not acknowledged: the record is delivered again after the restart
        }
        sample.stop(registry.timer("despacho.events.processing", "provider", "digesto", "outcome", outcome));
        registry.counter("despacho.events.processed", "provider", "digesto", "outcome", outcome).increment();
        message.ack().toCompletableFuture().join();
    }

    private String deadLetter(InboundRecord record, String reason, int attempts) {
        for (int attempt = 1; !stopping; attempt++) {
            try {
                deadLetters.send(Provider.DIGESTO, record, reason, attempts);
                return "dead_lettered";
            } catch (RuntimeException e) {
                LOG.warnf("digesto %s could not be dead-lettered yet: %s", record.describe(),
                        e.getClass().getSimpleName());
                pause(backoff(attempt));
            }
        }
        return "interrupted";
    }

    static Duration backoff(int attempt) {
        long millis = Math.min(MAX_BACKOFF.toMillis(), 200L << Math.min(attempt, 10));
        return Duration.ofMillis(millis / 2 + (long) (Math.random() * millis / 2));
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
