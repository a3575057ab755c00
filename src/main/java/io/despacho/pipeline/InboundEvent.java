package io.despacho.pipeline;

import java.time.Instant;
import java.util.Objects;

/**
 * One provider event as it goes on its inbound topic: the raw JSON of the event, the record key that keeps one
 * process / pedido / report in order, and what the headers say about it.
 */
public record InboundEvent(Provider provider, String eventId, String eventType, String key, String payload,
        Instant receivedAt) {

    public static final String HEADER_PROVIDER = "despacho-provider";
    public static final String HEADER_EVENT_ID = "despacho-event-id";
    public static final String HEADER_EVENT_TYPE = "despacho-event-type";
    public static final String HEADER_RECEIVED_AT = "despacho-received-at";

    public InboundEvent {
        Objects.requireNonNull(provider);
        Objects.requireNonNull(eventId);
        Objects.requireNonNull(eventType);
        Objects.requireNonNull(key);
        Objects.requireNonNull(payload);
        Objects.requireNonNull(receivedAt);
    }
}
