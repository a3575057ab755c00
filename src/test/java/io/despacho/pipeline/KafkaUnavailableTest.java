package io.despacho.pipeline;

import static io.despacho.pipeline.WebhookCalls.anoreg;
import static io.despacho.pipeline.WebhookCalls.digesto;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With no broker behind the inbound channels, a webhook is answered 503 with Retry-After once the publish deadline
 * has passed, and never 2xx; an operator replay likewise answers 503 and marks nothing replayed.
 */
@QuarkusTest
@TestProfile(KafkaUnavailableTest.BrokerUnreachable.class)
class KafkaUnavailableTest {

    @Inject
    DataSource dataSource;

    static final long DEADLINE_MS = 1500;

    public static class BrokerUnreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String nowhere = "localhost:" + freePort();
            return Map.of(
                    "mp.messaging.outgoing.inbound.bootstrap.servers", nowhere,
                    "despacho.ingress.publish-deadline", DEADLINE_MS + "ms",
                    "despacho.ingress.retry-after-seconds", "17");
        }
    }

    @Test
    void digestoWebhookIs503WithinTheDeadline() {
        for (int attempt = 0; attempt < 3; attempt++) {
            long started = System.nanoTime();
            digesto("[{\"id\": " + (880000 + attempt) + ", \"evt_type\": 1}]")
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "17")
                    .body("status", equalTo(503));
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(tookMs).as("answered once the deadline passed, not long after").isBetween(DEADLINE_MS - 100,
                    DEADLINE_MS + 5000);
        }
    }

    @Test
    void anoregWebhookIs503() {
        anoreg("{\"pedido_id\": 42}").statusCode(503).header("Retry-After", "17");
    }

    @Test
    void handshakeNeedsNoBroker() {
        digesto("[]").statusCode(200);
    }

    @Test
    void invalidInputIsStill400() {
        digesto("[{\"id\": 1}]").statusCode(400);
    }

    @Test
    void operatorReplayIs503AndLeavesTheDeadLetterUnreplayed() throws SQLException {
        long id;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into dead_letter (provider, event_id, record_key, reason, attempts, payload)"
                        + " values ('digesto', ?, '1', 'test', 1, to_jsonb(?::text)) returning id")) {
            ps.setString(1, "kafka-unavailable-" + System.nanoTime());
            ps.setString(2, "{\"id\": 1, \"evt_type\": 2}");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        operator().post("/api/dlq/" + id + "/replay").then().statusCode(503)
                .contentType("application/problem+json").header("Retry-After", "30");
        operator().queryParam("provider", "digesto").post("/api/dlq/replay").then().statusCode(503);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select replayed_at from dead_letter where id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getTimestamp(1)).as("not marked replayed").isNull();
            }
        }
    }

    private static RequestSpecification operator() {
        return given().header("Authorization", "Bearer test-operator-token");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
