package io.despacho.shared;

/**
 * Counts the provider calls that failed for the inbound event this thread is handling, over all of the consumer's
 * attempts at it. Why: an event whose own calls keep failing re-opens the provider's circuit at every half-open
 * trial and from then on sees only "circuit open", which the consumer waits out; without this count it would wait
 * forever and hold its lane. Thread-scoped like the MDC because the retry and circuit breaker interceptors sit
 * between the consumer that opens the scope and the client that records the failures.
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

    /** One call failed with a transient failure; nothing happens outside a scope (an operator's request, a test). */
    static void record(ProviderException failure) {
        Scope scope = CURRENT.get();
        if (scope != null) {
            scope.count++;
            scope.last = failure.getMessage();
        }
    }

    public static final class Scope implements AutoCloseable {
        private int count;
        private String last;

        public int count() {
            return count;
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
