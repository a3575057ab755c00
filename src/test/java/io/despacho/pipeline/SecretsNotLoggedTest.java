package io.despacho.pipeline;

import static io.despacho.pipeline.WebhookCalls.ANOREG;
import static io.despacho.pipeline.WebhookCalls.ANOREG_TOKEN;
import static io.despacho.pipeline.WebhookCalls.DIGESTO;
import static io.despacho.pipeline.WebhookCalls.DIGESTO_TOKEN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.despacho.testing.Api;
import io.despacho.testing.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The access log is on in tests: it and every other log line must show the path but never a token (webhook or /api). */
@QuarkusTest
class SecretsNotLoggedTest {

    @Test
    void tokensNeverReachTheLogs() {
        try (LogCapture logs = LogCapture.start()) {
            given().contentType(ContentType.JSON).queryParam("token", DIGESTO_TOKEN)
                    .body("[{\"id\": 770001, \"evt_type\": 1}]").post(DIGESTO).then().statusCode(202);
            given().contentType(ContentType.JSON).header("Authorization", "Bearer " + ANOREG_TOKEN)
                    .body("{\"pedido_id\": 770002}").post(ANOREG).then().statusCode(202);
            given().contentType(ContentType.JSON).queryParam("token", "wrong-secret-guess")
                    .body("[]").post(DIGESTO).then().statusCode(401);
            given().contentType(ContentType.JSON).queryParam("token", DIGESTO_TOKEN)
                    .body("[{\"id\": 1}]").post(DIGESTO).then().statusCode(400);

            Api.asReader().get("/api/pedidos?size=1").then().statusCode(200);
            Api.asOperator().get("/api/dlq?size=1").then().statusCode(200);
            given().header("Authorization", "Bearer wrong-api-token-guess").get("/api/pedidos").then().statusCode(401);

            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(logs.lines()).as("the access log saw the requests")
                        .filteredOn(l -> l.contains("POST /webhooks/")).hasSize(4);
                assertThat(logs.lines()).filteredOn(l -> l.contains("GET /api/")).hasSize(3);
            });
            assertThat(logs.lines()).noneMatch(l -> l.contains(DIGESTO_TOKEN) || l.contains(ANOREG_TOKEN)
                    || l.contains("wrong-secret-guess") || l.contains(Api.READER_TOKEN)
                    || l.contains(Api.OPERATOR_TOKEN) || l.contains("wrong-api-token-guess"));
        }
    }
}
