package io.despacho.access;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.despacho.shared.Hashing;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Our two static tokens → a role. Compared in constant time; an unset token matches nothing (fail closed). */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<ApiTokenMechanism.ApiTokenRequest> {

    private final AccessConfig config;

    public ApiTokenIdentityProvider(AccessConfig config) {
        this.config = config;
    }

    @Override
    public Class<ApiTokenMechanism.ApiTokenRequest> getRequestType() {
        return ApiTokenMechanism.ApiTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiTokenMechanism.ApiTokenRequest request,
            AuthenticationRequestContext context) {
        return roleOf(request.token())
                .map(role -> Uni.createFrom().<SecurityIdentity> item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(role + "-token"))
                        .addRole(role)
                        .build()))
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("unknown bearer token")));
    }

    /** The role a token stands for (the console's sign-in form asks for the same tokens). */
    public Optional<String> roleOf(String token) {
        // both comparisons always run, so the timing does not tell which role a token is close to
        boolean operator = matches(config.operatorToken(), token);
        boolean reader = matches(config.readerToken(), token);
        return Optional.ofNullable(operator ? Roles.OPERATOR : reader ? Roles.READER : null);
    }

    static boolean matches(Optional<String> expected, String presented) {
        return expected.filter(t -> !t.isBlank())
                .map(t -> Hashing.sameSecret(t, presented))
                .orElse(false);
    }
}
