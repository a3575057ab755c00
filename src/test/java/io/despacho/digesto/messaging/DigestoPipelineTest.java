package io.despacho.digesto.messaging;

import static io.despacho.testing.Api.asOperator;
import static io.despacho.testing.Api.assertMaskedForReaders;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.despacho.pipeline.WebhookCalls.digesto;
import static io.despacho.testing.DigestoStubs.event;
import static io.despacho.testing.DigestoStubs.process;
import static io.despacho.testing.DigestoStubs.reportEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.despacho.pipeline.DeadLetters;
import io.despacho.shared.Cnj;
import io.despacho.testing.DigestoStubs;
import io.despacho.testing.LogCapture;
import io.despacho.testing.ProviderApis;
import io.despacho.testing.TestCnj;
import io.despacho.testing.Topics;
import io.despacho.testing.TransactionsByEvent;
import io.quarkus.test.junit.QuarkusTest;

/** Webhook → inbound topic → consumer → PostgreSQL → despacho.processos / relatorios, with WireMock as Digesto. */
@QuarkusTest
class DigestoPipelineTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() * 1000 + 700_000_000L);
    static final AtomicLong REPORTS = new AtomicLong(System.currentTimeMillis() % 1_000_000L * 10);

    @Inject
    DataSource dataSource;

    @Inject
    TransactionsByEvent transactions;

    WireMockServer digestoApi = ProviderApis.server();

    @Test
    void processEventBecomesRowsAndADownstreamRecord() throws Exception {
        Cnj cnj = TestCnj.next();
        digesto(event(IDS.incrementAndGet(), 13, process(cnj, "2016-05-03T18:25:01"))).statusCode(202);

        String stored = awaitProcess(cnj);
        JsonNode record = JSON.readTree(stored);
        assertThat(record.get("cnj").asText()).isEqualTo(cnj.formatted());
        assertThat(record.get("partes")).hasSize(2);
        assertMaskedForReaders("/api/processos/" + cnj.digits(), "03567533606");
        assertThat(count("select count(*) from processo_parte pp join processo p on p.id = pp.processo_id"
                + " where p.cnj = ?", cnj.digits())).isEqualTo(2);
        assertThat(count("select count(*) from processo_advogado pa join processo p on p.id = pa.processo_id"
                + " where p.cnj = ?", cnj.digits())).isEqualTo(1);
        assertThat(count("select count(*) from processo_movimentacao m join processo p on p.id = m.processo_id"
                + " where p.cnj = ?", cnj.digits())).isEqualTo(3);
        assertThat(count("select count(*) from processo_anexo a join processo p on p.id = a.processo_id"
                + " where p.cnj = ?", cnj.digits())).isEqualTo(1);
        assertThat(count("select count(*) from processo where cnj = ? and raw->>'numero' = ?", cnj.digits(),
                cnj.formatted())).as("raw payload kept").isEqualTo(1);

        List<ConsumerRecord<String, String>> downstream = awaitDownstream("despacho.processos", cnj.digits(), 1);
        ConsumerRecord<String, String> published = downstream.get(0);
        assertThat(published.value()).isEqualTo(stored);
        assertThat(Topics.header(published, "ce_id")).hasSize(64);
        assertThat(Topics.header(published, "ce_type")).isEqualTo("io.despacho.processo.v1");
        assertThat(Topics.header(published, "ce_source")).isEqualTo("urn:despacho");
        assertThat(Topics.header(published, "ce_specversion")).isEqualTo("1.0");
        assertThat(Topics.header(published, "ce_time")).isNotBlank();
    }

    @Test
    void theSameEventThriceAndAnOlderSnapshotLeaveTheRowsUnchanged() throws Exception {
        Cnj cnj = TestCnj.next();
        long id = IDS.incrementAndGet();
        String current = event(id, 13, process(cnj, "2016-05-03T18:25:01"));
        digesto(current).statusCode(202);
        String first = awaitProcess(cnj);
        String updatedAt = single("select updated_at::text from processo where cnj = ?", cnj.digits());

        digesto(current).statusCode(202);
        digesto(current).statusCode(202);
        // the same snapshot again under another event id, and an older snapshot with other content
        long sameContent = IDS.incrementAndGet();
        digesto(event(sameContent, 13, process(cnj, "2016-05-03T18:25:01"))).statusCode(202);
        ObjectNode older = process(cnj, "2015-01-01T00:00:00");
        older.put("situacao", "ARQUIVADO");
        ((ArrayNode) older.get("movs")).removeAll();
        long olderId = IDS.incrementAndGet();
        digesto(event(olderId, 13, older)).statusCode(202);
        awaitHandled(olderId);
        awaitHandled(sameContent);

        assertThat(asOperator().get("/api/processos/" + cnj.digits()).then().statusCode(200).extract().asString())
                .isEqualTo(first);
        assertThat(single("select updated_at::text from processo where cnj = ?", cnj.digits())).isEqualTo(updatedAt);
        assertThat(count("select count(*) from processo_movimentacao m join processo p on p.id = m.processo_id"
                + " where p.cnj = ?", cnj.digits())).isEqualTo(3);
        assertThat(count("select count(*) from received_event where provider = 'digesto' and event_id = ?",
                Long.toString(id))).isEqualTo(1);
        Topics.pastTheSweep();
        assertThat(Topics.readAll("despacho.processos")).filteredOn(r -> cnj.digits().equals(r.key())).hasSize(1);

        // a newer snapshot does win
        ObjectNode newer = process(cnj, "2017-01-01T00:00:00");
        newer.put("situacao", "ARQUIVADO");
        long newerId = IDS.incrementAndGet();
        digesto(event(newerId, 13, newer)).statusCode(202);
        await().atMost(PATIENCE).until(() -> asOperator().get("/api/processos/" + cnj.digits()).then().extract()
                .asString().contains("\"situacao\":\"ARQUIVADO\""));
        awaitDownstream("despacho.processos", cnj.digits(), 2);
    }

    @Test
    void eventsOfOneProcessAreHandledInOrder() throws Exception {
        // five ever newer snapshots in one batch: handled in order, each one wins and is published; handled out of
        // order, an older one would arrive after a newer one, be skipped, and fewer than five records would come out
        Cnj cnj = TestCnj.next();
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 5; i++) {
            ObjectNode snapshot = process(cnj, "202" + i + "-01-01T00:00:00");
            snapshot.put("situacao", "S" + i);
            String event = event(IDS.incrementAndGet(), 13, snapshot);
            batch.append(i == 0 ? "" : ",").append(event, 1, event.length() - 1);
        }
        digesto(batch.append("]").toString()).statusCode(202);
        List<ConsumerRecord<String, String>> records = awaitDownstream("despacho.processos", cnj.digits(), 5);
        assertThat(records).hasSize(5);
        List<String> situacoes = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records.stream()
                .sorted(java.util.Comparator.comparingLong(ConsumerRecord::offset)).toList()) {
            situacoes.add(JSON.readTree(r.value()).get("situacao").asText());
        }
        assertThat(situacoes).containsExactly("S0", "S1", "S2", "S3", "S4");
    }

    @Test
    void reportOfSeveralPagesIsFullyStoredAndALatePreviewDoesNotRegressIt() throws Exception {
        long report = REPORTS.incrementAndGet();
        List<Cnj> cnjs = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            cnjs.add(TestCnj.next());
        }
        stubReport(report, cnjs);

        digesto(reportEvent(IDS.incrementAndGet(), 15, report)).statusCode(202);
        long finished = IDS.incrementAndGet();
        digesto(reportEvent(finished, 16, report)).statusCode(202);
        awaitHandled(finished);

        JsonNode record = JSON.readTree(asOperator().get("/api/relatorios/" + report).then().statusCode(200).extract()
                .asString());
        assertThat(record.get("status").asText()).isEqualTo("FINISHED");
        assertThat(record.get("processosArmazenados").asInt()).isEqualTo(7);
        assertThat(record.get("totalProcessos").asInt()).isEqualTo(7);
        JsonNode page = JSON.readTree(asOperator().queryParam("size", 5).get("/api/relatorios/" + report + "/processos")
                .then().statusCode(200).extract().asString());
        assertThat(page.get("total").asInt()).isEqualTo(7);
        assertThat(page.get("cnjs")).hasSize(5);
        for (Cnj cnj : cnjs) {
            asOperator().get("/api/processos/" + cnj.formatted()).then().statusCode(200);
        }
        assertThat(digestoApi.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlEqualTo("/digesto/api/virtual_report/" + report + "/final")))).extracting(r -> r.getHeader(
                        "Authorization")).contains("Bearer test-digesto-api-token");
        awaitDownstream("despacho.relatorios", Long.toString(report), 1);

        long late = IDS.incrementAndGet();
        digesto(reportEvent(late, 15, report)).statusCode(202);
        awaitHandled(late);
        assertThat(asOperator().get("/api/relatorios/" + report).then().extract().asString()).contains("FINISHED");
    }

    @Test
    void theReportsMetadataIsAskedForAlongsideItsPages() throws Exception {
        long report = REPORTS.incrementAndGet();
        stubReport(report, List.of(TestCnj.next()));
        String metadata = "/digesto/api/virtual_report/" + report;
        // asked for first and answered late (within the %test read timeout of 1.5 s): the pages must not wait for it
        digestoApi.stubFor(get(urlEqualTo(metadata)).willReturn(okJson("{\"name\": \"late\", \"progress\": 100}")
                .withFixedDelay(1000)));

        long id = IDS.incrementAndGet();
        digesto(reportEvent(id, 16, report)).statusCode(202);
        awaitHandled(id);

        Date metadataAsked = digestoApi.findAll(getRequestedFor(urlEqualTo(metadata))).get(0).getLoggedDate();
        Date firstPageAsked = digestoApi.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlEqualTo(metadata + "/final"))).get(0).getLoggedDate();
        assertThat(firstPageAsked).as("the first page asked for before the metadata's answer (1 s after its request)")
                .isBefore(new Date(metadataAsked.getTime() + 900));
        JsonNode record = JSON.readTree(asOperator().get("/api/relatorios/" + report).then().statusCode(200).extract()
                .asString());
        assertThat(record.get("status").asText()).isEqualTo("FINISHED");
        assertThat(record.get("nome").asText()).isEqualTo("late");
    }

    @Test
    void aOnePageReportCostsTwoTransactions() throws Exception {
        long report = REPORTS.incrementAndGet();
        stubReport(report, List.of(TestCnj.next(), TestCnj.next()));
        long id = IDS.incrementAndGet();
        digesto(reportEvent(id, 16, report)).statusCode(202);
        // the report's record goes out last, after every transaction of the event (nothing failed, nothing retried)
        awaitDownstream("despacho.relatorios", Long.toString(report), 1);
        // recording the event, then its page stored with the report's finish
        assertThat(transactions.of(Long.toString(id))).isEqualTo(2);
        assertThat(count("select count(*) from relatorio_processo where relatorio_id = ?::bigint",
                Long.toString(report))).isEqualTo(2);
    }

    @Test
    void processesOfAReportWhoseMetadataFailsArePublishedBeforeTheEventIsDeadLettered() throws Exception {
        long report = REPORTS.incrementAndGet();
        Cnj cnj = TestCnj.next();
        stubReport(report, List.of(cnj));
        digestoApi.stubFor(get(urlEqualTo("/digesto/api/virtual_report/" + report)).willReturn(aResponse()
                .withStatus(404)));

        long id = IDS.incrementAndGet();
        digesto(reportEvent(id, 16, report)).statusCode(202);
        await().atMost(PATIENCE).until(() -> Topics.readAll("despacho.dlq.digesto").stream()
                .anyMatch(r -> Long.toString(id).equals(Topics.header(r, "despacho-event-id"))));
        // the last page's records wait to go out with the report's; the failure sends them itself, not the sweep
        assertThat(Topics.readAll("despacho.processos")).filteredOn(r -> cnj.digits().equals(r.key())).hasSize(1);
    }

    @Test
    void transientFailuresAreRetriedUntilTheReportIsStored() throws Exception {
        long report = REPORTS.incrementAndGet();
        Cnj cnj = TestCnj.next();
        stubReport(report, List.of(cnj));
        String metadata = "/digesto/api/virtual_report/" + report;
        String scenario = "flaky-" + report;
        digestoApi.stubFor(get(urlEqualTo(metadata)).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("429"));
        digestoApi.stubFor(get(urlEqualTo(metadata)).inScenario(scenario).whenScenarioStateIs("429")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("slow"));
        digestoApi.stubFor(get(urlEqualTo(metadata)).inScenario(scenario).whenScenarioStateIs("slow")
                .willReturn(okJson("{\"name\": \"slow\"}").withFixedDelay(4000)).willSetStateTo("malformed"));
        digestoApi.stubFor(get(urlEqualTo(metadata)).inScenario(scenario).whenScenarioStateIs("malformed")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"name\": ")).willSetStateTo("ok"));
        digestoApi.stubFor(get(urlEqualTo(metadata)).inScenario(scenario).whenScenarioStateIs("ok")
                .willReturn(okJson("{\"name\": \"ok\", \"progress\": 100}")));

        long id = IDS.incrementAndGet();
        digesto(reportEvent(id, 16, report)).statusCode(202);
        awaitHandled(id);
        assertThat(single("select status from received_event where provider = 'digesto' and event_id = ?",
                Long.toString(id))).isEqualTo("PROCESSED");
        asOperator().get("/api/processos/" + cnj.digits()).then().statusCode(200);
        assertThat(digestoApi.findAll(getRequestedFor(urlEqualTo(metadata)))).hasSize(5);
    }

    @Test
    void permanentFailureGoesToTheDlqAndTheLaneGoesOn() throws Exception {
        long report = REPORTS.incrementAndGet();
        String metadata = "/digesto/api/virtual_report/" + report;
        digestoApi.stubFor(get(urlEqualTo(metadata)).willReturn(aResponse().withStatus(404)));
        long failing = IDS.incrementAndGet();
        try (LogCapture logs = LogCapture.start()) {
            digesto(reportEvent(failing, 16, report)).statusCode(202);
            awaitHandled(failing);
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(logs.lines())
                    .as("the DLQ line carries provider, event id and key").anySatisfy(line -> assertThat(line)
                            .contains("dead-lettered").contains("eventId=" + failing).contains("provider=digesto")
                            .contains("key=" + report)));
        }

        ConsumerRecord<String, String> dead = await().atMost(PATIENCE).until(() -> Topics.readAll("despacho.dlq.digesto")
                .stream().filter(r -> Long.toString(failing).equals(Topics.header(r, "despacho-event-id"))).findFirst()
                .orElse(null), r -> r != null);
        assertThat(dead.key()).isEqualTo(Long.toString(report));
        assertThat(Topics.header(dead, DeadLetters.HEADER_REASON)).contains("404");
        assertThat(Topics.header(dead, DeadLetters.HEADER_ATTEMPTS)).isEqualTo("1");
        assertThat(Topics.header(dead, DeadLetters.HEADER_FAILED_AT)).isNotBlank();
        assertThat(JSON.readTree(dead.value()).get("id").asLong()).isEqualTo(failing);
        assertThat(count("select count(*) from dead_letter where provider = 'digesto' and event_id = ?",
                Long.toString(failing))).isEqualTo(1);
        assertThat(digestoApi.findAll(getRequestedFor(urlEqualTo(metadata)))).as("404 is not retried").hasSize(1);

        // the next event of the same key (same lane, same partition) is processed
        Cnj cnj = TestCnj.next();
        stubReport(report, List.of(cnj));
        long next = IDS.incrementAndGet();
        digesto(reportEvent(next, 16, report)).statusCode(202);
        awaitHandled(next);
        asOperator().get("/api/processos/" + cnj.digits()).then().statusCode(200);

    }

    @Test
    void queryEndpoints() {
        asOperator().get("/api/processos/0016377-47.2015.8.07.0003").then().statusCode(400)
                .contentType("application/problem+json");
        asOperator().get("/api/processos/abc").then().statusCode(400);
        asOperator().get("/api/processos/" + TestCnj.next().digits()).then().statusCode(404)
                .contentType("application/problem+json");
        asOperator().get("/api/relatorios/987654321987").then().statusCode(404);
        asOperator().get("/api/relatorios/987654321987/processos").then().statusCode(404);
        asOperator().queryParam("size", 0).get("/api/relatorios/1/processos").then().statusCode(400);
    }

    // ---------------------------------------------------------------- helpers

    void stubReport(long report, List<Cnj> cnjs) {
        DigestoStubs.stubReport(digestoApi, report, cnjs);
    }

    String awaitProcess(Cnj cnj) {
        return await().atMost(PATIENCE).until(() -> {
            var response = asOperator().get("/api/processos/" + cnj.formatted()).then().extract();
            return response.statusCode() == 200 ? response.asString() : null;
        }, body -> body != null);
    }

    void awaitHandled(long eventId) {
        await().atMost(PATIENCE).until(() -> {
            String status = single("select status from received_event where provider = 'digesto' and event_id = ?",
                    Long.toString(eventId));
            return status != null && !"RECEIVED".equals(status);
        });
    }

    static List<ConsumerRecord<String, String>> awaitDownstream(String topic, String key, int count) {
        return await().atMost(PATIENCE).until(() -> Topics.readAll(topic).stream().filter(r -> key.equals(r.key()))
                .toList(), records -> records.size() >= count);
    }

    int count(String sql, String... args) throws SQLException {
        return Integer.parseInt(single(sql, args));
    }

    String single(String sql, String... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
