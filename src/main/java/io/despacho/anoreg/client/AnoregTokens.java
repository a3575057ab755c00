package io.despacho.anoreg.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import io.despacho.shared.Numbers;
import io.despacho.shared.TokenStore;
import io.despacho.shared.UnmappableException;

/**
 * The one Anoreg token of the deployment, shared by every thread and, through the {@link TokenStore}, by every
 * instance: logged in once, renewed shortly before it expires, and renewed once when the API answers 401. One login
 * at a time across instances: callers that find a login in flight wait for it and use its token instead of logging
 * in again.
 */
public class AnoregTokens {

    private final Supplier<JsonNode> login;
    private final Duration defaultLifetime;
    private final Duration renewBefore;
    private final Clock clock;
    private final TokenStore shared;
    private String token;
    private Instant expiresAt = Instant.MIN;

    public AnoregTokens(Supplier<JsonNode> login, Duration defaultLifetime, Duration renewBefore, Clock clock) {
        this(login, defaultLifetime, renewBefore, clock, TokenStore.local());
    }

    public AnoregTokens(Supplier<JsonNode> login, Duration defaultLifetime, Duration renewBefore, Clock clock,
            TokenStore shared) {
        this.login = login;
        this.defaultLifetime = defaultLifetime;
        this.renewBefore = renewBefore;
        this.clock = clock;
        this.shared = shared;
    }

    /** A valid token: ours, else the one another instance got, else a login of our own (shared at once). */
    public synchronized String current() {
        if (usable(token, expiresAt)) {
            return token;
        }
        shared.exclusively(() -> {
            TokenStore.Stored stored = shared.read().orElse(null);
            if (stored != null && usable(stored.token(), stored.expiresAt())) {
                token = stored.token();
                expiresAt = stored.expiresAt();
                return null;
            }
            JsonNode response = login.get();
            token = tokenOf(response);
            expiresAt = clock.instant().plus(lifetimeOf(response));
            shared.write(token, expiresAt);
            return null;
        });
        return token;
    }

    private boolean usable(String candidate, Instant expiry) {
        return candidate != null && clock.instant().isBefore(expiry.minus(renewBefore));
    }

    /** The API refused {@code rejected}: forget it, unless another thread or instance has already replaced it. */
    public synchronized void rejected(String rejected) {
        if (rejected != null && rejected.equals(token)) {
            token = null;
        }
        if (rejected != null) {
            shared.forget(rejected);
        }
    }

    /** The login response is not documented: access_token or token, at the top level or under data. */
    static String tokenOf(JsonNode response) {
        for (JsonNode node : new JsonNode[] { response, response == null ? null : response.get("data") }) {
            if (node != null && node.isObject()) {
                for (String field : new String[] { "access_token", "token" }) {
                    JsonNode value = node.get(field);
                    if (value != null && value.isTextual() && !value.asText().isBlank()) {
                        return value.asText();
                    }
                }
            }
        }
        throw new UnmappableException("the Anoreg login answered no access_token or token");
    }

    Duration lifetimeOf(JsonNode response) {
        for (JsonNode node : new JsonNode[] { response, response.get("data") }) {
            // bounded: a lifetime beyond a year is not believed (it would overflow the expiry instant)
            Optional<Long> seconds = node == null || !node.isObject() ? Optional.empty()
                    : Numbers.whole(node.get("expires_in")).filter(s -> s > 0 && s < 31_536_000);
            if (seconds.isPresent()) {
                return Duration.ofSeconds(seconds.get());
            }
        }
        return defaultLifetime;
    }
}
