package io.despacho.shared;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.jboss.logging.MDC;

/**
 * Counts the provider calls that failed for the inbound event this thread is handling, over all of the consumer's
 * attempts at it. Why: an event whose own calls keep failing re-opens the provider's circuit at every half-open
 * trial and from then on sees only "circuit open", which the consumer waits out; without this count it would wait
 * forever and hold its lane. Thread-scoped like the MDC because the retry and circuit breaker interceptors sit
 * between the consumer that opens the scope and the client that records the failures; a call the event makes on
 * another worker ({@link #alongside}) counts in the same scope.
 */
public final class FailedCalls {

    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    private FailedCalls() {
    }

    /** Starts counting for one event on this thread; close it when the event has its outcome. */
    public static Scope open() {
        Scope scope = new Scope();
        CURRENT.set(scope);
        return scope;
    }

    /**
     * Starts a call on another worker for the event this thread is handling, in its scope and log context, so that
     * the event can go on with calls that do not need this one's answer. Read the answer with {@link #answer}.
     */
    public static <T> CompletableFuture<T> alongside(Supplier<T> call, Executor executor) {
        Scope scope = CURRENT.get();
        Map<String, Object> logContext = new HashMap<>(MDC.getMap());
        return CompletableFuture.supplyAsync(() -> {
            // Quarkus keeps the MDC in the Vert.x context when there is one, which the worker may share with the
            // event's own thread: only what this call added is taken away after it
            List<String> added = logContext.keySet().stream().filter(key -> MDC.get(key) == null).toList();
            added.forEach(key -> MDC.put(key, logContext.get(key)));
            if (scope != null) {
                CURRENT.set(scope);
            }
            try {
                return call.get();
            } finally {
                CURRENT.remove();
                added.forEach(MDC::remove);
            }
        }, executor);
    }

    /** Waits for a call started {@link #alongside} and answers its body or throws its own failure, unwrapped. */
    public static <T> T answer(CompletableFuture<T> call) {
        try {
            return call.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** One call failed with a transient failure; nothing happens outside a scope (an operator's request, a test). */
    static void record(ProviderException failure) {
        Scope scope = CURRENT.get();
        if (scope != null) {
            scope.last = failure.getMessage();
            scope.count.incrementAndGet();
        }
    }

    public static final class Scope implements AutoCloseable {
        private final AtomicInteger count = new AtomicInteger();
        private volatile String last;

        public int count() {
            return count.get();
        }

        /** The message of the last failed call, null before one. */
        public String last() {
            return last;
        }

        @Override
        public void close() {
            CURRENT.remove();
        }
    }
}
