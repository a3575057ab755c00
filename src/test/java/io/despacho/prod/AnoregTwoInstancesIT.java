package io.despacho.prod;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.despacho.bench.RateLimitedAnoreg;
import io.despacho.testing.ProdJar;
import io.despacho.testing.ProviderApis;

/**
 * Pedidos posted to two instances of the packaged jar against a WireMock Anoreg that enforces 30 requests per window
 * and answers 429 beyond: both instances draw on the one shared budget and the one shared login, so every pedido is
 * stored with no 429 and a single login. The window is 15 s here (60 s in production) to keep the test short.
 */
class AnoregTwoInstancesIT {

    static final String TOKEN = "anoreg-two-instances-token-0123";
    static final Path JAR = Path.of(System.getProperty("despacho.app.dir", "target/quarkus-app"), "quarkus-run.jar");
    static final Duration WINDOW = Duration.ofSeconds(15);
    static final String API = "/anoreg/distribuicao/api/v2/pedidos/";
    static final int PEDIDOS = 24;

    @Test
    void twoInstancesShareTheAccountsBudgetAndLogin() throws Exception {
        WireMockServer anoreg = ProviderApis.server();
        String window = Long.toString(WINDOW.toMillis());
        anoreg.stubFor(post(urlEqualTo("/anoreg/auth/login")).willReturn(okJson(
                "{\"access_token\": \"two-instances\", \"expires_in\": 14400}").withFixedDelay(50)
                .withTransformers("anoreg-rate-limit").withTransformerParameter("windowMillis", window)));
        anoreg.stubFor(get(urlPathMatching(API + "\\d+")).willReturn(okJson(
                "{\"data\": {\"id\": {{request.pathSegments.[5]}}, \"status\": \"aberto\"}}").withFixedDelay(50)
                .withTransformers("response-template", "anoreg-rate-limit")
                .withTransformerParameter("windowMillis", window)));
        anoreg.stubFor(get(urlPathMatching(API + "\\d+/andamentos")).willReturn(okJson(
                "{\"data\": [{\"id\": 1, \"descricao\": \"Recebido\"}]}").withFixedDelay(50)
                .withTransformers("anoreg-rate-limit").withTransformerParameter("windowMillis", window)));

        Map<String, String> env = new HashMap<>(ProdJar.infrastructureEnv());
        env.put("DIGESTO_WEBHOOK_TOKEN", TOKEN);
        env.put("ANOREG_WEBHOOK_TOKEN", TOKEN);
        env.put("ANOREG_API_URL", anoreg.baseUrl() + "/anoreg");
        env.put("ANOREG_API_KEY", "ANG-two-instances");
        env.put("ANOREG_API_SECRET", "two-instances-secret");
        env.put("ANOREG_USER_AGENT", "despacho.test");
        env.put("DESPACHO_ANOREG_BUDGET_REQUESTS", Integer.toString(RateLimitedAnoreg.LIMIT)); // the account's
        env.put("DESPACHO_ANOREG_BUDGET_WINDOW", WINDOW.toMillis() + "ms");
        int[] ports = { ProdJar.freePort(), ProdJar.freePort() };
        List<Process> instances = new ArrayList<>();
        for (int port : ports) {
            Map<String, String> own = new HashMap<>(env);
            own.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            instances.add(ProdJar.start(JAR, own, ProcessBuilder.Redirect.DISCARD));
        }
        try {
            for (int i = 0; i < 2; i++) {
                assertThat(ProdJar.awaitReady(instances.get(i), ports[i], Duration.ofSeconds(90))).isPositive();
            }
            try (Connection c = GracefulShutdownIT.connect(env)) {
                c.createStatement().execute("delete from provider_token where provider = 'anoreg'");
            }
            Thread.sleep(3000); // both in the consumer group
            int rejectedBefore = RateLimitedAnoreg.REJECTED.get();
            Instant start = Instant.now();
            long first = System.currentTimeMillis() % 10_000_000L * 100 + 7_000_000_000L;
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < PEDIDOS; i++) {
                HttpResponse<Void> accepted = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                        + ports[i % 2] + "/webhooks/anoreg/pedidos?token=" + TOKEN))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"pedido_id\": " + (first + i) + "}")).build(),
                        HttpResponse.BodyHandlers.discarding());
                assertThat(accepted.statusCode()).isEqualTo(202);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            long stored = 0;
            while (System.nanoTime() < deadline && stored < PEDIDOS) {
                stored = storedPedidos(env, first, first + PEDIDOS);
                Thread.sleep(250);
            }
            Duration took = Duration.between(start, Instant.now());
            List<Instant> sent = anoreg.getAllServeEvents().stream().map(e -> e.getRequest())
                    .filter(r -> r.getUrl().startsWith("/anoreg/"))
                    .map(r -> r.getLoggedDate().toInstant()).filter(t -> !t.isBefore(start)).sorted().toList();
            long busiest = sent.stream().mapToLong(at -> sent.stream()
                    .filter(t -> !t.isBefore(at) && t.isBefore(at.plus(WINDOW))).count()).max().orElse(0);
            long logins = anoreg.findAll(postRequestedFor(urlEqualTo("/anoreg/auth/login"))).stream()
                    .filter(r -> !r.getLoggedDate().toInstant().isBefore(start)).count();
            int rejected = RateLimitedAnoreg.REJECTED.get() - rejectedBefore;

            System.out.printf("ANOREG TWO INSTANCES: %d pedidos stored in %.1f s; %d provider calls, most in any %d s"
                    + " window %d (limit %d); 429s %d; logins %d%n", stored, took.toMillis() / 1000.0, sent.size(),
                    WINDOW.toSeconds(), busiest, RateLimitedAnoreg.LIMIT, rejected, logins);
            assertThat(stored).as("pedidos stored").isEqualTo(PEDIDOS);
            assertThat(rejected).as("429s drawn").isZero();
            assertThat(busiest).as("calls in any window, both instances").isLessThanOrEqualTo(RateLimitedAnoreg.LIMIT);
            assertThat(logins).as("logins, both instances").isEqualTo(1);
            assertThat(sent.size()).as("a pedido and its andamentos each, and the login").isEqualTo(2 * PEDIDOS + 1);
        } finally {
            for (Process instance : instances) {
                instance.destroy();
                instance.waitFor(45, TimeUnit.SECONDS);
            }
        }
    }

    static long storedPedidos(Map<String, String> env, long from, long to) throws Exception {
        try (Connection c = GracefulShutdownIT.connect(env); PreparedStatement ps = c.prepareStatement(
                "select count(*) from pedido where id >= ? and id < ?")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
