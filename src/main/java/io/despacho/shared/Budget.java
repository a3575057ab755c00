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

    /** The server says only {@code remaining} requests are left in its window: never plan for more than that. */
    void serverRemaining(int remaining);

    /** A 429: nobody sends before {@code retryAfter} has passed. */
    void pause(Duration retryAfter);

    int remaining();

    /** False for a provider that documents no limit: its remaining count means nothing. */
    boolean limited();
}
