package io.despacho.anoreg.client;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.despacho.anoreg.AnoregConfig;
import io.despacho.shared.ProviderCalls;
import io.despacho.shared.ProviderException;
import io.despacho.shared.SharedBudget;
import io.despacho.shared.SharedTokens;
import io.quarkus.runtime.Startup;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

/**
 * Anoreg/MT calls with their rules: one shared token ({@link AnoregTokens}: login once, renew before expiry, once
 * more on a 401), one shared request budget ({@link RequestBudget}: 30 per minute by default, following
 * x-ratelimit-remaining and Retry-After), per-call timeout, retry with exponential backoff and jitter on 5xx, 429 and
 * timeouts, a circuit breaker; 403, 404, 422 and the other 4xx are permanent.
 */
@ApplicationScoped
@Startup // its budget gauge exists from the start, before the first call
@Retry(maxRetries = AnoregClient.MAX_ATTEMPTS - 1, delay = 500, jitter = 200, maxDuration = 10,
        durationUnit = ChronoUnit.MINUTES, retryOn = { ProviderException.Transient.class, TimeoutException.class },
        abortOn = ProviderException.Permanent.class)
@ExponentialBackoff(factor = 2, maxDelay = 30_000)
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS,
        failOn = { ProviderException.Transient.class, TimeoutException.class },
        skipOn = ProviderException.Permanent.class)
public class AnoregClient {

    public static final int MAX_ATTEMPTS = 5;

    private final AnoregApi api;
    private final ProviderCalls calls;
    private final AnoregTokens tokens;
    private final JsonNode credentials;
    private final MeterRegistry registry;

    public AnoregClient(@RestClient AnoregApi api, AnoregConfig config, ObjectMapper mapper, MeterRegistry registry,
            DataSource dataSource) {
        this.api = api;
        this.registry = registry;
        // the account's budget, shared by every instance (PostgreSQL)
        this.calls = new ProviderCalls("Anoreg", "anoreg", SharedBudget.forAccount(dataSource, "anoreg",
                config.budget().requests(), config.budget().window()), registry);
        this.tokens = new AnoregTokens(this::login, config.tokenLifetime(), config.tokenRenewBefore(),
                Clock.systemUTC(), new SharedTokens(dataSource, "anoreg", config.apiSecret().orElse("")));
        this.credentials = mapper.createObjectNode().put("key", config.apiKey().orElse(""))
                .put("secret", config.apiSecret().orElse(""));
    }

    @Timeout(value = 5, unit = ChronoUnit.MINUTES) // includes waiting for the budget
    public JsonNode pedido(long id) {
        return authorized("GET pedido", auth -> api.pedido(id, auth));
    }

    @Timeout(value = 5, unit = ChronoUnit.MINUTES)
    public JsonNode andamentos(long id) {
        return authorized("GET andamentos", auth -> api.andamentos(id, auth));
    }

    @Timeout(value = 5, unit = ChronoUnit.MINUTES)
    public JsonNode certidoes(long id) {
        return authorized("GET certidoes", auth -> api.certidoes(id, auth));
    }

    private JsonNode authorized(String name, Function<String, RestResponse<JsonNode>> call) {
        String token = tokens.current();
        ProviderCalls.Answer<JsonNode> answer = calls.send(name, () -> call.apply("Bearer " + token));
        if (answer.status() == 401) {
            tokens.rejected(token); // expired or revoked: log in once more and try again
            String fresh = tokens.current();
            answer = calls.send(name, () -> call.apply("Bearer " + fresh));
        }
        return answer.bodyOrThrow(AnoregClient::json);
    }

    private JsonNode login() {
        ProviderCalls.Answer<JsonNode> answer = calls.send("POST /auth/login", () -> api.login(credentials));
        registry.counter("despacho.anoreg.logins", "status", Integer.toString(answer.status())).increment();
        return answer.bodyOrThrow(AnoregClient::json);
    }

    /** A JSON object or list: the shapes Anoreg answers. */
    private static boolean json(JsonNode body) {
        return body.isObject() || body.isArray();
    }
}
