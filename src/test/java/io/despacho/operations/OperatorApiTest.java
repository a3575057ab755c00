package io.despacho.operations;

import static io.despacho.testing.Api.asOperator;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.despacho.pipeline.WebhookCalls.digesto;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.despacho.shared.Cnj;
import io.despacho.testing.ProviderApis;
import io.despacho.testing.TestCnj;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** The operator API: token, dead-letter list and replay, renormalize from the raw payload. */
@QuarkusTest
class OperatorApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    DataSource dataSource;

    static RequestSpecification operator() {
        return given().header("Authorization", "Bearer test-operator-token");
    }

    @Test
    void theOperatorTokenIsRequired() {
        given().get("/api/dlq").then().log().ifValidationFails().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer test-digesto-token").get("/api/dlq").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").post("/api/dlq/1/replay").then().statusCode(401);
        given().post("/api/processos/00163774620158070003/renormalize").then().statusCode(401);
        operator().queryParam("provider", "nobody").get("/api/dlq").then().statusCode(400);
    }

    @Test
    void aDeadLetterIsListedWithItsReasonAndReplayedOnceTheCauseIsFixed() {
        long report = System.currentTimeMillis() % 1_000_000_000L + 7_000_000_000L;
        long eventId = report + 1;
        String metadata = "/digesto/api/virtual_report/" + report;
        ProviderApis.server().stubFor(get(urlEqualTo(metadata)).willReturn(aResponse().withStatus(403)));
        digesto("[{\"id\": " + eventId + ", \"evt_type\": 16, \"data\": {\"vr_id\": " + report + "}}]")
                .statusCode(202);

        com.fasterxml.jackson.databind.JsonNode item = await().atMost(PATIENCE).until(() -> {
            String body = operator().queryParam("provider", "digesto").queryParam("size", 500).get("/api/dlq").then()
                    .statusCode(200).extract().asString();
            for (com.fasterxml.jackson.databind.JsonNode candidate : JSON.readTree(body).get("items")) {
                if (Long.toString(eventId).equals(candidate.get("eventId").asText())) {
                    return candidate;
                }
            }
            return null;
        }, found -> found != null);
        assertThat(item.get("reason").asText()).contains("403");
        assertThat(item.get("attempts").asInt()).isEqualTo(1);
        long id = item.get("id").asLong();

        // the cause is fixed: Digesto now answers; the replay goes through the whole road again
        ProviderApis.server().stubFor(get(urlEqualTo(metadata)).willReturn(okJson("{\"name\": \"fixed\"}")));
        ProviderApis.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo(metadata
                + "/final")).willReturn(okJson("{\"data\": {\"hits\": {\"total\": 0, \"hits\": []}}}")));
        operator().post("/api/dlq/" + id + "/replay").then().statusCode(202).body("replayed", equalTo(1));
        await().atMost(PATIENCE).until(() -> asOperator().get("/api/relatorios/" + report).then().extract().statusCode()
                == 200);
        operator().post("/api/dlq/999999999/replay").then().statusCode(404);
    }

    @Test
    void renormalizeRebuildsTheRecordFromTheRawPayload() throws Exception {
        Cnj cnj = TestCnj.next();
        ObjectNode process;
        try (InputStream in = getClass().getResourceAsStream("/sandbox/digesto-tribproc.json")) {
            process = (ObjectNode) JSON.readTree(in);
        }
        process.put("numero", cnj.formatted());
        long eventId = System.currentTimeMillis() * 1000 + 900_000_000L;
        digesto("[{\"id\": " + eventId + ", \"evt_type\": 13, \"data\": " + process + "}]").statusCode(202);
        String original = await().atMost(PATIENCE).until(() -> {
            var response = asOperator().get("/api/processos/" + cnj.digits()).then().extract();
            return response.statusCode() == 200 ? response.asString() : null;
        }, body -> body != null);

        // as if an older mapping had produced a different record
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update processo set record = '{\"cnj\": \"old mapping\"}', content_hash = 'old' where cnj = ?")) {
            ps.setString(1, cnj.digits());
            ps.executeUpdate();
        }
        operator().post("/api/processos/" + cnj.formatted() + "/renormalize").then().statusCode(200)
                .body("instances", equalTo(1));
        assertThat(asOperator().get("/api/processos/" + cnj.digits()).then().extract().asString()).isEqualTo(original);
        operator().post("/api/processos/" + TestCnj.next().digits() + "/renormalize").then().statusCode(404);
        operator().post("/api/pedidos/987654321987/renormalize").then().statusCode(404);
    }
}
