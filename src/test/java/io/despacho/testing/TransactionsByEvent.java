package io.despacho.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.TransactionScoped;

import org.jboss.logging.MDC;

/**
 * Counts the transactions begun while a consumer handles an event (the consumer names it in the MDC): what one event
 * costs the database in commits, asserted where a change is meant to save one.
 */
@ApplicationScoped
public class TransactionsByEvent {

    private final Map<String, AtomicInteger> begun = new ConcurrentHashMap<>();

    void begun(@Observes @Initialized(TransactionScoped.class) Object transaction) {
        Object eventId = MDC.get("eventId");
        if (eventId != null) {
            begun.computeIfAbsent(eventId.toString(), id -> new AtomicInteger()).incrementAndGet();
        }
    }

    public int of(String eventId) {
        AtomicInteger count = begun.get(eventId);
        return count == null ? 0 : count.get();
    }
}
