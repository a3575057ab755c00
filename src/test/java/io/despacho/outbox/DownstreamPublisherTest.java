package io.despacho.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.despacho.shared.ClusterLocks;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/** The publisher's bookkeeping of sends against its sweep, with the store, the marks and the broker faked. */
class DownstreamPublisherTest {

    static final OutboxStore.OutboxRecord RECORD = new OutboxStore.OutboxRecord(1, "despacho.processos", "k", "e1",
            "io.despacho.processo.v1", "{}");

    final AtomicInteger sent = new AtomicInteger();
    final Map<Long, OutboxStore.OutboxRecord> unpublished = new ConcurrentHashMap<>();
    /** What the marker does once a mark has committed, per batch handed to it (the test decides when). */
    final List<Runnable> onMarked = new ArrayList<>();
    Supplier<List<OutboxStore.OutboxRecord>> stragglers = () -> List.copyOf(unpublished.values());

    final OutboxStore store = new OutboxStore(null) {
        @Override
        public List<OutboxRecord> unpublished(List<Long> ids) {
            return ids.stream().map(unpublished::get).filter(r -> r != null).toList();
        }

        @Override
        public List<OutboxRecord> stragglers(int olderThanSeconds, int limit) {
            return stragglers.get();
        }

        @Override
        public void markPublished(List<Long> ids) {
            ids.forEach(unpublished::remove);
        }
    };

    final DownstreamPublisher publisher = new DownstreamPublisher(emitter(), store, new PublishedMarks(store) {
        @Override
        public void add(List<Long> ids, Runnable marked) {
            onMarked.add(marked);
        }
    }, new SimpleMeterRegistry(), new ClusterLocks(null) {
        @Override
        public boolean runAlone(String job, String every, Runnable work) {
            work.run();
            return true;
        }
    }, Duration.ofSeconds(90), "5s");

    @Test
    void aRecordMarkedWhileTheSweepReadsItIsNotSentAgain() {
        unpublished.put(RECORD.id(), RECORD);
        publisher.publish(List.of(RECORD.id()));
        assertThat(sent).hasValue(1);
        // the sweep reads the record while its mark is pending; the mark commits and the marker's thread goes on to
        // take the send out of the bookkeeping before the sweep goes on to send what it read
        stragglers = () -> {
            List<OutboxStore.OutboxRecord> read = List.copyOf(unpublished.values());
            store.markPublished(List.of(RECORD.id()));
            Thread marker = new Thread(onMarked.get(0));
            marker.start();
            awaitBlockedOrDone(marker);
            return read;
        };
        publisher.sweep();
        assertThat(sent).as("the sweep waited on the send in flight instead of sending a copy").hasValue(1);
    }

    @Test
    void theSweepSendsARecordNoOneInThisProcessIsSending() {
        unpublished.put(RECORD.id(), RECORD); // written by a process that died before publishing it
        publisher.sweep();
        assertThat(sent).hasValue(1);
        store.markPublished(List.of(RECORD.id()));
        onMarked.get(0).run();
        publisher.sweep();
        assertThat(sent).as("marked: not a straggler any more").hasValue(1);
    }

    static void awaitBlockedOrDone(Thread thread) {
        while (thread.getState() != Thread.State.BLOCKED && thread.getState() != Thread.State.TERMINATED) {
            Thread.onSpinWait();
        }
    }

    @SuppressWarnings("unchecked")
    MutinyEmitter<String> emitter() {
        return (MutinyEmitter<String>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { MutinyEmitter.class }, (proxy, method, args) -> {
                    if (method.getName().equals("sendMessage")) {
                        sent.incrementAndGet();
                        return Uni.createFrom().voidItem();
                    }
                    return method.getReturnType() == boolean.class ? false : null;
                });
    }
}
