package io.despacho.digesto.messaging;

import static io.despacho.pipeline.WebhookCalls.digesto;
import static io.despacho.testing.DigestoStubs.reportEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.despacho.shared.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Without DIGESTO_API_TOKEN a report event is dead-lettered at once with a reason that names the variable (found by
 * the benchmark: it failed three times with "Failed to convert value for property ...api-token" instead).
 */
@QuarkusTest
@TestProfile(MissingDigestoTokenTest.NoApiToken.class)
class MissingDigestoTokenTest {

    public static class NoApiToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("despacho.digesto.api-token", "");
        }
    }

    @Inject
    DataSource dataSource;

    @Test
    void reportEventsAreDeadLetteredWithAReasonNamingTheVariable() {
        long report = System.currentTimeMillis() % 1_000_000_000L + 70_000_000_000L;
        digesto(reportEvent(System.currentTimeMillis() * 1000 + 990_000_000L, 16, report)).statusCode(202);
        String reason = await().atMost(Duration.ofSeconds(60)).until(() -> reason(report), r -> r != null);
        assertThat(reason).contains("DIGESTO_API_TOKEN is not set");
    }

    String reason(long report) {
        return Sql.firstString(dataSource, "select reason || ' after ' || attempts from dead_letter"
                + " where provider = 'digesto' and record_key = ?", Long.toString(report)).orElse(null);
    }
}
