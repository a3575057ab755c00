package io.despacho.anoreg.messaging;

import static io.despacho.testing.Api.asOperator;
import static io.despacho.testing.Api.assertMaskedForReaders;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.despacho.pipeline.WebhookCalls.anoreg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.despacho.pipeline.DeadLetters;
import io.despacho.testing.ProviderApis;
import io.despacho.testing.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Anoreg webhook → inbound topic → consumer (login, budget, fetch) → PostgreSQL → despacho.pedidos, with WireMock as
 * Anoreg/MT. A profile of its own gives a fresh application (no token yet) and a small budget: 8 requests per 2 s.
 */
@QuarkusTest
@TestProfile(AnoregPipelineTest.SmallBudget.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnoregPipelineTest {

    static final int BUDGET = 8;
    static final Duration WINDOW = Duration.ofSeconds(2);
    static final Duration PATIENCE = Duration.ofSeconds(90);
    static final String API = "/anoreg/distribuicao/api/v2/pedidos/";
    static final AtomicLong PEDIDOS = new AtomicLong(System.currentTimeMillis() % 100_000_000L * 10 + 3_000_000_000L);

    public static class SmallBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("despacho.anoreg.budget.requests", Integer.toString(BUDGET),
                    "despacho.anoreg.budget.window", WINDOW.toMillis() + "ms",
                    "despacho.anoreg.api-key", "ANG-test", "despacho.anoreg.api-secret", "test-secret",
                    "despacho.anoreg.user-agent", "despacho.test");
        }
    }

    @Inject
    DataSource dataSource;

    WireMockServer api = ProviderApis.server();

    @BeforeEach
    void stubLoginAndDefaultPedidos() {
        api.stubFor(post(urlEqualTo("/anoreg/auth/login")).willReturn(okJson(
                "{\"access_token\": \"tok-{{randomValue length=8 type='ALPHANUMERIC'}}\", \"expires_in\": 14400}")
                .withTransformers("response-template")));
        api.stubFor(get(urlPathMatching(API + "\\d+")).atPriority(10).willReturn(okJson("""
                {"data": {"id": {{request.pathSegments.[5]}}, "protocolo": "CEI-{{request.pathSegments.[5]}}",
                 "status": "aberto", "cns": "000000", "updated_at": "2026-11-28T14:05:00-04:00",
                 "partes": [{"nome": "FULANO", "cpf_cnpj": "12345678909"}]}}""").withTransformers("response-template")));
        api.stubFor(get(urlPathMatching(API + "\\d+/andamentos")).atPriority(10).willReturn(okJson("""
                {"data": [{"id": 1, "descricao": "Recebido", "created_at": "2026-11-27T10:00:00-04:00"},
                          {"id": 2, "descricao": "Em análise", "created_at": "2026-11-28T14:05:00-04:00"}]}""")));
    }

    @Test
    @Order(1)
    void twentyPedidosWithOneLoginAndNeverOverTheBudget() {
        // a fresh account: no login left by the test classes before (the token is shared through PostgreSQL)
        io.despacho.shared.Sql.update(dataSource, "delete from provider_token where provider = 'anoreg'");
        Instant start = Instant.now();
        long first = PEDIDOS.get() + 1;
        for (int i = 0; i < 20; i++) {
            anoreg("{\"pedido_id\": " + PEDIDOS.incrementAndGet() + "}").statusCode(202);
        }
        for (long id = first; id < first + 20; id++) {
            awaitPedido(id);
        }
        List<LoggedRequest> logins = api.findAll(postRequestedFor(urlEqualTo("/anoreg/auth/login"))).stream()
                .filter(r -> !r.getLoggedDate().toInstant().isBefore(start)).toList();
        assertThat(logins).as("one login for 20 pedidos").hasSize(1);
        assertThat(logins.get(0).getBodyAsString()).contains("\"key\":\"ANG-test\"");
        assertThat(logins.get(0).getHeader("User-Agent")).isEqualTo("despacho.test");

        List<Instant> sent = anoregRequestsSince(start);
        assertThat(sent.size()).isGreaterThanOrEqualTo(41);
        for (Instant at : sent) {
            long inWindow = sent.stream().filter(t -> !t.isBefore(at) && t.isBefore(at.plus(WINDOW))).count();
            assertThat(inWindow).as("requests in the %s window from %s", WINDOW, at).isLessThanOrEqualTo(BUDGET);
        }
    }

    @Test
    @Order(2)
    void anExpiredTokenMeansOneMoreLoginAndSuccess() {
        long id = PEDIDOS.incrementAndGet();
        Instant start = Instant.now();
        api.stubFor(get(urlEqualTo(API + id)).inScenario("expired-" + id).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(401).withBody("{\"message\": \"Unauthenticated.\"}"))
                .willSetStateTo("renewed"));
        api.stubFor(get(urlEqualTo(API + id)).inScenario("expired-" + id).whenScenarioStateIs("renewed")
                .willReturn(okJson("{\"id\": " + id + ", \"status\": \"pendente\"}")));
        anoreg("{\"pedido_id\": " + id + "}").statusCode(202);
        awaitPedido(id);
        assertThat(api.findAll(postRequestedFor(urlEqualTo("/anoreg/auth/login"))).stream()
                .filter(r -> !r.getLoggedDate().toInstant().isBefore(start))).hasSize(1);
    }

    @Test
    @Order(3)
    void a429IsWaitedOutAndSucceeds() {
        long id = PEDIDOS.incrementAndGet();
        api.stubFor(get(urlEqualTo(API + id)).inScenario("limited-" + id).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")
                        .withHeader("x-ratelimit-remaining", "0")).willSetStateTo("ok"));
        api.stubFor(get(urlEqualTo(API + id)).inScenario("limited-" + id).whenScenarioStateIs("ok")
                .willReturn(okJson("{\"id\": " + id + ", \"status\": \"pendente\"}")));
        anoreg("{\"pedido_id\": " + id + "}").statusCode(202);
        awaitPedido(id);
        List<Date> calls = api.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                urlEqualTo(API + id))).stream().map(LoggedRequest::getLoggedDate).sorted().toList();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1).getTime() - calls.get(0).getTime()).as("Retry-After: 2 waited out")
                .isGreaterThanOrEqualTo(1900);
    }

    @Test
    @Order(4)
    void serverErrorsAreRetriedUntilStored() {
        long id = PEDIDOS.incrementAndGet();
        String scenario = "flaky-" + id;
        api.stubFor(get(urlEqualTo(API + id)).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("again"));
        api.stubFor(get(urlEqualTo(API + id)).inScenario(scenario).whenScenarioStateIs("again")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("ok"));
        api.stubFor(get(urlEqualTo(API + id)).inScenario(scenario).whenScenarioStateIs("ok")
                .willReturn(okJson("{\"data\": {\"id\": " + id + ", \"status\": \"pendente\"}}")));
        anoreg("{\"pedido_id\": " + id + "}").statusCode(202);
        awaitPedido(id);
    }

    @Test
    @Order(4)
    void aPedidoWhoseAndamentosAndCertidoesAre404IsStoredWithWhatWasFetched() throws Exception {
        long id = PEDIDOS.incrementAndGet();
        api.stubFor(get(urlEqualTo(API + id)).willReturn(okJson("{\"id\": " + id + ", \"status\": \"encerrado\","
                + " \"cns\": \"000000\", \"observacao_remetente\": \"ID Interno #456897\","
                + " \"pedido\": {\"descricao\": \"Solicito matrícula atualizada número 14500.\"}}")));
        api.stubFor(get(urlEqualTo(API + id + "/andamentos")).willReturn(aResponse().withStatus(404)));
        api.stubFor(get(urlEqualTo(API + id + "/certidoes")).willReturn(aResponse().withStatus(404)));
        String eventId = anoreg("{\"pedido_id\": " + id + "}").statusCode(202).extract().path("eventIds[0]");
        String stored = awaitPedido(id);
        assertThat(stored).contains("\"observacaoRemetente\":\"ID Interno #456897\"")
                .contains("\"descricao\":\"Solicito matrícula atualizada número 14500.\"")
                .contains("\"andamentos\":[]").contains("\"certidoes\":[]");
        assertThat(single("select raw -> 'missing' ->> 'andamentos' from pedido where id = ?", id)).isEqualTo("HTTP 404");
        assertThat(single("select raw -> 'missing' ->> 'certidoes' from pedido where id = ?", id)).isEqualTo("HTTP 404");
        assertThat(single("select status || ': ' || last_error from received_event where provider = 'anoreg'"
                + " and event_id = ?", eventId)).isEqualTo("PROCESSED: stored without andamentos, certidoes"
                        + " (the API answered 404)");
        assertThat(count("select count(*) from dead_letter where provider = 'anoreg' and event_id = ?", eventId))
                .isZero();
    }

    @Test
    @Order(5)
    void aMissingPedidoGoesToTheDlqAndTheNextIsProcessed() throws Exception {
        long missing = PEDIDOS.incrementAndGet();
        api.stubFor(get(urlEqualTo(API + missing)).willReturn(aResponse().withStatus(404)));
        String eventId = anoreg("{\"pedido_id\": " + missing + "}").statusCode(202).extract().path("eventIds[0]");
        long next = PEDIDOS.incrementAndGet();
        anoreg("{\"pedido_id\": " + next + "}").statusCode(202);
        awaitPedido(next);
        ConsumerRecord<String, String> dead = await().atMost(PATIENCE).until(() -> Topics.readAll(
                "despacho.dlq.anoreg").stream().filter(r -> eventId.equals(Topics.header(r, "despacho-event-id")))
                .findFirst().orElse(null), r -> r != null);
        assertThat(dead.key()).isEqualTo(Long.toString(missing));
        assertThat(Topics.header(dead, DeadLetters.HEADER_REASON)).contains("404");
        assertThat(count("select count(*) from dead_letter where provider = 'anoreg' and event_id = ?", eventId))
                .isEqualTo(1);
    }

    @Test
    @Order(6)
    void theSameWebhookThreeTimesLeavesTheSameRows() throws Exception {
        long id = PEDIDOS.incrementAndGet();
        String body = "{\"pedido_id\": " + id + ", \"status\": \"pendente\"}";
        anoreg(body).statusCode(202);
        String first = awaitPedido(id);
        String updatedAt = single("select updated_at::text from pedido where id = ?", id);
        anoreg(body).statusCode(202);
        anoreg("{\"id_pedido\": \"" + id + "\"}").statusCode(202); // another notification of the same pedido
        await().atMost(PATIENCE).until(() -> count("select count(*) from received_event where provider = 'anoreg'"
                + " and record_key = ? and status <> 'RECEIVED'", Long.toString(id)) == 2);
        assertThat(asOperator().get("/api/pedidos/" + id).then().statusCode(200).extract().asString()).isEqualTo(first);
        assertMaskedForReaders("/api/pedidos/" + id, "12345678909");
        assertThat(single("select updated_at::text from pedido where id = ?", id)).isEqualTo(updatedAt);
        assertThat(count("select count(*) from pedido_andamento where pedido_id = ?", id)).isEqualTo(2);
        List<ConsumerRecord<String, String>> downstream = await().atMost(PATIENCE).until(() -> Topics.readAll(
                "despacho.pedidos").stream().filter(r -> Long.toString(id).equals(r.key())).toList(), l -> !l.isEmpty());
        Topics.pastTheSweep();
        downstream = Topics.readAll("despacho.pedidos").stream().filter(r -> Long.toString(id).equals(r.key())).toList();
        assertThat(downstream).hasSize(1);
        assertThat(Topics.header(downstream.get(0), "ce_type")).isEqualTo("io.despacho.pedido.v1");
    }

    @Test
    @Order(7)
    void queryEndpoints() {
        asOperator().get("/api/pedidos/987654321987").then().statusCode(404).contentType("application/problem+json");
        asOperator().queryParam("status", "aberto").queryParam("size", 5).get("/api/pedidos").then().statusCode(200)
                .body("size", org.hamcrest.Matchers.equalTo(5))
                .body("records.status", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo("ABERTO")))
                .body("total", org.hamcrest.Matchers.greaterThanOrEqualTo(20));
        asOperator().queryParam("size", 0).get("/api/pedidos").then().statusCode(400);
        assertMaskedForReaders("/api/pedidos?status=aberto&size=5", "12345678909");
    }

    // ---------------------------------------------------------------- helpers

    String awaitPedido(long id) {
        return await().atMost(PATIENCE).until(() -> {
            var response = asOperator().get("/api/pedidos/" + id).then().extract();
            return response.statusCode() == 200 ? response.asString() : null;
        }, body -> body != null);
    }

    List<Instant> anoregRequestsSince(Instant start) {
        return api.getAllServeEvents().stream().map(e -> e.getRequest())
                .filter(r -> r.getUrl().startsWith("/anoreg/"))
                .map(r -> r.getLoggedDate().toInstant()).filter(t -> !t.isBefore(start)).sorted().toList();
    }

    int count(String sql, Object arg) throws SQLException {
        return Integer.parseInt(single(sql, arg));
    }

    String single(String sql, Object arg) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
