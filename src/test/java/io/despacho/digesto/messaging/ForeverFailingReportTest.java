package io.despacho.digesto.messaging;

import static io.despacho.testing.Api.asOperator;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.despacho.pipeline.WebhookCalls.digesto;
import static io.despacho.testing.DigestoStubs.reportEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.despacho.digesto.client.DigestoClient;
import io.despacho.shared.Sql;
import io.despacho.testing.DigestoStubs;
import io.despacho.testing.ProviderApis;
import io.despacho.testing.TestCnj;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A report whose API answers 503 forever opens the Digesto circuit with its own calls and then fails every half-open
 * trial. It must still reach the DLQ after the client's attempts (counted over the consumer's attempts), and the
 * reports behind it must go through once the circuit closes again. Before the per-event count this livelocked: the
 * event only ever saw "circuit open" and waited, re-opening the circuit at each trial.
 */
@QuarkusTest
@TestProfile(ForeverFailingReportTest.QuickCircuit.class)
class ForeverFailingReportTest {

    public static class QuickCircuit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // opens after 4 failed calls, so the client's 5th attempt (1.4-2.1 s later) meets an open circuit; it
            // half-opens after 5 s, while the event waits as a lane does for an open circuit
            return Map.of("io.despacho.digesto.client.DigestoClient/CircuitBreaker/requestVolumeThreshold", "4",
                    "io.despacho.digesto.client.DigestoClient/CircuitBreaker/delay", "5");
        }
    }

    @Inject
    DataSource dataSource;

    WireMockServer api = ProviderApis.server();

    @Test
    void theFailingReportIsDeadLetteredAndTheOnesBehindItGoThrough() {
        long failing = System.currentTimeMillis() % 1_000_000_000L + 80_000_000_000L;
        long healthy = failing + 1;
        long event = System.currentTimeMillis() * 1000 + 995_000_000L;
        api.stubFor(get(urlEqualTo("/digesto/api/virtual_report/" + failing)).willReturn(aResponse().withStatus(503)));
        DigestoStubs.stubReport(api, healthy, List.of(TestCnj.next()));

        digesto(reportEvent(event, 16, failing)).statusCode(202);
        String reason = await().atMost(Duration.ofSeconds(60)).until(() -> reason(failing), r -> r != null);
        assertThat(reason).contains("503").contains("after " + DigestoClient.MAX_ATTEMPTS);
        assertThat(api.findAll(getRequestedFor(urlEqualTo("/digesto/api/virtual_report/" + failing))))
                .hasSize(DigestoClient.MAX_ATTEMPTS);

        digesto(reportEvent(event + 1, 16, healthy)).statusCode(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> asOperator().get("/api/relatorios/" + healthy).then()
                .statusCode(200).body("status", equalTo("FINISHED")));
    }

    String reason(long report) {
        return Sql.firstString(dataSource, "select reason || ' after ' || attempts from dead_letter"
                + " where provider = 'digesto' and record_key = ?", Long.toString(report)).orElse(null);
    }
}
