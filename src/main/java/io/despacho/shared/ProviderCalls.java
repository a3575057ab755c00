package io.despacho.shared;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The one road every provider call takes: a place in the provider's request budget, the call timed
 * ({@code despacho_provider_calls_seconds{provider,call,status}}), the server's {@code x-ratelimit-remaining} and a
 * 429's {@code Retry-After} (capped, see {@link ProviderException#parseRetryAfter}) applied to the budget so that
 * every caller of that provider waits — never a sleep on one caller's thread — and the answer sorted into a body,
 * a transient failure (5xx, 429, 408, timeouts, resets, unreadable bodies: retried by the client's policy, and
 * counted for the event in {@link FailedCalls}) or a permanent one (other 4xx). A client keeps only its own policy
 * (annotations) and paths.
 */
public final class ProviderCalls {

    /** For calls whose body is not looked at (an empty one included). */
    public static final Predicate<Object> ANY_BODY = body -> true;

    private static final Logger LOG = Logger.getLogger(ProviderCalls.class);
    /** A 429 without Retry-After: a minute, the window every provider here counts in. */
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);

    private final String provider;
    private final String metricId;
    private final Budget budget;
    private final MeterRegistry registry;

    /**
     * @param provider as people read it ("Justiça Fácil"); {@code metricId} as metrics tag it ("justicafacil")
     */
    public ProviderCalls(String provider, String metricId, Budget budget, MeterRegistry registry) {
        this.provider = provider;
        this.metricId = metricId;
        this.budget = budget;
        this.registry = registry;
        if (budget.limited()) {
            registry.gauge("despacho." + metricId + ".budget.remaining", budget, Budget::remaining);
        }
    }

    /** A call's answer, whatever its status; status 0 when no HTTP answer came (timeout, reset, unreadable body). */
    public record Answer<T>(String provider, String call, int status, T body) {

        /** The body when the call succeeded and the body is well formed, else the sorted failure. */
        public T bodyOrThrow(Predicate<? super T> wellFormed) {
            if (status == 0) {
                throw new ProviderException(provider + " " + call + " failed: timeout, reset or unreadable body", 0,
                        true, null, null).classified();
            }
            if (status >= 300) {
                throw ProviderException.ofStatus(provider, call, status, null).classified();
            }
            if (wellFormed != ANY_BODY && (body == null || !wellFormed.test(body))) {
                // a success status with a body we cannot use: a glitch worth retrying
                throw new ProviderException(provider + " " + call + " answered a body of an unexpected shape",
                        status, true, null, null).classified();
            }
            return body;
        }
    }

    /** A call whose API method answers the body itself (a non-2xx arrives as WebApplicationException). */
    public <T> T call(String name, Supplier<T> call, Predicate<? super T> wellFormed) {
        return send(name, () -> RestResponse.ok(call.get())).bodyOrThrow(wellFormed);
    }

    /** A call whose API method answers a {@link RestResponse}: the caller reads the status (e.g. a 401 to renew). */
    public <T> Answer<T> send(String name, Supplier<RestResponse<T>> call) {
        Budget.Slot slot;
        try {
            slot = budget.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while waiting for the " + provider + " budget", 0, true, null, e)
                    .classified();
        }
        Timer.Sample sample = Timer.start(registry);
        int status = 0;
        T body = null;
        String remaining = null;
        String retryAfter = null;
        try {
            RestResponse<T> response = call.get();
            status = response.getStatus();
            body = response.getEntity();
            remaining = response.getHeaderString("x-ratelimit-remaining");
            retryAfter = response.getHeaderString("Retry-After");
        } catch (WebApplicationException e) {
            Response response = e.getResponse();
            status = response.getStatus();
            remaining = response.getHeaderString("x-ratelimit-remaining");
            retryAfter = response.getHeaderString("Retry-After");
            if (status < 300) {
                status = 0; // a success status whose body could not be read
            }
        } catch (ProcessingException e) {
            LOG.debugf("%s %s failed: %s", provider, name, e.getClass().getSimpleName());
        } finally {
            budget.complete(slot);
            sample.stop(registry.timer("despacho.provider.calls", "provider", metricId, "call", name, "status",
                    status == 0 ? "error" : Integer.toString(status)));
        }
        if (remaining != null && remaining.matches("\\d{1,6}")) {
            int elsewhere = budget.serverRemaining(Integer.parseInt(remaining), slot);
            if (elsewhere > 0) {
                registry.counter("despacho.budget.spent_elsewhere", "provider", metricId).increment(elsewhere);
            }
        }
        if (status == 429) {
            Duration wait = ProviderException.parseRetryAfter(retryAfter);
            budget.pause(wait != null ? wait : DEFAULT_RETRY_AFTER);
        }
        return new Answer<>(provider, name, status, body);
    }
}
