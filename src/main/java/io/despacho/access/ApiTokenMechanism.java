package io.despacho.access;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads {@code Authorization: Bearer <token>} on /api (the webhooks check their providers' tokens themselves). A JWT
 * is left to the OIDC mechanism when an identity provider is configured; anything else is one of our tokens or a 401.
 */
@ApplicationScoped
public class ApiTokenMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "bearer ";

    /** The token as presented; compared in {@link ApiTokenIdentityProvider}. */
    public static final class ApiTokenRequest extends BaseAuthenticationRequest {
        private final String token;

        ApiTokenRequest(String token) {
            this.token = token;
        }

        String token() {
            return token;
        }

        @Override
        public String toString() {
            return "ApiTokenRequest[token=***]";
        }
    }

    private final boolean oidcConfigured;

    public ApiTokenMechanism(@ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> oidcServer,
            @ConfigProperty(name = "quarkus.oidc.public-key") Optional<String> oidcKey) {
        this.oidcConfigured = oidcServer.isPresent() || oidcKey.isPresent();
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (!context.normalizedPath().startsWith("/api/") || header == null
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Uni.createFrom().nullItem();
        }
        String token = header.substring(BEARER.length()).strip();
        if (oidcConfigured && looksLikeJwt(token)) {
            return Uni.createFrom().nullItem();
        }
        return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(new ApiTokenRequest(token), context));
    }

    static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2 && token.startsWith("eyJ");
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", AccessProblems.CHALLENGE));
    }

    /** Before the OIDC mechanism, which would refuse our tokens as malformed JWTs instead of passing them on. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiTokenRequest.class);
    }
}
