package io.despacho.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

/**
 * Marks acknowledged outbox records published off the consumer's path, many per statement. The mark only keeps the
 * sweep from sending a record again: a record acknowledged but not yet marked when the process dies is sent again by
 * the sweep with the same {@code ce_id}, which subscribers already drop as a copy (docs/reliability.md). Waiting for it
 * cost every event a transaction on its lane.
 */
@ApplicationScoped
public class PublishedMarks {

    private static final Logger LOG = Logger.getLogger(PublishedMarks.class);
    private static final int MAX_BATCHES_PER_STATEMENT = 100;

    private final OutboxStore outbox;
    private final LinkedBlockingQueue<Batch> pending = new LinkedBlockingQueue<>();
    private final Thread marker = new Thread(this::markUntilInterrupted, "despacho-outbox-marks");

    public PublishedMarks(OutboxStore outbox) {
        this.outbox = outbox;
        marker.setDaemon(true);
        marker.start();
    }

    /** Records acknowledged together, and what to do once they are marked. */
    private record Batch(List<Long> ids, Runnable onMarked) {
    }

    /** Marks these records published soon, then runs {@code onMarked}. */
    public void add(List<Long> ids, Runnable onMarked) {
        pending.add(new Batch(ids, onMarked));
    }

    private void markUntilInterrupted() {
        try {
            while (true) {
                List<Batch> batches = new ArrayList<>();
                batches.add(pending.take());
                pending.drainTo(batches, MAX_BATCHES_PER_STATEMENT - 1);
                mark(batches);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // flush() stops it and marks what is left
        }
    }

    private void mark(List<Batch> batches) throws InterruptedException {
        try {
            outbox.markPublished(batches.stream().flatMap(b -> b.ids().stream()).toList());
            batches.forEach(b -> b.onMarked().run());
        } catch (RuntimeException e) {
            // the database is away: keep them and try again
            LOG.warnf("could not mark %d batch(es) of outbox records published yet: %s", batches.size(),
                    e.getMessage());
            pending.addAll(batches);
            Thread.sleep(1000);
        }
    }

    /** Marks what is left before the application stops. */
    @PreDestroy
    void flush() {
        marker.interrupt();
        List<Batch> left = new ArrayList<>();
        pending.drainTo(left);
        List<Long> ids = left.stream().flatMap(b -> b.ids().stream()).toList();
        try {
            outbox.markPublished(ids);
        } catch (RuntimeException e) {
            LOG.warnf("%d outbox record(s) left unmarked at shutdown: the sweep will send them again (same ce_id)",
                    ids.size());
        }
    }
}
