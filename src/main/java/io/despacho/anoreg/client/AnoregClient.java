package io.despacho.anoreg.client;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.despacho.anoreg.AnoregConfig;
import io.despacho.shared.ProviderException;
import io.despacho.shared.RequestBudget;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

/**
 * Anoreg/MT calls with their rules: one shared token ({@link AnoregTokens}: login once, renew before expiry, once
 * more on a 401), one shared request budget ({@link RequestBudget}: 30 per minute by default, following
 * x-ratelimit-remaining and Retry-After), per-call timeout, retry with exponential backoff and jitter on 5xx, 429 and
 * timeouts, a circuit breaker; 403, 404, 422 and the other 4xx are permanent.
 */
@ApplicationScoped
@Retry(maxRetries = AnoregClient.MAX_ATTEMPTS - 1, delay = 500, jitter = 200, maxDuration = 10,
        durationUnit = ChronoUnit.MINUTES, retryOn = { ProviderException.Transient.class, TimeoutException.class },
        abortOn = ProviderException.Permanent.class)
@ExponentialBackoff(factor = 2, maxDelay = 30_000)
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS,
        failOn = { ProviderException.Transient.class, TimeoutException.class },
        skipOn = ProviderException.Permanent.class)
public class AnoregClient {

    public static final int MAX_ATTEMPTS = 5;
    private static final Logger LOG = Logger.getLogger(AnoregClient.class);

    private final AnoregApi api;
    private final RequestBudget budget;
    private final AnoregTokens tokens;
    private final JsonNode credentials;
    private final MeterRegistry registry;

    public AnoregClient(@RestClient AnoregApi api, AnoregConfig config, ObjectMapper mapper, MeterRegistry registry) {
        this.api = api;
        this.registry = registry;
        this.budget = new RequestBudget(config.budget().requests(), config.budget().window(), Clock.systemUTC());
        this.tokens = new AnoregTokens(this::login, config.tokenLifetime(), config.tokenRenewBefore(),
                Clock.systemUTC());
        this.credentials = mapper.createObjectNode().put("key", config.apiKey().orElse(""))
                .put("secret", config.apiSecret().orElse(""));
        registry.gauge("despacho.anoreg.budget.remaining", budget, RequestBudget::remaining);
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
        Answer answer = send(name, () -> call.apply("Bearer " + token));
        if (answer.status() == 401) {
            tokens.rejected(token); // expired or revoked: log in once more and try again
            String fresh = tokens.current();
            answer = send(name, () -> call.apply("Bearer " + fresh));
        }
        return answer.bodyOrThrow(name);
    }

    private JsonNode login() {
        Answer answer = send("POST /auth/login", () -> api.login(credentials));
        registry.counter("despacho.anoreg.logins", "status", Integer.toString(answer.status())).increment();
        return answer.bodyOrThrow("POST /auth/login");
    }

    /** One request within the budget; whatever its status, the server's rate-limit headers update the budget. */
    private Answer send(String name, Supplier<RestResponse<JsonNode>> call) {
        RequestBudget.Slot slot;
        try {
            slot = budget.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while waiting for the Anoreg budget", 0, true, null, e)
                    .classified();
        }
        Timer.Sample sample = Timer.start(registry);
        Answer answer;
        try {
            RestResponse<JsonNode> response = call.get();
            answer = new Answer(response.getStatus(), response.getHeaderString("x-ratelimit-remaining"),
                    response.getHeaderString("Retry-After"), response.getEntity());
        } catch (WebApplicationException e) {
            Response response = e.getResponse();
            answer = new Answer(response.getStatus(), response.getHeaderString("x-ratelimit-remaining"),
                    response.getHeaderString("Retry-After"), null);
        } catch (ProcessingException e) {
            LOG.debugf(e, "Anoreg %s failed", name);
            answer = new Answer(0, null, null, null);
        } finally {
            budget.complete(slot);
        }
        LOG.debugf("Anoreg %s answered %d", name, answer.status());
        sample.stop(registry.timer("despacho.provider.calls", "provider", "anoreg", "call", name, "status",
                Integer.toString(answer.status())));
        if (answer.remaining() != null && answer.remaining().matches("\\d{1,6}")) {
            budget.serverRemaining(Integer.parseInt(answer.remaining()));
        }
        if (answer.status() == 429) {
            Duration wait = ProviderException.parseRetryAfter(answer.retryAfter());
            budget.pause(wait != null ? wait : Duration.ofSeconds(60));
        }
        return answer;
    }

    record Answer(int status, String remaining, String retryAfter, JsonNode body) {

        JsonNode bodyOrThrow(String name) {
            if (status == 0) {
                throw new ProviderException("Anoreg " + name + " failed: timeout, reset or unreadable body", 0, true,
                        null, null).classified();
            }
            if (status >= 300 || body == null || !(body.isObject() || body.isArray())) {
                ProviderException failure = status < 300
                        ? new ProviderException("Anoreg " + name + " answered an unreadable body", status, true, null,
                                null)
                        : ProviderException.ofStatus("Anoreg", name, status, null);
                throw failure.classified();
            }
            return body;
        }
    }
}
