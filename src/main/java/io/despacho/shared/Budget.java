package io.despacho.shared;

import java.time.Duration;

/**
 * A provider's request budget as {@link ProviderCalls} uses it: a place before each call, given back when answered,
 * and what the server says ({@code x-ratelimit-remaining}, a 429's Retry-After) applied to it. {@link RequestBudget}
 * keeps it in this process; {@link SharedBudget} in PostgreSQL, for every instance of the deployment at once.
 */
public interface Budget {

    /** One request's place in the budget. */
    interface Slot {
    }

    /** Blocks until a request may be sent; the caller must {@link #complete(Slot)} it once answered. */
    Slot acquire() throws InterruptedException;

    /** The request was answered (or failed): its place frees one window from now. */
    void complete(Slot slot);

    /**
     * The server said only {@code remaining} requests are left in its window, answering {@code answered} (null: no
     * request of ours). It counted when that request arrived, and places of ours may have freed since, so only what
     * it counts beyond every place we held from that request's send until now was spent by another client; only that
     * is taken, as if answered now. (Comparing with what is held now would turn places freed during the call into
     * phantom requests for a whole window.) Returns how many requests were taken as spent elsewhere.
     */
    int serverRemaining(int remaining, Slot answered);

    /** A 429: nobody sends before {@code retryAfter} has passed. */
    void pause(Duration retryAfter);

    int remaining();

    /** False for a provider that documents no limit: its remaining count means nothing. */
    boolean limited();
}
