package io.despacho.pipeline;

import java.util.function.Consumer;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Per-key order with parallelism across keys: messages are grouped into a fixed number of lanes by the hash of their
 * Kafka key; each lane handles its messages one after the other on a worker thread, lanes run side by side. A slow
 * key holds only its own lane, not the partition. Offsets are committed by the connector's throttled strategy, which
 * only moves past a record once it and every record before it in the partition have been acknowledged.
 */
public final class KeyedLanes {

    private KeyedLanes() {
    }

    /**
     * @param handler does the whole work of one message, acknowledges it, and never throws
     */
    public static void run(Multi<Message<String>> stream, int lanes, Consumer<Message<String>> handler) {
        stream.group().by(message -> lane(InboundRecord.keyOf(message), lanes))
                .onItem().transformToMulti(lane -> lane.onItem().transformToUniAndConcatenate(
                        message -> Uni.createFrom().item(message)
                                .emitOn(Infrastructure.getDefaultWorkerPool())
                                .invoke(handler)))
                .merge(lanes)
                .subscribe().with(ignored -> {
                }, failure -> {
                    throw new IllegalStateException("inbound stream failed", failure);
                });
    }

    static int lane(String key, int lanes) {
        return Math.floorMod(key == null ? 0 : key.hashCode(), lanes);
    }
}
