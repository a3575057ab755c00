package io.despacho.judit.messaging;

import static io.despacho.testing.Api.asOperator;
import static io.despacho.testing.Api.assertMaskedForReaders;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.despacho.pipeline.WebhookCalls.digesto;
import static io.despacho.testing.JuditStubs.callback;
import static io.despacho.testing.JuditStubs.lawsuit;
import static io.despacho.testing.JuditStubs.notFound;
import static io.despacho.testing.JuditStubs.start;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

import io.despacho.shared.Cnj;
import io.despacho.testing.DigestoStubs;
import io.despacho.testing.JuditStubs;
import io.despacho.testing.ProviderApis;
import io.despacho.testing.TestCnj;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Judit consultas end to end against WireMock: created, completed by callback or by polling, paged, stored. */
@QuarkusTest
class JuditConsultaTest {

    static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    ConsultaPoller poller;

    @Inject
    javax.sql.DataSource dataSource;

    WireMockServer api = ProviderApis.server();

    @Test
    void aCpfConsultaCompletedByCallbackStoresEveryProcessFoundOverThePages() {
        String requestId = UUID.randomUUID().toString();
        Cnj a = TestCnj.next();
        Cnj b = TestCnj.next();
        Cnj c = TestCnj.next();
        stubCreate("52998224725", requestId);
        stubResponses(requestId, 1, 2, lawsuit(a), lawsuit(b));
        stubResponses(requestId, 2, 2, lawsuit(c), notFound());

        String id = start("CPF", "529.982.247-25").statusCode(202).body("status", equalTo("PENDENTE"))
                .body("requestId", equalTo(requestId)).extract().path("id");
        api.verify(postRequestedFor(urlEqualTo("/judit/requests"))
                .withHeader("api-key", WireMock.equalTo("test-judit-key"))
                .withRequestBody(matchingJsonPath("$.search.search_type", WireMock.equalTo("cpf"))));

        callback("{\"event_type\": \"response_created\", \"reference_type\": \"request\", \"reference_id\": \""
                + requestId + "\", \"payload\": {}}").statusCode(202);
        callback("{\"callback_id\": \"cb-" + requestId + "\", \"event_type\": \"request_completed\","
                + " \"reference_type\": \"request\", \"reference_id\": \"" + requestId + "\", \"payload\": {}}")
                .statusCode(202);

        await().atMost(PATIENCE).untilAsserted(() -> asOperator().get("/api/consultas/" + id).then().statusCode(200)
                .body("status", equalTo("CONCLUIDA")).body("totalProcessos", equalTo(3))
                .body("processos", containsInAnyOrder(a.formatted(), b.formatted(), c.formatted())));
        asOperator().get("/api/processos/" + b.digits()).then().statusCode(200).body("fonte.provedor", equalTo("JUDIT"))
                .body("partes[0].polo", equalTo("ATIVO")).body("partes[0].advogados[0].oab", equalTo("030820"));
        assertMaskedForReaders("/api/consultas/" + id, "52998224725");
        assertMaskedForReaders("/api/processos/" + b.digits(), "52998224725");
    }

    @Test
    void withoutACallbackThePollerEndsTheConsulta() {
        String requestId = UUID.randomUUID().toString();
        Cnj cnj = TestCnj.next();
        stubCreate("59285411000385", requestId);
        api.stubFor(get(urlEqualTo("/judit/requests/" + requestId)).willReturn(okJson("{\"request_id\": \""
                + requestId + "\", \"status\": \"completed\"}")));
        stubResponses(requestId, 1, 1, lawsuit(cnj));

        String id = start("CNPJ", "59.285.411/0003-85").statusCode(202).extract().path("id");
        assertThat(poller.poll()).isGreaterThanOrEqualTo(1);
        await().atMost(PATIENCE).untilAsserted(() -> asOperator().get("/api/consultas/" + id).then()
                .body("status", equalTo("CONCLUIDA")).body("processos", containsInAnyOrder(cnj.formatted())));
        // a Judit row is renormalized with Judit's mapper (Digesto's could not read a lawsuit)
        given().header("Authorization", JuditStubs.OPERATOR).post("/api/processos/" + cnj.digits() + "/renormalize")
                .then().statusCode(200).body("instances", equalTo(1));
    }

    @Test
    void thePollerHandlesEachConsultaOnItsOwnAndEndsFailedAndStaleOnes() {
        String unknown = UUID.randomUUID().toString();
        String failed = UUID.randomUUID().toString();
        String stale = UUID.randomUUID().toString();
        String done = UUID.randomUUID().toString();
        Cnj cnj = TestCnj.next();
        stubCreate("11144477735", unknown);
        stubCreate("52998224725", failed);
        stubCreate("59285411000385", stale);
        stubCreate("11222333000181", done);
        api.stubFor(get(urlEqualTo("/judit/requests/" + unknown)).willReturn(WireMock.aResponse().withStatus(404)));
        api.stubFor(get(urlEqualTo("/judit/requests/" + failed)).willReturn(okJson("{\"status\": \"failed\"}")));
        api.stubFor(get(urlEqualTo("/judit/requests/" + stale)).willReturn(okJson("{\"status\": \"pending\"}")));
        api.stubFor(get(urlEqualTo("/judit/requests/" + done)).willReturn(okJson("{\"status\": \"completed\"}")));
        stubResponses(done, 1, 1, lawsuit(cnj));

        // created in this order, so the one Judit does not know is asked first
        String unknownId = start("CPF", "111.444.777-35").statusCode(202).extract().path("id");
        String failedId = start("CPF", "529.982.247-25").statusCode(202).extract().path("id");
        String staleId = start("CNPJ", "59.285.411/0003-85").statusCode(202).extract().path("id");
        String doneId = start("CNPJ", "11.222.333/0001-81").statusCode(202).extract().path("id");
        io.despacho.shared.Sql.update(dataSource, "update consulta set criada_em = now() - interval '2 days'"
                + " where id = ?::uuid", staleId);

        assertThat(poller.poll()).isGreaterThanOrEqualTo(1);

        asOperator().get("/api/consultas/" + unknownId).then().body("status", equalTo("PENDENTE"));
        asOperator().get("/api/consultas/" + failedId).then().body("status", equalTo("FALHOU"))
                .body("detalhe", containsString("failed"));
        asOperator().get("/api/consultas/" + staleId).then().body("status", equalTo("FALHOU"))
                .body("detalhe", containsString("PT24H"));
        await().atMost(PATIENCE).untilAsserted(() -> asOperator().get("/api/consultas/" + doneId).then()
                .body("status", equalTo("CONCLUIDA")).body("processos", containsInAnyOrder(cnj.formatted())));
    }

    @Test
    void aLawsuitWithoutCnjIsStoredAndLinkedByItsNumber() {
        String requestId = UUID.randomUUID().toString();
        String numero = "0001234/" + (System.currentTimeMillis() % 1_000_000);
        ObjectNode item = lawsuit(TestCnj.next());
        ((ObjectNode) item.get("response_data")).put("code", numero);
        stubCreate("11144477735", requestId);
        stubResponses(requestId, 1, 1, item);
        String id = start("CPF", "111.444.777-35").statusCode(202).extract().path("id");
        callback("{\"event_type\": \"request_completed\", \"reference_type\": \"request\", \"reference_id\": \""
                + requestId + "\", \"payload\": {}}").statusCode(202);
        await().atMost(PATIENCE).untilAsserted(() -> asOperator().get("/api/consultas/" + id).then()
                .body("status", equalTo("CONCLUIDA")).body("processos", containsInAnyOrder(numero)));
        asOperator().queryParam("tribunal", "TJDFT").get("/api/processos/{n}", numero).then().statusCode(200)
                .body("cnj", org.hamcrest.Matchers.nullValue()).body("numero", equalTo(numero))
                .body("fonte.provedor", equalTo("JUDIT"));
    }

    @Test
    void anOlderJuditSnapshotDoesNotReplaceANewerDigestoOne() {
        Cnj cnj = TestCnj.next();
        ObjectNode newer = DigestoStubs.process(cnj, "2026-11-28T10:00:00");
        digesto(DigestoStubs.event(System.currentTimeMillis() * 1000 + 999_000_000L, 13, newer)).statusCode(202);
        await().atMost(PATIENCE).untilAsserted(() -> asOperator().get("/api/processos/" + cnj.digits()).then()
                .statusCode(200));

        String requestId = UUID.randomUUID().toString();
        stubCreate("123456/SP", requestId);
        ObjectNode older = lawsuit(cnj); // updated 2026-11-20
        stubResponses(requestId, 1, 1, older);
        String id = start("OAB", "SP 123456").statusCode(202).extract().path("id");
        callback("{\"event_type\": \"request_completed\", \"reference_id\": \"" + requestId + "\"}").statusCode(202);

        await().atMost(PATIENCE).untilAsserted(() -> asOperator().get("/api/consultas/" + id).then()
                .body("status", equalTo("CONCLUIDA")).body("processos", containsInAnyOrder(cnj.formatted())));
        asOperator().get("/api/processos/" + cnj.digits()).then().body("fonte.provedor", equalTo("DIGESTO"))
                .body("atualizadoEm", equalTo("2026-11-28T10:00:00"));
    }

    @Test
    void badConsultasAndCallbacksAreRefusedClearly() {
        given().contentType(ContentType.JSON).body("{\"tipo\": \"CPF\", \"documento\": \"52998224725\"}")
                .post("/api/consultas").then().statusCode(401);
        start("CPF", "529.982.247-26").statusCode(400).contentType("application/problem+json")
                .body("errors[0].message", containsString("check digits"));
        start("RG", "123").statusCode(400);
        asOperator().get("/api/consultas/" + UUID.randomUUID()).then().statusCode(404);

        given().contentType(ContentType.JSON).body("{\"event_type\": \"request_completed\", \"reference_id\": \"x\"}")
                .post("/webhooks/judit?token=wrong").then().statusCode(401);
        callback("{\"event_type\": \"request_completed\"}").statusCode(400).body("errors[0].field",
                equalTo("reference_id"));
        callback("{\"event_type\": \"request_completed\", \"reference_id\": \"a/../b\"}").statusCode(400);
        callback("[]").statusCode(400);
    }

    @Test
    void aFailedCreationIsNotRetriedAndTheConsultaSaysSo() {
        api.stubFor(post(urlEqualTo("/judit/requests")).withRequestBody(matchingJsonPath("$.search.search_key",
                WireMock.equalTo("11144477735"))).willReturn(aResponse().withStatus(500)));
        String detail = start("CPF", "111.444.777-35").statusCode(503).extract().path("detail");
        assertThat(detail).contains("HTTP 500").contains("FALHOU");
        assertThat(api.findAll(postRequestedFor(urlEqualTo("/judit/requests")).withRequestBody(matchingJsonPath(
                "$.search.search_key", WireMock.equalTo("11144477735"))))).hasSize(1);
    }

    void stubCreate(String searchKey, String requestId) {
        JuditStubs.stubCreate(api, searchKey, requestId);
    }

    void stubResponses(String requestId, int page, int pages, ObjectNode... items) {
        JuditStubs.stubResponses(api, requestId, page, pages, items);
    }
}
