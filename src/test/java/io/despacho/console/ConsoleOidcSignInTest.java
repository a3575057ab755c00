package io.despacho.console;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;

import io.despacho.testing.TestJwts;
import io.despacho.testing.WithAnIdentityProvider;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * Sign-in through an identity provider: the console's OIDC tenant runs the authorization-code flow at /console/sso
 * (WireMock plays the provider: discovery, JWKS, token endpoint with an ID token signed by the test key), and the
 * roles in the ID token open a console session like a role token does.
 */
@QuarkusTest
@TestProfile(WithAnIdentityProvider.class)
class ConsoleOidcSignInTest {

    static final String CLIENT = WithAnIdentityProvider.CONSOLE_CLIENT;

    /** The profile ran in another class loader, with its own WireMock: reach that one through its URL. */
    @ConfigProperty(name = "quarkus.oidc.console.auth-server-url")
    String idp;

    @Test
    void theIdentityProvidersOperatorGetsAnOperatorSession() throws Exception {
        ConsoleSignIn browser = new ConsoleSignIn();
        browser.request().get("/console/login").then().statusCode(200).body(containsString("id=\"sso\""));
        codeFlow(browser, List.of("operator", "other")).then().statusCode(200).body(containsString("url=/console"));
        String who = browser.request().get("/console").then().statusCode(200).extract().asString();
        assertThat(who).contains("ana · operator");
        assertThat(browser.cookies).containsKey(ConsoleSession.COOKIE);
    }

    @Test
    void anAccountWithNeitherRoleGetsNoSession() throws Exception {
        ConsoleSignIn browser = new ConsoleSignIn();
        codeFlow(browser, List.of("viewer")).then().statusCode(403).body(containsString("neither the reader nor"));
        assertThat(browser.cookies).doesNotContainKey(ConsoleSession.COOKIE);
        browser.request().get("/console").then().statusCode(303);
    }

    /** The browser's trip: to the provider, back with a code; the answer Despacho gives at the end. */
    private Response codeFlow(ConsoleSignIn browser, List<String> roles) throws Exception {
        Response toProvider = browser.request().get("/console/sso");
        toProvider.then().statusCode(302).header("Location", startsWith(idp + "/auth?"));
        Map<String, String> query = query(URI.create(toProvider.header("Location")));
        assertThat(query).containsEntry("client_id", CLIENT).containsEntry("response_type", "code");

        // the provider authenticated the person and sends the browser back with a code
        new WireMock(URI.create(idp).getPort()).register(post(urlPathEqualTo("/idp/token"))
                .willReturn(okJson(tokens(idp, roles))));
        Response back = browser.request().queryParam("code", "the-code").queryParam("state", query.get("state"))
                .get(URI.create(query.get("redirect_uri")).getPath());
        return back.statusCode() == 302 ? browser.request().get(URI.create(back.header("Location")).getPath()) : back;
    }

    static String tokens(String issuer, List<String> roles) throws Exception {
        long now = Instant.now().getEpochSecond();
        String idToken = TestJwts.signed(TestJwts.signingKey(), Map.of("iss", issuer, "aud", CLIENT, "sub", "ana",
                "preferred_username", "ana", "iat", now - 5, "exp", now + 300,
                "realm_access", Map.of("roles", roles)));
        return new ObjectMapper().writeValueAsString(Map.of("access_token", idToken, "id_token", idToken,
                "token_type", "Bearer", "expires_in", 300));
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> params = new java.util.HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(kv[0], java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
        }
        return params;
    }
}
