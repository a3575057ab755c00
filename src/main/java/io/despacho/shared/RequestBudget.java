package io.despacho.shared;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A sliding-window request budget: at most {@code requests} calls in any {@code window}, shared by every thread of
 * the pod. A request holds its slot while in flight and then for a whole window from the moment its answer came back
 * — a moment no earlier than the one the server counted it — so the server can never see more than the budget in any
 * window of its own. It also follows what the server says: {@code x-ratelimit-remaining} lowers what is left (only by
 * requests that cannot be ours, see {@link Budget#serverRemaining}), and a 429's Retry-After pauses everyone. This one
 * counts for one process (tests, and providers without a limit); {@link SharedBudget} applies the same rule across
 * every instance. Hand-written because the maintained limiters (SmallRye Fault Tolerance's {@code @RateLimit},
 * Bucket4j) reject rather than wait and cannot take the server's counts into account.
 */
public class RequestBudget implements Budget {

    /** One request's place in the budget. */
    public static final class Slot implements Budget.Slot {
        private final Instant sentAt;
        private Instant at;
        private boolean inFlight = true;

        private Slot(Instant at) {
            this.sentAt = at;
            this.at = at;
        }
    }

    private static final Duration POLL_WHILE_ALL_IN_FLIGHT = Duration.ofMillis(20);

    private final int requests;
    private final Duration window;
    private final Clock clock;
    private final List<Slot> slots = new ArrayList<>();
    private Instant pausedUntil = Instant.MIN;

    public RequestBudget(int requests, Duration window, Clock clock) {
        if (requests < 1) {
            throw new IllegalArgumentException("a budget needs at least one request per window");
        }
        this.requests = requests;
        this.window = window;
        this.clock = clock;
    }

    /** A provider that documents no limit: no caller ever waits, except after a 429 ({@link #pause}). */
    public static RequestBudget unlimited(Clock clock) {
        return new RequestBudget(Integer.MAX_VALUE, Duration.ofMillis(1), clock);
    }

    @Override
    public boolean limited() {
        return requests < Integer.MAX_VALUE;
    }

    @Override
    public Slot acquire() throws InterruptedException {
        while (true) {
            Duration wait;
            synchronized (this) {
                wait = waitNeeded(clock.instant());
                if (wait.isZero()) {
                    Slot slot = new Slot(clock.instant());
                    slots.add(slot);
                    return slot;
                }
            }
            Thread.sleep(Math.max(1, wait.toMillis()));
        }
    }

    @Override
    public synchronized void complete(Budget.Slot answered) {
        Slot slot = (Slot) answered;
        slot.at = clock.instant();
        slot.inFlight = false;
    }

    /** How long a caller must wait now (zero: it may go). */
    synchronized Duration waitNeeded(Instant now) {
        if (now.isBefore(pausedUntil)) {
            return Duration.between(now, pausedUntil);
        }
        // answered slots are kept a second window: a late x-ratelimit-remaining is compared with them
        slots.removeIf(s -> !s.inFlight && !s.at.isAfter(now.minus(window).minus(window)));
        if (held(now) < requests) {
            return Duration.ZERO;
        }
        return slots.stream().filter(s -> !s.inFlight && s.at.isAfter(now.minus(window))).map(s -> s.at)
                .min(Instant::compareTo).map(first -> Duration.between(now, first.plus(window)).plusMillis(1))
                .orElse(POLL_WHILE_ALL_IN_FLIGHT);
    }

    /** Places held at {@code now}: in flight, or answered within the window. */
    private long held(Instant now) {
        return slots.stream().filter(s -> s.inFlight || s.at.isAfter(now.minus(window))).count();
    }

    @Override
    public synchronized int serverRemaining(int remaining, Budget.Slot answered) {
        Instant now = clock.instant();
        waitNeeded(now);
        // the server counted when the request arrived: at most what we held at some moment since it was sent
        Instant sent = answered == null ? now : ((Slot) answered).sentAt;
        long ours = slots.stream().filter(s -> s.inFlight || s.at.isAfter(sent.minus(window))).count();
        int spentElsewhere = (int) Math.max(0, requests - remaining - ours);
        for (int i = 0; i < spentElsewhere; i++) {
            Slot elsewhere = new Slot(now); // requests another client spent, counted as if answered now
            elsewhere.inFlight = false;
            slots.add(elsewhere);
        }
        return spentElsewhere;
    }

    @Override
    public synchronized void pause(Duration retryAfter) {
        Instant until = clock.instant().plus(retryAfter);
        if (until.isAfter(pausedUntil)) {
            pausedUntil = until;
        }
    }

    @Override
    public synchronized int remaining() {
        Instant now = clock.instant();
        waitNeeded(now);
        return (int) Math.max(0, requests - held(now));
    }
}
