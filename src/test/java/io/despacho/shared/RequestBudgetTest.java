package io.despacho.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.despacho.testing.MovableClock;

class RequestBudgetTest {

    @Test
    void neverMoreThanTheBudgetInAnyWindow() throws InterruptedException {
        MovableClock clock = new MovableClock();
        RequestBudget budget = new RequestBudget(3, Duration.ofSeconds(60), clock);
        for (int i = 0; i < 3; i++) {
            assertThat(budget.waitNeeded(clock.now)).isZero();
            RequestBudget.Slot slot = budget.acquire();
            clock.now = clock.now.plusSeconds(1);
            budget.complete(slot); // answered one second later
            clock.now = clock.now.plusSeconds(9);
        }
        // answered at 1 s, 11 s, 21 s; now 30 s: the 4th waits until the first leaves the window (61 s)
        assertThat(budget.waitNeeded(clock.now)).isEqualTo(Duration.ofSeconds(31).plusMillis(1));
        clock.now = clock.now.plusSeconds(31).plusMillis(1);
        assertThat(budget.waitNeeded(clock.now)).isZero();
        assertThat(budget.remaining()).isEqualTo(1);
    }

    @Test
    void requestsInFlightHoldTheirSlots() throws InterruptedException {
        MovableClock clock = new MovableClock();
        RequestBudget budget = new RequestBudget(1, Duration.ofSeconds(60), clock);
        RequestBudget.Slot slot = budget.acquire();
        clock.now = clock.now.plusSeconds(120); // still no answer: the slot is not free
        assertThat(budget.waitNeeded(clock.now)).isPositive();
        budget.complete(slot);
        assertThat(budget.waitNeeded(clock.now)).isEqualTo(Duration.ofSeconds(60).plusMillis(1));
    }

    @Test
    void followsTheServersRemainingCount() {
        MovableClock clock = new MovableClock();
        RequestBudget budget = new RequestBudget(30, Duration.ofSeconds(60), clock);
        assertThat(budget.serverRemaining(2, null)).isEqualTo(28);
        assertThat(budget.remaining()).isEqualTo(2);
        assertThat(budget.serverRemaining(10, null)).isZero(); // never raises what is left
        assertThat(budget.remaining()).isEqualTo(2);
    }

    @Test
    void aCountMadeWhenTheRequestArrivedTakesNoPlaceThatFreedDuringTheCall() throws InterruptedException {
        MovableClock clock = new MovableClock();
        RequestBudget budget = new RequestBudget(3, Duration.ofSeconds(60), clock);
        for (int i = 0; i < 3; i++) { // answered at 1 s, 3 s, 5 s
            RequestBudget.Slot slot = budget.acquire();
            clock.now = clock.now.plusSeconds(1);
            budget.complete(slot);
            clock.now = clock.now.plusSeconds(1);
        }
        clock.now = clock.now.plusSeconds(55).plusMillis(1); // 61.001 s: the first place is free
        RequestBudget.Slot late = budget.acquire();
        clock.now = clock.now.plusMillis(2500); // answered at 63.501 s; the place answered at 3 s freed meanwhile
        budget.complete(late);
        // at its arrival the server held the 3 s, 5 s and this request: 0 left — not a request of anyone else
        assertThat(budget.serverRemaining(0, late)).isZero();
        assertThat(budget.remaining()).isEqualTo(1);

        RequestBudget.Slot next = budget.acquire();
        budget.complete(next);
        assertThat(budget.serverRemaining(0, next)).isZero(); // 5 s, late, next: ours
        clock.now = clock.now.plusSeconds(2); // 65.501 s: the 5 s place frees
        assertThat(budget.remaining()).isEqualTo(1);
        // a count made now that still says 0 left: one request we never sent, another client's
        assertThat(budget.serverRemaining(0, null)).isEqualTo(1);
        assertThat(budget.remaining()).isZero();
    }

    @Test
    void aRetryAfterPausesEveryone() {
        MovableClock clock = new MovableClock();
        RequestBudget budget = new RequestBudget(30, Duration.ofSeconds(60), clock);
        budget.pause(Duration.ofSeconds(7));
        assertThat(budget.waitNeeded(clock.now)).isEqualTo(Duration.ofSeconds(7));
        clock.now = clock.now.plusSeconds(7);
        assertThat(budget.waitNeeded(clock.now)).isZero();
    }
}
