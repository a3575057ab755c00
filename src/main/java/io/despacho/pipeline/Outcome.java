package io.despacho.pipeline;

import java.util.List;

/**
 * What handling one inbound record came to: how many normalized records it stored (new or changed), and the outbox
 * ids still to publish, which the consumer publishes before the record's offset moves on. A processor that publishes
 * page by page as it goes (a report, a consulta: memory holds one page) returns only what is left.
 */
public record Outcome(int stored, List<Long> toPublish) {

    public Outcome {
        toPublish = List.copyOf(toPublish);
    }

    /** A redelivery, an older snapshot, an ignored type: nothing stored, nothing to publish. */
    public static Outcome nothing() {
        return new Outcome(0, List.of());
    }

    /** Each stored record left one outbox record to publish. */
    public static Outcome published(List<Long> outboxIds) {
        return new Outcome(outboxIds.size(), outboxIds);
    }
}
