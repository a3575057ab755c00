package io.despacho.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.despacho.outbox.DownstreamPublisher;
import io.despacho.shared.FailedCalls;
import io.despacho.shared.ProviderException;
import io.despacho.shared.UnmappableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Multi;

/**
 * The loop every provider's consumer runs: per key in order, keys in parallel ({@link KeyedLanes}); a record's offset
 * is acknowledged only once its outcome is durable — rows committed and downstream records acknowledged, or the record
 * on the provider's DLQ with its reason. While the database, Kafka or the provider as a whole (open circuit) is
 * unavailable, the lane waits and retries the same record instead of dropping it.
 */
public final class InboundConsumer {

    private static final Logger LOG = Logger.getLogger(InboundConsumer.class);
    private static final int UNEXPECTED_FAILURE_ATTEMPTS = 3;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration OPEN_CIRCUIT_MAX_WAIT = Duration.ofSeconds(3);

    private final Provider provider;
    private final Function<InboundRecord, Outcome> processor;
    private final int providerAttempts;
    private final DownstreamPublisher publisher;
    private final DeadLetters deadLetters;
    private final MeterRegistry registry;
    private volatile boolean stopping;

    public InboundConsumer(ProviderPipeline pipeline, DownstreamPublisher publisher, DeadLetters deadLetters,
            MeterRegistry registry) {
        this(pipeline.provider(), pipeline::process, pipeline.providerAttempts(), publisher, deadLetters, registry);
    }

    /**
     * @param processor handles one record in its own transaction(s) and says what it stored and left to publish
     * @param providerAttempts how many calls the provider client makes before a transient failure escapes it
     */
    InboundConsumer(Provider provider, Function<InboundRecord, Outcome> processor, int providerAttempts,
            DownstreamPublisher publisher, DeadLetters deadLetters, MeterRegistry registry) {
        this.provider = provider;
        this.processor = processor;
        this.providerAttempts = providerAttempts;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.registry = registry;
    }

    public void start(Multi<Message<String>> inbound, int lanes) {
        KeyedLanes.run(inbound, lanes, this::handle);
    }

    /** Stops retrying: records in flight stay unacknowledged and are delivered again after the restart. */
    public void stop() {
        stopping = true;
    }

    void handle(Message<String> message) {
        InboundRecord record = InboundRecord.of(message);
        // every log line about this event, here and in what it calls, names it
        MDC.put("provider", provider.id());
        MDC.put("eventId", record.eventId());
        MDC.put("key", record.key());
        try (FailedCalls.Scope failedCalls = FailedCalls.open()) {
            process(message, record, failedCalls);
        } finally {
            MDC.remove("provider");
            MDC.remove("eventId");
            MDC.remove("key");
        }
    }

    private void process(Message<String> message, InboundRecord record, FailedCalls.Scope failedCalls) {
        Timer.Sample sample = Timer.start(registry);
        String outcome = null;
        int attempt = 0;
        while (outcome == null && !stopping) {
            attempt++;
            try {
                Outcome result = processor.apply(record);
                publisher.publish(result.toPublish());
                registry.counter("despacho.records.stored", "provider", provider.id()).increment(result.stored());
                outcome = "processed";
            } catch (UnmappableException e) {
                outcome = deadLetter(record, "unmappable: " + e.getMessage(), attempt);
            } catch (ProviderException e) {
                outcome = deadLetter(record, e.getMessage(), e.isTransient() ? providerAttempts : 1);
            } catch (CircuitBreakerOpenException e) {
                if (failedCalls.count() >= providerAttempts) {
                    // its own calls failed as often as the retry policy allows (some as half-open trials that
                    // re-opened the circuit): waiting longer would only hold the lane and the circuit
                    outcome = deadLetter(record, failedCalls.last() + " (" + failedCalls.count()
                            + " failed calls for this event; the circuit is open)", failedCalls.count());
                } else {
                    LOG.warnf("%s %s waits: the provider's circuit is open", provider.id(), record.describe());
                    registry.counter("despacho.events.retried", "provider", provider.id()).increment();
                    // asking an open circuit costs nothing (it answers at once): look again soon after it half-opens
                    pause(backoff(attempt, OPEN_CIRCUIT_MAX_WAIT));
                }
            } catch (RuntimeException e) {
                if (Failures.isInfrastructure(e)) {
                    LOG.warnf("%s %s waits for the infrastructure (attempt %d): %s", provider.id(), record.describe(),
                            attempt, e.getClass().getSimpleName());
                    registry.counter("despacho.events.retried", "provider", provider.id()).increment();
                    pause(backoff(attempt));
                } else if (attempt >= UNEXPECTED_FAILURE_ATTEMPTS) {
                    LOG.errorf(e, "%s %s failed %d times", provider.id(), record.describe(), attempt);
                    outcome = deadLetter(record, "failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                            attempt);
                } else {
                    pause(backoff(attempt));
                }
            }
        }
        if (outcome == null) {
            return; // stopping before an outcome: not acknowledged, delivered again after the restart
        }
        sample.stop(registry.timer("despacho.events.processing", "provider", provider.id(), "outcome", outcome));
        // webhook received → stored and published (or dead-lettered): what a subscriber waits, queueing included
        registry.timer("despacho.events.end_to_end", "provider", provider.id(), "outcome", outcome)
                .record(Duration.between(record.receivedAt(), Instant.now()));
        registry.counter("despacho.events.processed", "provider", provider.id(), "outcome", outcome).increment();
        message.ack().toCompletableFuture().join();
    }

    /** Returns "dead_lettered", or null when stopping before the DLQ took it. */
    private String deadLetter(InboundRecord record, String reason, int attempts) {
        for (int attempt = 1; !stopping; attempt++) {
            try {
                deadLetters.send(provider, record, reason, attempts);
                return "dead_lettered";
            } catch (RuntimeException e) {
                LOG.warnf("%s %s could not be dead-lettered yet: %s", provider.id(), record.describe(),
                        e.getClass().getSimpleName());
                pause(backoff(attempt));
            }
        }
        return null;
    }

    /** Exponential from 200 ms up to MAX_BACKOFF, with jitter (half to all of it). */
    static Duration backoff(int attempt) {
        long millis = Math.min(MAX_BACKOFF.toMillis(), 200L << Math.min(attempt, 10));
        return Duration.ofMillis(millis / 2 + (long) (Math.random() * millis / 2));
    }

    /** The same, but never longer than {@code max}. */
    static Duration backoff(int attempt, Duration max) {
        Duration wait = backoff(attempt);
        return wait.compareTo(max) < 0 ? wait : max;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
