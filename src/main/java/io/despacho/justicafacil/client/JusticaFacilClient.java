package io.despacho.justicafacil.client;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.despacho.justicafacil.JusticaFacilConfig;
import io.despacho.justicafacil.mapping.NotasXml;
import io.despacho.justicafacil.mapping.NotasXml.Nota;
import io.despacho.shared.ProviderCalls;
import io.despacho.shared.ProviderException;
import io.despacho.shared.RequestBudget;
import io.despacho.shared.UnmappableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

/**
 * Justiça Fácil calls with their policy: per-call timeout, exponential backoff with jitter on 5xx, 429, timeouts and
 * unreadable XML, a circuit breaker; other 4xx are permanent.
 */
@ApplicationScoped
@Retry(maxRetries = JusticaFacilClient.MAX_ATTEMPTS - 1, delay = 500, jitter = 200, maxDuration = 5,
        durationUnit = ChronoUnit.MINUTES, retryOn = { ProviderException.Transient.class, TimeoutException.class },
        abortOn = ProviderException.Permanent.class)
@ExponentialBackoff(factor = 2, maxDelay = 30_000)
@CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 60, delayUnit = ChronoUnit.SECONDS,
        failOn = { ProviderException.Transient.class, TimeoutException.class },
        skipOn = ProviderException.Permanent.class)
public class JusticaFacilClient {

    public static final int MAX_ATTEMPTS = 4;
    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.BASIC_ISO_DATE;

    private final JusticaFacilApi api;
    private final Optional<String> authorization;
    private final ProviderCalls calls;

    public JusticaFacilClient(@RestClient JusticaFacilApi api, JusticaFacilConfig config, MeterRegistry registry) {
        this.api = api;
        this.authorization = config.usableApiToken().map(token -> "Token " + token);
        // no documented request limit: a budget that only a 429's Retry-After pauses
        this.calls = new ProviderCalls("Justiça Fácil", "justicafacil", RequestBudget.unlimited(Clock.systemUTC()),
                registry);
    }

    /** The unread notas (Justiça Fácil may mark them read on delivery, depending on the account). */
    @Timeout(value = 60, unit = ChronoUnit.SECONDS)
    public List<Nota> novas() {
        return NotasXmlCall.parse("GET /notas/novas/", call("GET /notas/novas/", () -> api.novas(authorization())));
    }

    /** One page of the notas published between two dates (pages start at 1). */
    @Timeout(value = 60, unit = ChronoUnit.SECONDS)
    public List<Nota> notas(LocalDate from, LocalDate to, int page, int items) {
        return NotasXmlCall.parse("GET /notas/", call("GET /notas/", () -> api.notas(authorization(),
                from.format(YYYYMMDD), to.format(YYYYMMDD), page, items)));
    }

    /** Marks notas read; a 404 means one of them is unknown or not this account's (permanent). */
    @Timeout(value = 60, unit = ChronoUnit.SECONDS)
    public void markRead(List<String> ids) {
        call("POST /notas/novas/marca_lidas/", () -> api.markRead(authorization(), "[" + String.join(", ", ids)
                + "]"));
    }

    private String call(String name, Supplier<String> call) {
        return calls.call(name, call, ProviderCalls.ANY_BODY);
    }

    private String authorization() {
        return authorization.orElseThrow(() -> new ProviderException("JUSTICAFACIL_API_TOKEN is not set", 0, false,
                null, null).classified());
    }

    /** Unreadable XML from a 200 is a glitch worth retrying, like an unreadable JSON body elsewhere. */
    private static final class NotasXmlCall {
        static List<Nota> parse(String name, String xml) {
            try {
                return NotasXml.parse(xml);
            } catch (UnmappableException e) {
                throw new ProviderException("Justiça Fácil " + name + " answered " + e.getMessage(), 200, true, null,
                        null).classified();
            }
        }
    }
}
