package io.despacho.outbox;

import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.despacho.shared.ClusterLocks;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends outbox records to their downstream topic as JSON with CloudEvents binary headers (ce_id, ce_type, ce_source,
 * ce_time, ce_specversion), waits for the broker's acknowledgement, then has them marked published
 * ({@link PublishedMarks}, off the caller's thread).
 * <p>
 * The consumer that wrote them calls {@link #publish(List)} right after its commit and before committing its offset,
 * which keeps records of one key in order. If the process dies in between, {@link #sweep()} sends what was left; a
 * record may then be sent twice, with the same ce_id, which subscribers use to drop the copy.
 * <p>
 * Within a process a record is never sent twice: while its send is in flight (a broker outage can hold it for the
 * producer's whole delivery timeout) or acknowledged but not yet marked (the database is away), a retry or the sweep
 * waits on that same send instead of starting another. The sweep leaves records younger than
 * {@code despacho.outbox.straggler-age} (90 s) alone, longer than any send of another pod can be in flight.
 */
@ApplicationScoped
public class DownstreamPublisher {

    private static final Logger LOG = Logger.getLogger(DownstreamPublisher.class);
    private static final Duration ACK_DEADLINE = Duration.ofSeconds(30);
    private static final URI SOURCE = URI.create("urn:despacho");

    private final MutinyEmitter<String> emitter;
    private final OutboxStore outbox;
    private final PublishedMarks marks;
    private final MeterRegistry registry;
    private final Timer publishing;
    private final ClusterLocks locks;
    private final String sweepEvery;
    /** More than ACK_DEADLINE plus the producer's delivery.timeout.ms (30 s), in production. */
    private final int stragglerAgeSeconds;
    /** Outbox id → its send, from the moment it starts until the record is marked published. */
    private final Map<Long, CompletableFuture<Void>> sending = new ConcurrentHashMap<>();
    /**
     * Held while the sweep reads stragglers and claims their sends, and while marked records leave {@link #sending}:
     * a mark that commits after the sweep's read began then leaves its send in place until the sweep has found it,
     * instead of the sweep finding none and sending the record again (seen as copies after a database outage, when
     * marks wait and the sweep reads what they have not marked yet).
     */
    private final Object claims = new Object();

    public DownstreamPublisher(
            @Channel("downstream") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 8192) MutinyEmitter<String> emitter,
            OutboxStore outbox, PublishedMarks marks, MeterRegistry registry, ClusterLocks locks,
            @ConfigProperty(name = "despacho.outbox.straggler-age", defaultValue = "90s") Duration stragglerAge,
            @ConfigProperty(name = "despacho.outbox.sweep-every", defaultValue = "5s") String sweepEvery) {
        this.sweepEvery = sweepEvery;
        this.stragglerAgeSeconds = (int) stragglerAge.toSeconds();
        this.locks = locks;
        this.emitter = emitter;
        this.outbox = outbox;
        this.marks = marks;
        this.registry = registry;
        this.publishing = registry.timer("despacho.outbox.publish");
    }

    /** Publishes the given outbox records (those not yet published) and waits for the broker. */
    public void publish(List<Long> outboxIds) {
        if (outboxIds.isEmpty()) {
            return; // most events (redeliveries, older snapshots, ignored types) publish nothing: no transaction
        }
        Timer.Sample sample = Timer.start(registry);
        send(outbox.unpublished(outboxIds));
        // read (or remembered), sent and acknowledged: the part of an event's processing spent publishing
        sample.stop(publishing);
    }

    @Scheduled(every = "${despacho.outbox.sweep-every:5s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        locks.runAlone("outbox-sweep", sweepEvery, () -> {
            List<OutboxStore.OutboxRecord> left;
            List<CompletableFuture<Void>> sends;
            synchronized (claims) {
                left = outbox.stragglers(stragglerAgeSeconds, 500);
                sends = claim(left);
            }
            if (!left.isEmpty()) {
                LOG.infof("publishing %d outbox record(s) left unpublished", left.size());
                await(left, sends);
            }
        });
    }

    private void send(List<OutboxStore.OutboxRecord> records) {
        if (!records.isEmpty()) {
            await(records, claim(records));
        }
    }

    /** Each record's send: the one in flight (or acknowledged, not yet marked) in this process, else a new one. */
    private List<CompletableFuture<Void>> claim(List<OutboxStore.OutboxRecord> records) {
        return records.stream()
                .map(r -> sending.computeIfAbsent(r.id(), id -> send(r).subscribeAsCompletionStage()))
                .toList();
    }

    private void await(List<OutboxStore.OutboxRecord> records, List<CompletableFuture<Void>> sends) {
        List<Long> ids = records.stream().map(OutboxStore.OutboxRecord::id).toList();
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(ACK_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // every send has settled: publish what was taken, set aside what never will be, retry the rest
            settleFailures(records, sends, e.getCause());
            return;
        } catch (TimeoutException e) {
            throw new DownstreamUnavailableException("no broker acknowledgement within " + ACK_DEADLINE, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownstreamUnavailableException("interrupted while waiting for the broker", e);
        }
        // marked off this thread; until then a retry or the sweep finds the send in `sending` and does not repeat it
        marks.add(ids, () -> unclaim(ids));
        records.forEach(r -> registry.counter("despacho.records.published", "topic", r.topic()).increment());
    }

    private void settleFailures(List<OutboxStore.OutboxRecord> records, List<CompletableFuture<Void>> sends,
            Throwable first) {
        List<Long> taken = new ArrayList<>();
        boolean retry = false;
        for (int i = 0; i < records.size(); i++) {
            OutboxStore.OutboxRecord record = records.get(i);
            Throwable failure = sends.get(i).handle((ok, t) -> t).join();
            if (failure == null) {
                taken.add(record.id());
                continue;
            }
            // a send the producer gave up on may be tried again; the others stay (in flight or acknowledged)
            sending.remove(record.id(), sends.get(i));
            Optional<String> never = neverFits(failure);
            if (never.isPresent()) {
                LOG.errorf("downstream record %d (%s, key %s) set aside: %s", record.id(), record.topic(),
                        record.key(), never.get());
                outbox.markFailed(record, never.get());
                registry.counter("despacho.records.failed", "topic", record.topic()).increment();
            } else {
                retry = true;
            }
        }
        outbox.markPublished(taken);
        unclaim(taken);
        records.stream().filter(r -> taken.contains(r.id()))
                .forEach(r -> registry.counter("despacho.records.published", "topic", r.topic()).increment());
        if (retry) {
            throw new DownstreamUnavailableException("the broker did not take the downstream records", first);
        }
    }

    /** Marked published: their sends leave {@link #sending}, never while the sweep reads and claims. */
    private void unclaim(List<Long> ids) {
        synchronized (claims) {
            ids.forEach(sending::remove);
        }
    }

    /** The reason a record can never be published as it is (too large, unserializable), or empty: worth a retry. */
    static Optional<String> neverFits(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
                    || t instanceof SerializationException || t instanceof InvalidRecordException) {
                return Optional.of("Kafka refused the record: " + t.getClass().getSimpleName() + ": "
                        + t.getMessage());
            }
        }
        return Optional.empty();
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
