package io.despacho.bench;

import static io.despacho.testing.Api.asOperator;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.despacho.pipeline.WebhookCalls.anoreg;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.despacho.testing.ProviderApis;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Not part of the test run (tag "bench"; bench/anoreg.sh runs it). Against a WireMock that enforces Anoreg's 30
 * requests per minute (429 beyond) and answers in 50 ms: the webhook-to-stored time of single pedidos, then a burst
 * of pedidos processed under the default budget, reporting requests per 60 s window, 429s and logins.
 */
@QuarkusTest
@Tag("bench")
@TestProfile(AnoregBudgetBenchmark.DefaultBudget.class)
class AnoregBudgetBenchmark {

    public static class DefaultBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("despacho.anoreg.api-key", "ANG-bench", "despacho.anoreg.api-secret", "bench");
        }
    }

    static final String API = "/anoreg/distribuicao/api/v2/pedidos/";

    @Inject
    MeterRegistry registry;

    @Test
    void budgetAndLatency() {
        WireMockServer api = ProviderApis.server();
        int burst = Integer.getInteger("bench.pedidos", 40);
        api.stubFor(post(urlEqualTo("/anoreg/auth/login")).willReturn(okJson("{\"access_token\": \"bench\"}")
                .withFixedDelay(50).withTransformers("anoreg-rate-limit")));
        api.stubFor(get(urlPathMatching(API + "\\d+")).willReturn(okJson(
                "{\"data\": {\"id\": {{request.pathSegments.[5]}}, \"status\": \"aberto\"}}").withFixedDelay(50)
                .withTransformers("response-template", "anoreg-rate-limit")));
        api.stubFor(get(urlPathMatching(API + "\\d+/andamentos")).willReturn(okJson(
                "{\"data\": [{\"id\": 1, \"descricao\": \"Recebido\"}]}").withFixedDelay(50)
                .withTransformers("anoreg-rate-limit")));
        long base = System.currentTimeMillis() % 10_000_000L * 100 + 5_000_000_000L;
        Instant start = Instant.now();

        List<Long> latencies = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            long id = base + i;
            long t0 = System.nanoTime();
            anoreg("{\"pedido_id\": " + id + "}").statusCode(202);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(10))
                    .until(() -> asOperator().get("/api/pedidos/" + id).then().extract().statusCode() == 200);
            latencies.add((System.nanoTime() - t0) / 1_000_000);
        }

        Instant burstStart = Instant.now();
        for (int i = 1; i <= burst; i++) {
            anoreg("{\"pedido_id\": " + (base + 100 + i) + "}").statusCode(202);
        }
        long last = base + 100 + burst;
        await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofSeconds(1))
                .until(() -> asOperator().get("/api/pedidos/" + last).then().extract().statusCode() == 200);
        for (int i = 1; i <= burst; i++) {
            long id = base + 100 + i;
            await().atMost(Duration.ofMinutes(5)).until(() -> asOperator().get("/api/pedidos/" + id).then().extract()
                    .statusCode() == 200);
        }
        Duration burstTook = Duration.between(burstStart, Instant.now());

        List<Instant> sent = api.getAllServeEvents().stream().map(e -> e.getRequest())
                .filter(r -> r.getUrl().startsWith("/anoreg/"))
                .map(r -> r.getLoggedDate().toInstant()).filter(t -> !t.isBefore(start)).sorted().toList();
        long maxPerWindow = sent.stream().mapToLong(at -> sent.stream()
                .filter(t -> !t.isBefore(at) && t.isBefore(at.plusSeconds(60))).count()).max().orElse(0);
        long logins = api.findAll(postRequestedFor(urlEqualTo("/anoreg/auth/login"))).stream()
                .filter(r -> !r.getLoggedDate().toInstant().isBefore(start)).count();
        List<Long> sorted = latencies.stream().sorted().toList();
        System.out.printf("%nAnoreg budget benchmark (provider answers in 50 ms, enforces %d requests / 60 s)%n",
                RateLimitedAnoreg.LIMIT);
        System.out.printf("webhook -> stored pedido, single pedidos: min %d ms, median %d ms, max %d ms (%s)%n",
                sorted.get(0), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), latencies);
        System.out.printf("burst of %d pedidos (%d requests): %.1f s, %.1f requests/min sustained%n", burst,
                2 * burst, burstTook.toMillis() / 1000.0, 2 * burst / (burstTook.toMillis() / 60000.0));
        System.out.printf("most requests in any 60 s window: %d (limit %d); 429s: %d; logins: %d; total requests: %d;"
                + " requests the budget took as another client's (x-ratelimit-remaining): %.0f%n", maxPerWindow,
                RateLimitedAnoreg.LIMIT, RateLimitedAnoreg.REJECTED.get(), logins, sent.size(), registry
                        .find("despacho.budget.spent_elsewhere").tag("provider", "anoreg").counters().stream()
                        .mapToDouble(Counter::count).sum());
        List<Instant> burstRequests = sent.stream().filter(t -> !t.isBefore(burstStart)).toList();
        System.out.printf("Anoreg requests per minute while pedidos waited: %.1f of %d (requests in the whole 60-s"
                + " windows from the first burst request to the last, per window)%n", perWholeWindow(burstRequests),
                RateLimitedAnoreg.LIMIT);
        System.out.printf("Anoreg requests per sliding 60-s window starting at a burst request: %.1f of %d (mean;"
                + " below the rate when requests go out in clumps, since each place is held for the window plus the"
                + " answer time)%n", usedPerWindow(burstRequests), RateLimitedAnoreg.LIMIT);
    }

    /**
     * The budget's throughput while work waited: requests sent in [first, first + k × 60 s), divided by k, the number
     * of whole windows before the last request. Against a server that allows 30 per 60 s, 30 is the ceiling.
     */
    static double perWholeWindow(List<Instant> sorted) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        Instant first = sorted.get(0);
        long windows = Duration.between(first, sorted.get(sorted.size() - 1)).toSeconds() / 60;
        if (windows == 0) {
            return Double.NaN;
        }
        Instant end = first.plusSeconds(60 * windows);
        return sorted.stream().filter(t -> t.isBefore(end)).count() / (double) windows;
    }

    /** The mean count of requests in [t, t + 60 s) over the requests t whose window closes before the last one. */
    static double usedPerWindow(List<Instant> sorted) {
        if (sorted.isEmpty()) {
            return 0;
        }
        Instant last = sorted.get(sorted.size() - 1);
        return sorted.stream().filter(t -> !t.plusSeconds(60).isAfter(last))
                .mapToLong(t -> sorted.stream().filter(u -> !u.isBefore(t) && u.isBefore(t.plusSeconds(60))).count())
                .average().orElse(Double.NaN);
    }
}
