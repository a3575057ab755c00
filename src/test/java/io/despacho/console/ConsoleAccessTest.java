package io.despacho.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;

import org.junit.jupiter.api.Test;

import io.despacho.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Sign-in, the session cookie, CSRF and roles of the console, over plain HTTP (the browser test shows the pages). */
@QuarkusTest
class ConsoleAccessTest {

    @Test
    void withoutASessionEveryPageLeadsToTheSignIn() {
        ConsoleSignIn nobody = new ConsoleSignIn();
        for (String page : new String[] { "/console", "/console/events", "/console/dead-letters",
                "/console/overview/stats", "/console/relatorios", "/console/events/digesto/1" }) {
            nobody.request().get(page).then().statusCode(303).header("Location", endsWith("/console/login"));
        }
        nobody.request().contentType("application/x-www-form-urlencoded").formParam("csrf", "x")
                .post("/console/dead-letters/1/replay").then().statusCode(303)
                .header("Location", endsWith("/console/login"));
    }

    @Test
    void aWrongTokenIsRefusedAndTheSessionCookieIsHttpOnlySecureStrict() {
        ConsoleSignIn visitor = new ConsoleSignIn();
        visitor.signIn("not-a-token").then().statusCode(401)
                .body(containsString("is neither the reader"));
        visitor.signIn(io.despacho.pipeline.WebhookCalls.DIGESTO_TOKEN).then().statusCode(401);

        Response ok = new ConsoleSignIn().signIn(Api.OPERATOR_TOKEN);
        ok.then().statusCode(303).header("Location", endsWith("/console"));
        String cookie = ok.getHeaders().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(ConsoleSession.COOKIE + "=")).findFirst().orElseThrow();
        // attribute names are case-insensitive (Vert.x writes HTTPOnly)
        assertThat(cookie).containsIgnoringCase("; HttpOnly").contains("; Secure").contains("SameSite=Strict")
                .contains("Path=/console").doesNotContain(Api.OPERATOR_TOKEN);
    }

    @Test
    void theSignInFormItselfNeedsItsOwnToken() {
        given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("token", Api.OPERATOR_TOKEN).formParam("login", "forged").post("/console/login").then()
                .statusCode(403);
    }

    @Test
    void actionsNeedTheOperatorAndTheSessionsCsrfToken() {
        ConsoleSignIn reader = new ConsoleSignIn();
        reader.signIn(Api.READER_TOKEN).then().statusCode(303);
        reader.request().get("/console/dead-letters").then().statusCode(200)
                .body(org.hamcrest.Matchers.not(containsString("class=\"replay\"")));
        reader.request().contentType("application/x-www-form-urlencoded").formParam("csrf", reader.csrf)
                .post("/console/dead-letters/999999999/replay").then().statusCode(403);

        ConsoleSignIn operator = new ConsoleSignIn();
        operator.signIn(Api.OPERATOR_TOKEN).then().statusCode(303);
        operator.request().contentType("application/x-www-form-urlencoded")
                .post("/console/dead-letters/999999999/replay").then().statusCode(403)
                .body(containsString("CSRF"));
        operator.request().contentType("application/x-www-form-urlencoded").formParam("csrf", reader.csrf)
                .post("/console/dead-letters/999999999/replay").then().statusCode(403);
        operator.request().contentType("application/x-www-form-urlencoded").formParam("csrf", operator.csrf)
                .post("/console/dead-letters/999999999/replay").then().statusCode(303)
                .header("Location", containsString("No+dead+letter+999999999"));
        operator.request().contentType("application/x-www-form-urlencoded").formParam("csrf", operator.csrf)
                .formParam("provider", "digesto").formParam("reason", "no dead letter has this reason")
                .post("/console/dead-letters/replay").then().statusCode(303)
                .header("Location", containsString("result=0+dead+letters+replayed."));
        // signing out is an action too
        operator.request().contentType("application/x-www-form-urlencoded").post("/console/logout").then()
                .statusCode(403);
        operator.request().contentType("application/x-www-form-urlencoded").formParam("csrf", operator.csrf)
                .post("/console/logout").then().statusCode(303).header("Location", endsWith("/console/login"));
        operator.request().get("/console").then().statusCode(303);
    }

    @Test
    void aTimeThatIsNoTimeIsAClearError() {
        ConsoleSignIn reader = new ConsoleSignIn();
        reader.signIn(Api.READER_TOKEN).then().statusCode(303);
        reader.request().queryParam("from", "yesterday").get("/console/events").then().statusCode(400)
                .body(containsString("Times are yyyy-MM-ddTHH:mm, UTC."));
        reader.request().queryParam("from", "2026-01-01T00:00").queryParam("key", "0000000-00.0000.0.00.0000")
                .get("/console/events").then().statusCode(200).body(containsString("No event matches."));
    }

    @Test
    void aConsoleSessionIsNoKeyToTheApi() {
        ConsoleSignIn operator = new ConsoleSignIn();
        operator.signIn(Api.OPERATOR_TOKEN).then().statusCode(303);
        operator.request().get("/api/dlq").then().statusCode(401);
    }

    @Test
    void pagesForbidFramingAndForeignScripts() {
        ConsoleSignIn reader = new ConsoleSignIn();
        reader.signIn(Api.READER_TOKEN).then().statusCode(303);
        reader.request().get("/console").then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("X-Frame-Options", "DENY").header("Cache-Control", "no-store")
                .body(containsString("<svg class=\"chart\""));
    }
}
