package io.despacho.ingress;

import static io.despacho.ingress.WebhookCalls.anoreg;
import static io.despacho.ingress.WebhookCalls.digesto;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With no broker behind the inbound channels, a webhook is answered 503 with Retry-After once the publish deadline
 * has passed, and never 2xx.
 */
@QuarkusTest
@TestProfile(KafkaUnavailableTest.BrokerUnreachable.class)
class KafkaUnavailableTest {

    static final long DEADLINE_MS = 1500;

    public static class BrokerUnreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String nowhere = "localhost:" + freePort();
            return Map.of(
                    "mp.messaging.outgoing.inbound-digesto.bootstrap.servers", nowhere,
                    "mp.messaging.outgoing.inbound-anoreg.bootstrap.servers", nowhere,
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

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
