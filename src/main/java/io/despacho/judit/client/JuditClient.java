package io.despacho.judit.client;

import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.despacho.judit.JuditConfig;
import io.despacho.shared.ProviderCalls;
import io.despacho.shared.ProviderException;
import io.despacho.shared.SharedBudget;
import io.quarkus.runtime.Startup;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

/**
 * Judit calls with their rules: one request budget per pod (180 per minute by default, Retry-After of a 429 pauses
 * everyone), per-call timeout, retry with exponential backoff and jitter on 5xx, 429 and timeouts, a circuit breaker;
 * other 4xx are permanent. Creating a request is never retried: a second call would be a second (billed) request.
 */
@ApplicationScoped
@Startup // its budget gauge exists from the start, before the first call
@Retry(maxRetries = JuditClient.MAX_ATTEMPTS - 1, delay = 500, jitter = 200, maxDuration = 5,
        durationUnit = ChronoUnit.MINUTES, retryOn = { ProviderException.Transient.class, TimeoutException.class },
        abortOn = ProviderException.Permanent.class)
@ExponentialBackoff(factor = 2, maxDelay = 30_000)
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS,
        failOn = { ProviderException.Transient.class, TimeoutException.class },
        skipOn = ProviderException.Permanent.class)
public class JuditClient {

    public static final int MAX_ATTEMPTS = 5;

    private final JuditApi api;
    private final Optional<String> apiKey;
    private final Optional<String> callbackUrl;
    private final ObjectMapper mapper;
    private final ProviderCalls calls;

    public JuditClient(@RestClient JuditApi api, JuditConfig config, ObjectMapper mapper, MeterRegistry registry,
            DataSource dataSource) {
        this.api = api;
        this.apiKey = config.usableApiKey();
        this.callbackUrl = config.callbackWithToken();
        this.mapper = mapper;
        // the account's budget, shared by every instance (PostgreSQL)
        this.calls = new ProviderCalls("Judit", "judit", SharedBudget.forAccount(dataSource, "judit",
                config.budget().requests(), config.budget().window()), registry);
    }

    /** POST /requests; returns Judit's request_id. */
    @Retry(maxRetries = 0)
    @Timeout(value = 5, unit = ChronoUnit.MINUTES) // includes waiting for the budget
    public String createRequest(String searchType, String searchKey) {
        ObjectNode body = mapper.createObjectNode();
        ObjectNode search = body.putObject("search");
        search.put("search_type", searchType);
        search.put("search_key", searchKey);
        search.putObject("search_params").put("masked_response", true); // the complete consulta, not the short one
        callbackUrl.ifPresent(url -> body.put("callback_url", url));
        JsonNode answer = call("POST /requests", () -> api.createRequest(key(), body));
        JsonNode id = answer.get("request_id");
        if (id == null || !id.isTextual() || id.textValue().isBlank()) {
            throw new ProviderException("Judit POST /requests answered without a request_id", 200, false, null, null)
                    .classified();
        }
        return id.textValue();
    }

    /** GET /requests/{id}: its status (pending, started, completed, ...). */
    @Timeout(value = 5, unit = ChronoUnit.MINUTES)
    public String requestStatus(String requestId) {
        return call("GET /requests", () -> api.request(key(), requestId)).path("status").asText("");
    }

    /** GET /responses, one page (pages start at 1). */
    @Timeout(value = 5, unit = ChronoUnit.MINUTES)
    public JsonNode responses(String requestId, int page, int pageSize) {
        return call("GET /responses", () -> api.responses(key(), requestId, page, pageSize));
    }

    private JsonNode call(String name, Supplier<JsonNode> call) {
        return calls.call(name, call, JsonNode::isObject);
    }

    private String key() {
        return apiKey.orElseThrow(() -> new ProviderException("JUDIT_API_KEY is not set", 0, false, null, null)
                .classified());
    }
}
