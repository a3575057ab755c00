package io.despacho.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.despacho.testing.Api;
import io.despacho.testing.TestJwts;
import io.despacho.testing.WithAnIdentityProvider;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Where an organisation has an identity provider: OIDC bearer JWTs, roles from a configurable claim, next to our own
 * tokens. The provider is stood in for by its verification key (no server, no Docker); quarkus-oidc checks the
 * signature, expiry and issuer exactly as it would with keys fetched from QUARKUS_OIDC_AUTH_SERVER_URL.
 */
@QuarkusTest
@TestProfile(WithAnIdentityProvider.class)
class OidcBearerTest {

    static final String ISSUER = WithAnIdentityProvider.ISSUER;

    @Test
    void aJwtCarriesItsRolesFromTheConfiguredClaim() throws Exception {
        String reader = jwt(signingKey(), List.of("reader"), Instant.now().plusSeconds(300), ISSUER);
        String operator = jwt(signingKey(), List.of("operator", "other"), Instant.now().plusSeconds(300), ISSUER);
        String none = jwt(signingKey(), List.of("viewer"), Instant.now().plusSeconds(300), ISSUER);

        given().header("Authorization", "Bearer " + reader).get("/api/pedidos?size=1").then().statusCode(200);
        given().header("Authorization", "Bearer " + reader).get("/api/dlq").then().statusCode(403)
                .contentType("application/problem+json");
        given().header("Authorization", "Bearer " + operator).get("/api/dlq").then().statusCode(200);
        given().header("Authorization", "Bearer " + none).get("/api/pedidos").then().statusCode(403);
        // our own tokens still work beside it
        Api.asReader().get("/api/pedidos?size=1").then().statusCode(200);
        Api.asOperator().get("/api/dlq").then().statusCode(200);
    }

    @Test
    void anExpiredForgedOrForeignJwtIsRefused() throws Exception {
        PrivateKey stranger = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate();
        List<String> refused = List.of(
                jwt(signingKey(), List.of("operator"), Instant.now().minusSeconds(600), ISSUER),
                jwt(stranger, List.of("operator"), Instant.now().plusSeconds(300), ISSUER),
                jwt(signingKey(), List.of("operator"), Instant.now().plusSeconds(300), "https://other.example"));
        for (String token : refused) {
            int status = given().header("Authorization", "Bearer " + token).get("/api/dlq").then().extract()
                    .statusCode();
            assertThat(status).isEqualTo(401);
        }
    }

    static String jwt(PrivateKey key, List<String> roles, Instant expires, String issuer) throws Exception {
        return TestJwts.signed(key, Map.of("iss", issuer, "sub", "ana", "iat", Instant.now().getEpochSecond() - 5,
                "exp", expires.getEpochSecond(), "realm_access", Map.of("roles", roles)));
    }

    static PrivateKey signingKey() throws Exception {
        return TestJwts.signingKey();
    }
}
