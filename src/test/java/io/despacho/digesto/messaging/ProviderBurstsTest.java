package io.despacho.digesto.messaging;

import static io.despacho.testing.Api.asOperator;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.despacho.pipeline.WebhookCalls.digesto;
import static io.despacho.testing.DigestoStubs.reportEvent;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.despacho.digesto.client.DigestoClient;
import io.despacho.shared.Cnj;
import io.despacho.shared.Sql;
import io.despacho.testing.DigestoStubs;
import io.despacho.testing.ProviderApis;
import io.despacho.testing.ProviderChaos;
import io.despacho.testing.TestCnj;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Digesto having a bad day while reports come in: 500s, 503s, 429s with Retry-After, answers slower than the read
 * timeout, connection resets, empty responses and malformed bodies on 30% of the calls. Every report ends stored
 * and FINISHED, or on the DLQ with a reason after the client's attempts — none lost, none stuck, also when the
 * always-failing reports open the circuit breaker (see {@link ForeverFailingReportTest}).
 */
@QuarkusTest
@TestProfile(ProviderBurstsTest.QuickCircuit.class)
class ProviderBurstsTest {

    static final int REPORTS = 24;
    static final int ALWAYS_FAILING = 3;
    static final Duration PATIENCE = Duration.ofSeconds(240);

    public static class QuickCircuit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // the breaker as configured, but half-open after 2 s instead of 30 s to keep the test short
            return Map.of("io.despacho.digesto.client.DigestoClient/CircuitBreaker/delay", "2");
        }
    }

    @Inject
    DataSource dataSource;

    WireMockServer api = ProviderApis.server();

    @Test
    void everyReportIsStoredOrDeadLetteredWithAReason() throws Exception {
        long base = System.currentTimeMillis() % 1_000_000L * 100 + 50_000_000_000L;
        long eventIds = System.currentTimeMillis() * 1000 + 600_000_000L;
        Map<Long, List<Cnj>> reports = new HashMap<>();
        for (long report = base; report < base + REPORTS; report++) {
            List<Cnj> cnjs = List.of(TestCnj.next(), TestCnj.next());
            reports.put(report, cnjs);
            DigestoStubs.stubReport(api, report, cnjs, aResponse().withTransformers(ProviderChaos.NAME)
                    .withTransformerParameter("rate", 0.3).build());
        }
        List<Long> failing = new ArrayList<>();
        for (long report = base + REPORTS; report < base + REPORTS + ALWAYS_FAILING; report++) {
            failing.add(report);
            api.stubFor(get(urlEqualTo("/digesto/api/virtual_report/" + report)).willReturn(aResponse().withStatus(503)));
        }
        long event = eventIds;
        for (long report = base; report < base + REPORTS + ALWAYS_FAILING; report++) {
            digesto(reportEvent(++event, 16, report)).statusCode(202);
        }

        long last = event;
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(() -> handled(eventIds, last) == REPORTS
                + ALWAYS_FAILING);

        int finished = 0;
        int deadLettered = 0;
        for (var entry : reports.entrySet()) {
            var stored = asOperator().get("/api/relatorios/" + entry.getKey()).then().extract();
            String status = stored.statusCode() == 200 ? stored.path("status") : null; // 404: never stored
            if ("FINISHED".equals(status)) {
                finished++;
                assertThat((Integer) stored.path("processosArmazenados")).as("report %s", entry.getKey())
                        .isEqualTo(entry.getValue().size());
                for (Cnj cnj : entry.getValue()) {
                    asOperator().get("/api/processos/" + cnj.digits()).then().statusCode(200);
                }
            } else {
                // chaos answers are all transient: a report may only be given up after the client's every attempt
                assertThat(deadLetterReason(entry.getKey())).as("report %s neither stored nor dead-lettered",
                        entry.getKey()).isNotBlank();
                assertThat(deadLetterAttempts(entry.getKey())).as("report %s given up too early", entry.getKey())
                        .isGreaterThanOrEqualTo(DigestoClient.MAX_ATTEMPTS);
                deadLettered++;
            }
        }
        for (long report : failing) {
            assertThat(deadLetterReason(report)).contains("503");
            assertThat(api.findAll(getRequestedFor(urlEqualTo("/digesto/api/virtual_report/" + report))).size())
                    .as("at least the client's attempts (more if the open circuit made the lane try again)")
                    .isGreaterThanOrEqualTo(DigestoClient.MAX_ATTEMPTS);
        }
        System.out.printf("FAULT provider-bursts: %d reports under chaos: %d stored and FINISHED, %d dead-lettered;"
                + " %d always-503 reports dead-lettered after %d attempts; answers %s%n", REPORTS, finished,
                deadLettered, ALWAYS_FAILING, DigestoClient.MAX_ATTEMPTS, ProviderChaos.injected());
        assertThat(finished).as("retries carry most reports through").isGreaterThan(REPORTS * 3 / 4);
    }

    long handled(long fromExclusive, long toInclusive) {
        return Sql.count(dataSource, "select count(*) from received_event where provider = 'digesto'"
                + " and status <> 'RECEIVED' and event_id ~ '^[0-9]+$' and event_id::numeric > ?"
                + " and event_id::numeric <= ?", fromExclusive, toInclusive);
    }

    long deadLetterAttempts(long report) {
        return Sql.count(dataSource, "select coalesce(max(attempts), 0) from dead_letter where provider = 'digesto'"
                + " and record_key = ?", Long.toString(report));
    }

    String deadLetterReason(long report) {
        return Sql.firstString(dataSource, "select reason from dead_letter where provider = 'digesto'"
                + " and record_key = ?", Long.toString(report)).orElse(null);
    }
}
