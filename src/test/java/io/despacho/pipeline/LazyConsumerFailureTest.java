package io.despacho.pipeline;

import static io.despacho.pipeline.WebhookCalls.digesto;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The inbound consumers are created on their own threads after the start (lazy-client): one that cannot be created
 * must not pass unnoticed. Liveness goes DOWN naming its channel (the pod is restarted), while the webhooks, whose
 * producer is created at start, keep taking events.
 */
@QuarkusTest
@TestProfile(LazyConsumerFailureTest.JuditConsumerRefused.class)
class LazyConsumerFailureTest {

    public static class JuditConsumerRefused implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // a consumer-only setting KafkaConsumer's constructor refuses (ConfigException): the producer never reads it
            return Map.of("mp.messaging.incoming.judit-inbound.isolation.level", "not-a-level");
        }
    }

    @Test
    void livenessNamesTheConsumerThatCouldNotBeCreated() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/live").then()
                .statusCode(503)
                .body("status", equalTo("DOWN"))
                .body(containsString("judit-inbound")));
        digesto("[{\"id\": 990001, \"evt_type\": 1}]").statusCode(202);
    }
}
