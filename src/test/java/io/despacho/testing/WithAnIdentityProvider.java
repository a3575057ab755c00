package io.despacho.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * An organisation with an identity provider, for every OIDC test (one profile, one restart): the /api accepts its
 * JWTs, checked with its verification key; the console signs in through its code flow, WireMock playing the
 * provider's discovery document and key set (the token endpoint is stubbed by each test).
 */
public class WithAnIdentityProvider implements QuarkusTestProfile {

    public static final String ISSUER = "https://idp.example.test/realms/despacho";
    public static final String CONSOLE_CLIENT = "despacho-console";

    @Override
    public Map<String, String> getConfigOverrides() {
        // this runs in another class loader than the test: the test finds this WireMock through the configured URL
        String idp = ProviderApis.server().baseUrl() + "/idp";
        try {
            ProviderApis.server().stubFor(get(urlEqualTo("/idp/.well-known/openid-configuration"))
                    .willReturn(okJson(new ObjectMapper().writeValueAsString(Map.of("issuer", idp,
                            "authorization_endpoint", idp + "/auth", "token_endpoint", idp + "/token",
                            "jwks_uri", idp + "/jwks", "response_types_supported", List.of("code"),
                            "subject_types_supported", List.of("public"),
                            "id_token_signing_alg_values_supported", List.of("RS256"))))));
            ProviderApis.server().stubFor(get(urlEqualTo("/idp/jwks")).willReturn(okJson(TestJwts.jwks())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Map.of("quarkus.oidc.public-key", TestJwts.pemBody("/oidc/test-public.pem"),
                "quarkus.oidc.token.issuer", ISSUER,
                "quarkus.oidc.roles.role-claim-path", "realm_access/roles",
                "DESPACHO_CONSOLE_OIDC_AUTH_SERVER_URL", idp,
                "DESPACHO_CONSOLE_OIDC_CLIENT_ID", CONSOLE_CLIENT,
                "DESPACHO_CONSOLE_OIDC_CLIENT_SECRET", "console-secret",
                "quarkus.oidc.console.roles.role-claim-path", "realm_access/roles");
    }
}
