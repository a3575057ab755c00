package io.despacho.digesto.client;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.despacho.digesto.DigestoConfig;
import io.despacho.shared.ProviderCalls;
import io.despacho.shared.ProviderException;
import io.despacho.shared.RequestBudget;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

/**
 * Digesto API calls with their policy (class level: it applies to each public method, with a circuit per method):
 * per-call timeout, exponential backoff with jitter on 5xx, 429 (every Digesto call waits out Retry-After, see
 * {@link ProviderCalls}), timeouts and unreadable bodies, a circuit breaker, and no retry on other 4xx.
 */
@ApplicationScoped
@Retry(maxRetries = DigestoClient.MAX_ATTEMPTS - 1, delay = 200, jitter = 100, maxDuration = 5,
        durationUnit = ChronoUnit.MINUTES, retryOn = { ProviderException.Transient.class, TimeoutException.class },
        abortOn = ProviderException.Permanent.class)
@ExponentialBackoff(factor = 2, maxDelay = 10_000)
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS,
        failOn = { ProviderException.Transient.class, TimeoutException.class },
        skipOn = ProviderException.Permanent.class)
public class DigestoClient {

    /** Attempts made before a transient failure is given up (the first call plus the retries below). */
    public static final int MAX_ATTEMPTS = 5;
    /** tipo_numero 5: the number is a CNJ. */
    private static final int CNJ_NUMBER_TYPE = 5;

    private final DigestoApi api;
    /** Empty when DIGESTO_API_TOKEN is not set: calls are then refused with a reason that says so. */
    private final Optional<String> authorization;
    private final ObjectMapper mapper;
    private final ProviderCalls calls;

    public DigestoClient(@RestClient DigestoApi api, DigestoConfig config, ObjectMapper mapper,
            MeterRegistry registry) {
        this.api = api;
        this.authorization = config.usableApiToken().map(token -> "Bearer " + token);
        this.mapper = mapper;
        // Digesto documents no request limit: a budget that never waits, except after a 429 (Retry-After)
        this.calls = new ProviderCalls("Digesto", "digesto", RequestBudget.unlimited(Clock.systemUTC()), registry);
    }

    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    public JsonNode report(long id) {
        return call("GET /api/virtual_report", () -> api.report(authorization(), id));
    }

    @Timeout(value = 60, unit = ChronoUnit.SECONDS)
    public JsonNode reportPage(long id, int page, int itemsPerPage) {
        ObjectNode query = mapper.createObjectNode();
        query.putObject("filter");
        query.putArray("sort");
        query.put("page", page);
        query.put("itemsPerPage", itemsPerPage);
        return call("POST /api/virtual_report/final", () -> api.reportPage(authorization(), id, query));
    }

    /** Asks Digesto to update the process in court; the evt 13 that follows carries {@code callbackId}. */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    public JsonNode requestUpdate(String cnj, String callbackId) {
        return call("GET /api/tribproc", () -> api.tribproc(authorization(), cnj, CNJ_NUMBER_TYPE, callbackId),
                JsonNode::isObject);
    }

    /** Creates a virtual report; not retried, since a second call would create a second report. */
    @Retry(maxRetries = 0)
    @Timeout(value = 60, unit = ChronoUnit.SECONDS)
    public long createReport(List<String> cnjs) {
        ObjectNode body = mapper.createObjectNode();
        cnjs.forEach(body.putArray("cnjs")::add);
        JsonNode id = call("POST /api/virtual_report/create_virtual_report", () -> api.createReport(authorization(),
                body), answer -> answer.canConvertToLong() && answer.longValue() > 0);
        return id.longValue();
    }

    /** Orders a created report (consumes credits); not retried, since Digesto refuses to order a report twice. */
    @Retry(maxRetries = 0)
    @Timeout(value = 60, unit = ChronoUnit.SECONDS)
    public String orderReport(long id, List<Integer> instancias) {
        // {"instancias": [1, 2]} where asked (Digesto's default is the 1st instance alone; each one is billed)
        ObjectNode options = mapper.createObjectNode();
        if (!instancias.isEmpty()) {
            instancias.forEach(options.putArray("instancias")::add);
        }
        // any 2xx is the order taken, whatever the message looks like: retrying could not undo a taken order
        String message = call("POST /api/virtual_report/bill_start_update", () -> api.orderReport(authorization(), id,
                options), answer -> true);
        return message.strip().replaceAll("^\"|\"$", "");
    }

    private JsonNode call(String name, Supplier<JsonNode> call) {
        return calls.call(name, call, JsonNode::isObject);
    }

    private <T> T call(String name, Supplier<T> call, Predicate<T> wellFormed) {
        return calls.call(name, call, wellFormed);
    }

    private String authorization() {
        return authorization.orElseThrow(() -> new ProviderException("DIGESTO_API_TOKEN is not set, so Digesto cannot"
                + " be called; set it and replay the dead letters", 0, false, null, null).classified());
    }
}
