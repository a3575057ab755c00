package io.despacho.digesto.request;

import static io.despacho.testing.Api.asOperator;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.despacho.pipeline.WebhookCalls.digesto;
import static io.despacho.testing.DigestoStubs.reportEvent;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

import io.despacho.shared.Cnj;
import io.despacho.testing.DigestoStubs;
import io.despacho.testing.ProviderApis;
import io.despacho.testing.TestCnj;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Outbound Digesto: an on-demand court update matched to its evt 13, and a virtual report followed to its 16. */
@QuarkusTest
class DigestoRequestsTest {

    static final String OPERATOR = "Bearer test-operator-token";
    static final Duration PATIENCE = Duration.ofSeconds(60);

    WireMockServer api = ProviderApis.server();

    static RequestSpecification operator() {
        return given().header("Authorization", OPERATOR);
    }

    @Test
    void anUpdateIsRequestedWithOurIdAndCompletedByTheEvt13ThatCarriesIt() {
        Cnj cnj = TestCnj.next();
        api.stubFor(get(urlPathEqualTo("/digesto/api/tribproc/" + cnj.formatted()))
                .withQueryParam("tipo_numero", WireMock.equalTo("5"))
                .withHeader("Authorization", WireMock.equalTo("Bearer test-digesto-api-token"))
                .willReturn(okJson("{\"numero\": \"" + cnj.formatted() + "\"}")));

        var requested = operator().post("/api/processos/" + cnj.digits() + "/atualizar").then().statusCode(202)
                .header("Location", containsString("/api/atualizacoes/"))
                .body("status", equalTo("SOLICITADA")).body("cnj", equalTo(cnj.formatted())).extract();
        String id = requested.path("id");
        assertThat(api.findAll(WireMock.getRequestedFor(
                urlPathEqualTo("/digesto/api/tribproc/" + cnj.formatted())).withQueryParam("id_update_callback",
                        WireMock.equalTo(id)))).hasSize(1);

        long eventId = System.currentTimeMillis() * 1000 + 997_000_000L;
        ObjectNode event = (ObjectNode) DigestoStubs.JSON.createObjectNode();
        event.put("id", eventId).put("evt_type", 13).put("source_user_custom", id);
        event.set("data", DigestoStubs.process(cnj, "2026-11-29T10:00:00"));
        digesto("[" + event + "]").statusCode(202);

        await().atMost(PATIENCE).untilAsserted(() -> asOperator().get("/api/atualizacoes/" + id).then().statusCode(200)
                .body("status", equalTo("CONCLUIDA")).body("eventoId", equalTo(Long.toString(eventId)))
                .body("concluidaEm", notNullValue()));
        asOperator().get("/api/processos/" + cnj.digits()).then().statusCode(200);
    }

    @Test
    void updateRequestsAreForOperatorsAndValidCnjsAndSayWhenDigestoFails() {
        Cnj cnj = TestCnj.next();
        given().post("/api/processos/" + cnj.digits() + "/atualizar").then().statusCode(401);
        operator().post("/api/processos/123/atualizar").then().statusCode(400)
                .contentType("application/problem+json");

        api.stubFor(get(urlPathEqualTo("/digesto/api/tribproc/" + cnj.formatted()))
                .willReturn(aResponse().withStatus(403)));
        operator().post("/api/processos/" + cnj.digits() + "/atualizar").then().statusCode(502)
                .contentType("application/problem+json").body("detail", containsString("HTTP 403"));
        asOperator().get("/api/atualizacoes/not-a-uuid").then().statusCode(404);
    }

    @Test
    void aReportIsCreatedOrderedAndFollowedThroughItsPreviewAndFinish() {
        long report = System.currentTimeMillis() % 1_000_000_000L + 90_000_000_000L;
        Cnj first = TestCnj.next();
        Cnj second = TestCnj.next();
        api.stubFor(post(urlEqualTo("/digesto/api/virtual_report/create_virtual_report"))
                .withRequestBody(equalToJson("{\"cnjs\": [\"" + first.formatted() + "\", \"" + second.formatted()
                        + "\"]}"))
                .willReturn(okJson(Long.toString(report))));
        // the documented "instancias" option reaches bill_start_update (only this body is answered 200)
        api.stubFor(post(urlEqualTo("/digesto/api/virtual_report/" + report + "/bill_start_update"))
                .withRequestBody(equalToJson("{\"instancias\": [1, 2]}"))
                .willReturn(okJson("\"Relatório encomendado com sucesso\"")));

        operator().contentType(ContentType.JSON).body("{\"cnjs\": [\"" + first.formatted() + "\"], \"instancias\": [0]}")
                .post("/api/relatorios").then().statusCode(400).body("errors[0].field", equalTo("instancias"));
        // the same process twice (formatted and digits) counts once
        operator().contentType(ContentType.JSON).body("{\"cnjs\": [\"" + first.formatted() + "\", \"" + second.digits()
                + "\", \"" + first.digits() + "\"], \"instancias\": [2, 1, 2]}").post("/api/relatorios").then().statusCode(201)
                .header("Location", containsString("/api/relatorios/" + report + "/solicitacao"))
                .body("id", equalTo(report)).body("totalCnjs", equalTo(2)).body("status", equalTo("ENCOMENDADO"))
                .body("instancias", equalTo(List.of(1, 2)));

        DigestoStubs.stubReport(api, report, List.of(first, second));
        long eventId = System.currentTimeMillis() * 1000 + 998_000_000L;
        digesto(reportEvent(eventId, 15, report)).statusCode(202);
        await().atMost(PATIENCE).untilAsserted(() -> asOperator().get("/api/relatorios/" + report + "/solicitacao").then()
                .body("status", equalTo("PREVIA")).body("previaEm", notNullValue()));
        digesto(reportEvent(eventId + 1, 16, report)).statusCode(202);
        await().atMost(PATIENCE).untilAsserted(() -> asOperator().get("/api/relatorios/" + report + "/solicitacao").then()
                .body("status", equalTo("CONCLUIDO")).body("concluidoEm", notNullValue()));
        asOperator().get("/api/relatorios/" + report).then().statusCode(200).body("status", equalTo("FINISHED"));
    }

    @Test
    void aFailedOrderLeavesTheReportCreatedUntilOrderedAgainAndCreationIsNeverRetried() {
        long report = System.currentTimeMillis() % 1_000_000_000L + 91_000_000_000L;
        Cnj cnj = TestCnj.next();
        api.stubFor(post(urlEqualTo("/digesto/api/virtual_report/create_virtual_report"))
                .withRequestBody(WireMock.containing(cnj.formatted())).willReturn(okJson(Long.toString(report))));
        api.stubFor(post(urlEqualTo("/digesto/api/virtual_report/" + report + "/bill_start_update"))
                .willReturn(aResponse().withStatus(500)));

        operator().contentType(ContentType.JSON).body("{\"cnjs\": [\"" + cnj.formatted() + "\"]}")
                .post("/api/relatorios").then().statusCode(503)
                .body("detail", containsString("/api/relatorios/" + report + "/encomendar"));
        asOperator().get("/api/relatorios/" + report + "/solicitacao").then().statusCode(200)
                .body("status", equalTo("CRIADO")).body("detalhe", containsString("HTTP 500"));

        api.stubFor(post(urlEqualTo("/digesto/api/virtual_report/" + report + "/bill_start_update"))
                .willReturn(okJson("\"Relatório encomendado com sucesso\"")));
        operator().post("/api/relatorios/" + report + "/encomendar").then().statusCode(200)
                .body("status", equalTo("ENCOMENDADO"));
        operator().post("/api/relatorios/" + report + "/encomendar").then().statusCode(200)
                .body("status", equalTo("ENCOMENDADO"));
        assertThat(api.findAll(postRequestedFor(urlEqualTo("/digesto/api/virtual_report/create_virtual_report"))
                .withRequestBody(WireMock.containing(cnj.formatted())))).hasSize(1);
        assertThat(api.findAll(postRequestedFor(urlEqualTo("/digesto/api/virtual_report/" + report
                + "/bill_start_update")))).as("one failed order, one that worked, none for the repeat").hasSize(2);
    }

    @Test
    void aReportRequestNamesEveryInvalidCnj() {
        Cnj valid = TestCnj.next();
        operator().contentType(ContentType.JSON).body("{\"cnjs\": [\"" + valid.formatted()
                + "\", \"0016377-47.2015.8.07.0003\", 42]}").post("/api/relatorios").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.contains("cnjs[1]", "cnjs[2]"));
        operator().contentType(ContentType.JSON).body("{}").post("/api/relatorios").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"cnjs\": [\"" + valid.formatted() + "\"]}")
                .post("/api/relatorios").then().statusCode(401);
    }

}
