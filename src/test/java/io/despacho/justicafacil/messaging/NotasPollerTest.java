package io.despacho.justicafacil.messaging;

import static io.despacho.testing.Api.asOperator;
import static io.despacho.testing.Api.assertMaskedForReaders;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.despacho.publicacao.PublicacaoStore;
import io.despacho.shared.Cnj;
import io.despacho.shared.Sql;
import io.despacho.testing.ProviderApis;
import io.despacho.testing.TestCnj;
import io.despacho.testing.Topics;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The Justiça Fácil poller against WireMock that behaves like the documented API: notas stay in /notas/novas/ until
 * marked read. A nota is marked only after Kafka has it; when marking fails, the next poll takes it again and it is
 * still stored and published once.
 */
@QuarkusTest
class NotasPollerTest {

    static final String NOVAS = NotasPollerStubs.NOVAS;
    static final String MARK = NotasPollerStubs.MARK;
    static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    NotasPoller poller;

    @Inject
    DataSource dataSource;

    WireMockServer api = ProviderApis.server();

    @AfterEach
    void resetScenario() {
        api.resetScenarios();
    }

    @Test
    void notasArePublishedThenMarkedReadAndStoredAsPublications() {
        long first = System.currentTimeMillis() * 10;
        Cnj cnj = TestCnj.next();
        unreadUntilMarked(notas(first, cnj.formatted(), first + 1, "NNNNNNN-DD.AAAA.J.TR.OOOO"));

        assertThat(poller.poll()).isEqualTo(2);

        api.verify(1, postRequestedFor(urlEqualTo(MARK))
                .withHeader("Authorization", WireMock.equalTo("Token test-justicafacil-token"))
                .withFormParam("ids_notas", WireMock.equalTo("[" + first + ", " + (first + 1) + "]")));
        await().atMost(PATIENCE).untilAsserted(() -> asOperator().get("/api/publicacoes/" + first).then().statusCode(200)
                .body("cnj", equalTo(cnj.formatted())).body("jornal", equalTo("Diário de Justiça"))
                .body("fonte.provedor", equalTo("JUSTICAFACIL")));
        // keyed by the nota, not a process: another partition, stored independently
        await().atMost(PATIENCE).untilAsserted(() -> asOperator().get("/api/publicacoes/" + (first + 1)).then()
                .statusCode(200).body("cnj", equalTo(null)));
        asOperator().get("/api/publicacoes?cnj=" + cnj.digits()).then().statusCode(200).body("$", hasSize(1));
        assertMaskedForReaders("/api/publicacoes/" + first, "12345678909");
        assertMaskedForReaders("/api/publicacoes?cnj=" + cnj.digits(), "12345678909");
        await().atMost(PATIENCE).until(() -> published(first) == 1);
    }

    @Test
    void aNotaWhoseMarkingFailedComesAgainAndIsStillStoredOnce() {
        long nota = System.currentTimeMillis() * 10 + 5;
        Cnj cnj = TestCnj.next();
        unreadUntilMarked(notas(nota, cnj.formatted()));
        api.stubFor(post(urlEqualTo(MARK)).inScenario("notas").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)));

        // published, but not marked: as if the pod died between Kafka's acknowledgement and the marking
        assertThatThrownBy(() -> poller.poll()).hasMessageContaining("503");
        await().atMost(PATIENCE).untilAsserted(() -> asOperator().get("/api/publicacoes/" + nota).then().statusCode(200));

        api.stubFor(post(urlEqualTo(MARK)).inScenario("notas").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("read").willReturn(aResponse().withStatus(200)));
        assertThat(poller.poll()).as("the unread nota is taken again").isEqualTo(1);

        await().atMost(PATIENCE).until(() -> Sql.count(dataSource, "select count(*) from received_event"
                + " where provider = 'justicafacil' and event_id = ? and status <> 'RECEIVED'", Long.toString(nota))
                == 1);
        assertThat(Sql.count(dataSource, "select count(*) from publicacao where id = ?", Long.toString(nota)))
                .isEqualTo(1);
        await().atMost(PATIENCE).until(() -> published(nota) >= 1);
        Topics.pastTheSweep();
        assertThat(published(nota)).as("published once, the sweep included").isEqualTo(1);
    }

    @Test
    void nothingNewIsNothingToMark() {
        api.stubFor(get(urlEqualTo(NOVAS)).inScenario("notas").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(xml("<root>\n</root>")));
        int before = api.findAll(postRequestedFor(urlEqualTo(MARK))).size();
        assertThat(poller.poll()).isZero();
        assertThat(api.findAll(postRequestedFor(urlEqualTo(MARK)))).hasSize(before);
    }

    @Test
    void recoveryPagesThroughTheListingAndMarksNothing() {
        long base = System.currentTimeMillis() * 10 + 7_000_000_000L;
        Object[] page1 = new Object[2 * NotasPoller.RECOVERY_PAGE_SIZE];
        for (int i = 0; i < NotasPoller.RECOVERY_PAGE_SIZE; i++) {
            page1[2 * i] = base + i;
            page1[2 * i + 1] = "";
        }
        stubListing(1, NotasPollerStubs.listing(page1));
        stubListing(2, NotasPollerStubs.listing(base + NotasPoller.RECOVERY_PAGE_SIZE, ""));
        int marked = api.findAll(postRequestedFor(urlEqualTo(MARK))).size();

        given().header("Authorization", "Bearer test-operator-token")
                .post("/api/justicafacil/notas/recuperar?de=2026-11-01&ate=2026-11-02").then().statusCode(200)
                .body("paginas", equalTo(2)).body("notas", equalTo(NotasPoller.RECOVERY_PAGE_SIZE + 1));

        await().atMost(PATIENCE).untilAsserted(() -> asOperator().get("/api/publicacoes/" + (base
                + NotasPoller.RECOVERY_PAGE_SIZE)).then().statusCode(200));
        await().atMost(PATIENCE).untilAsserted(() -> asOperator().get("/api/publicacoes/" + base).then().statusCode(200));
        assertThat(api.findAll(postRequestedFor(urlEqualTo(MARK)))).hasSize(marked);

        given().header("Authorization", "Bearer test-operator-token")
                .post("/api/justicafacil/notas/recuperar?de=2026-11-02&ate=2026-11-01").then().statusCode(400);
        given().header("Authorization", "Bearer test-operator-token")
                .post("/api/justicafacil/notas/recuperar?de=20261101&ate=2026-11-02").then().statusCode(400);
        given().post("/api/justicafacil/notas/recuperar?de=2026-11-01&ate=2026-11-02").then().statusCode(401);
    }

    void stubListing(int page, String xml) {
        api.stubFor(get(urlPathEqualTo("/justicafacil/notas/")).withQueryParam("data", WireMock.equalTo("20261101"))
                .withQueryParam("data_fim", WireMock.equalTo("20261102"))
                .withQueryParam("pagina", WireMock.equalTo(Integer.toString(page)))
                .withQueryParam("itens", WireMock.equalTo(Integer.toString(NotasPoller.RECOVERY_PAGE_SIZE)))
                .willReturn(xml(xml)));
    }

    long published(long nota) {
        return Topics.readAll(PublicacaoStore.TOPIC).stream().filter(r -> r.key().equals(Long.toString(nota)))
                .count();
    }

    void unreadUntilMarked(String xml) {
        NotasPollerStubs.unreadUntilMarked(api, "notas", xml);
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder xml(String body) {
        return NotasPollerStubs.xml(body);
    }

    static String notas(Object... idsAndCnjs) {
        return NotasPollerStubs.notas(idsAndCnjs);
    }
}
