package io.despacho.realworld;

import static io.despacho.testing.Api.asOperator;
import static io.despacho.pipeline.WebhookCalls.anoreg;
import static io.despacho.pipeline.WebhookCalls.digesto;
import static io.despacho.testing.DigestoStubs.event;
import static io.despacho.testing.DigestoStubs.process;
import static io.despacho.testing.DigestoStubs.reportEvent;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

import io.despacho.processo.ProcessoStore;
import io.despacho.shared.Sql;
import io.despacho.testing.DigestoStubs;
import io.despacho.testing.ProviderApis;
import io.despacho.testing.TestCnj;
import io.despacho.testing.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;

/**
 * What real providers send, end to end against the real broker (default broker limits) and PostgreSQL: processes
 * numbered before the CNJ scheme, a long-running process of 4,000 movements (~2 MB), numbers built to exhaust a
 * worker, a record too large for a misconfigured topic.
 */
@QuarkusTest
class RealWorldInputsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration PATIENCE = Duration.ofSeconds(90);
    static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() * 1000 + 500_000_000L);
    /** A hung request fails the test instead of hanging it (not a timing claim: poison used to take minutes). */
    static final RestAssuredConfig TEN_SECONDS = RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.socket.timeout", 10_000).setParam("http.connection.timeout", 10_000));

    @Inject
    DataSource dataSource;

    WireMockServer api = ProviderApis.server();

    @Test
    void aProcessWithoutCnjIsStoredReadableByItsNumberAndPublished() throws Exception {
        String numero = "583.00.2011/" + IDS.incrementAndGet() % 1_000_000; // old São Paulo style, with a slash
        ObjectNode tjdf = process(TestCnj.next(), "2016-05-03T18:25:01");
        tjdf.put("numero", numero);
        digesto(event(IDS.incrementAndGet(), 13, tjdf)).statusCode(202);

        JsonNode stored = JSON.readTree(awaitStatus(200, "/api/processos/{n}", numero, null));
        assertThat(stored.get("numero").asText()).isEqualTo(numero);
        assertThat(stored.get("cnj").isNull()).isTrue();
        assertThat(stored.get("tribunal").asText()).isEqualTo("TJDF");
        assertThat(published("TJDF:" + numero)).as("downstream key <tribunal>:<numero>").isNotEmpty();

        // the same number in another tribunal: a second process; without ?tribunal= the lookup is ambiguous
        ObjectNode tjsp = process(TestCnj.next(), "2016-05-03T18:25:01");
        tjsp.put("numero", numero).put("tribunal", "TJSP");
        digesto(event(IDS.incrementAndGet(), 13, tjsp)).statusCode(202);
        awaitStatus(200, "/api/processos/{n}", numero, "TJSP");
        String conflict = asOperator().get("/api/processos/{n}", numero).then().statusCode(409)
                .contentType("application/problem+json").extract().asString();
        assertThat(conflict).contains("TJDF").contains("TJSP").contains("?tribunal=");
        assertThat(JSON.readTree(awaitStatus(200, "/api/processos/{n}", numero, "tjdf")).get("tribunal").asText())
                .isEqualTo("TJDF");
        asOperator().queryParam("tribunal", "TRF1").get("/api/processos/{n}", numero).then().statusCode(404);
        assertThat(Sql.count(dataSource, "select count(*) from processo where numero = ?", numero)).isEqualTo(2);

        // a CNJ-shaped number with wrong check digits is still refused at the webhook
        String cnj = TestCnj.next().formatted();
        String wrong = cnj.substring(0, 8) + ((cnj.charAt(8) - '0' + 1) % 10) + cnj.substring(9);
        ObjectNode forged = process(TestCnj.next(), "2016-05-03T18:25:01");
        forged.put("numero", wrong);
        digesto(event(IDS.incrementAndGet(), 13, forged)).statusCode(400);
        asOperator().get("/api/processos/{n}", wrong).then().statusCode(400);
    }

    @Test
    void aReportListingANonCnjProcessStoresAndLinksIt() throws Exception {
        long report = IDS.incrementAndGet() % 1_000_000_000L;
        String numero = "0123/" + (report % 100_000) + "-9";
        ObjectNode old = DigestoStubs.reportSource(numero);
        old.put("valor", 1e300).set("progress", null); // a double in range: kept
        ObjectNode poisoned = DigestoStubs.reportSource(TestCnj.next().formatted());
        poisoned.put("valor", "1e500000000"); // absurd: that field refused, the process stored
        DigestoStubs.stubReportSources(api, report, List.of(old, poisoned), WireMock.okJson("{}").build());
        double refusedBefore = refusedNumbers();
        digesto(reportEvent(IDS.incrementAndGet(), 16, report)).statusCode(202);

        await().atMost(PATIENCE).until(() -> "FINISHED".equals(asOperator().get("/api/relatorios/" + report).then()
                .extract().path("status")));
        JsonNode page = JSON.readTree(asOperator().get("/api/relatorios/" + report + "/processos").then().statusCode(200)
                .extract().asString());
        assertThat(page.get("total").asInt()).isEqualTo(2);
        assertThat(page.get("processos").findValuesAsText("numero")).contains(numero,
                poisoned.get("numero").asText());
        assertThat(page.get("cnjs")).hasSize(1);
        JsonNode oldStored = JSON.readTree(awaitStatus(200, "/api/processos/{n}", numero, null));
        assertThat(oldStored.get("cnj").isNull()).isTrue();
        JsonNode poisonedStored = JSON.readTree(awaitStatus(200, "/api/processos/{n}",
                poisoned.get("numero").asText(), null));
        assertThat(poisonedStored.get("valorCausa").isNull()).isTrue();
        assertThat(poisonedStored.get("partes")).isNotEmpty();
        assertThat(refusedNumbers() - refusedBefore).as("the refused valor is counted").isGreaterThanOrEqualTo(1);
        // the report's documented finished_at ({"$date": millis}) is read
        assertThat(asOperator().get("/api/relatorios/" + report).then().extract().path("finalizadoEm").toString())
                .isEqualTo("2022-12-14T18:51:07");
        // the page-level fields and the hit envelope are kept raw
        assertThat(Sql.firstString(dataSource, "select metadata -> 'final' ->> 'eta' from relatorio where id = ?",
                report)).contains("0");
        assertThat(Sql.firstString(dataSource, "select raw ->> '_index' from processo where numero = ?", numero))
                .contains("procs");
    }

    /** Provider answers fuzzed with poison numbers in any numeric place: each process is stored, that field null. */
    @Test
    void providerAnswersWithPoisonNumbersAnywhereAreStoredFieldByField() throws Exception {
        long report = IDS.incrementAndGet() % 1_000_000_000L;
        Random random = new Random(report);
        String[] poisons = { "1e500000000", "-1e500000000", "1E+999999999", "9".repeat(900), "1e41" };
        String[] fields = { "valor", "instancia", "extinto", "arquivado", "processoID", "segredo_justica",
            "distribuicaoData", "alteradoEm" };
        List<ObjectNode> sources = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ObjectNode source = DigestoStubs.reportSource(TestCnj.next().formatted());
            var poison = new com.fasterxml.jackson.databind.node.DecimalNode(new java.math.BigDecimal(
                    poisons[random.nextInt(poisons.length)]));
            String field = fields[random.nextInt(fields.length)];
            if (field.endsWith("Data")) {
                source.putObject(field).set("$date", poison);
            } else {
                source.set(field, poison);
            }
            sources.add(source);
        }
        DigestoStubs.stubReportSources(api, report, sources, WireMock.okJson("{}").build());
        digesto(reportEvent(IDS.incrementAndGet(), 16, report)).statusCode(202);

        await().atMost(PATIENCE).until(() -> "FINISHED".equals(asOperator().get("/api/relatorios/" + report).then()
                .extract().path("status")));
        asOperator().get("/api/relatorios/" + report).then().body("processosArmazenados", org.hamcrest.Matchers.equalTo(12))
                .body("processosIgnorados", org.hamcrest.Matchers.equalTo(0));
        for (ObjectNode source : sources) {
            asOperator().get("/api/processos/{n}", source.get("numero").asText()).then().statusCode(200);
        }
        assertThat(Sql.count(dataSource, "select count(*) from dead_letter where record_key = ?",
                Long.toString(report))).isZero();
        System.out.printf("PROVIDER FUZZ: report %d, 12 processes each with a poison number, 12 stored%n", report);
    }

    @Test
    void aProcessOfFourThousandMovementsTravelsWholeThroughDefaultBrokerLimits() throws Exception {
        var cnj = TestCnj.next();
        ObjectNode process = process(cnj, "2016-05-03T18:25:01");
        ArrayNode movs = process.putArray("movs");
        Random random = new Random(42);
        String[] words = { "intimação", "decisão", "sentença", "juntada", "petição", "recurso", "autos", "conclusos",
            "despacho", "audiência", "embargos", "prazo", "certidão", "expedição", "mandado", "citação" };
        for (int i = 0; i < 4000; i++) {
            StringBuilder text = new StringBuilder();
            while (text.length() < 420) {
                text.append(words[random.nextInt(words.length)]).append(' ').append(random.nextInt(100_000)).append(' ');
            }
            movs.addArray().add("2015-" + String.format("%02d-%02d", 1 + i % 12, 1 + i % 28)).add("Movimento " + i)
                    .add(text.toString()).add("JUIZ " + random.nextInt(50)).add(Long.toString(7_000_000_000L + i))
                    .add((String) null);
        }
        String body = event(IDS.incrementAndGet(), 13, process);
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        assertThat(bytes).isGreaterThan(1_800_000); // more than a broker's default 1 MiB, uncompressed

        long started = System.nanoTime();
        digesto(body).statusCode(202);
        long acknowledged = System.nanoTime();
        List<ConsumerRecord<String, String>> records = await().atMost(PATIENCE).until(() -> published(cnj.digits()),
                list -> !list.isEmpty());
        long publishedAt = System.nanoTime();
        assertThat(JSON.readTree(records.get(0).value()).get("movimentacoes")).hasSize(4000);
        assertThat(Sql.count(dataSource, "select count(*) from processo_movimentacao m join processo p"
                + " on p.id = m.processo_id where p.cnj = ?", cnj.digits())).isEqualTo(4000);
        System.out.printf("LARGEST EVENT: %d bytes, 4000 movements, webhook→202 %d ms, webhook→published %d ms,"
                + " published record %d bytes%n", bytes, (acknowledged - started) / 1_000_000,
                (publishedAt - started) / 1_000_000, records.get(0).value().length());
    }

    @Test
    void poisonNumbersAreRefusedAtOnceAndTheNextEventOfTheKeyIsProcessed() throws Exception {
        long started = System.nanoTime();
        given().config(TEN_SECONDS).contentType("application/json").queryParam("token", "test-digesto-token")
                .body("[{\"id\": " + IDS.incrementAndGet() + ", \"evt_type\": 15, \"data\": {\"vr_id\": 1e500000000}}]")
                .post("/webhooks/digesto").then().statusCode(400).body("detail", org.hamcrest.Matchers
                        .containsString("out of range"));
        given().config(TEN_SECONDS).contentType("application/json").queryParam("token", "test-digesto-token")
                .body("{\"evt_type\": 15, \"data\": {\"vr_id\": 1e500000000}}").post("/webhooks/digesto").then()
                .statusCode(400);
        given().config(TEN_SECONDS).contentType("application/json").queryParam("token", "test-anoreg-token")
                .body("{\"pedido_id\": 1e500000000}").post("/webhooks/anoreg/pedidos").then().statusCode(400);
        System.out.printf("POISON: 3 requests answered 400 in %d ms%n", (System.nanoTime() - started) / 1_000_000);

        // the same number as a process valor in a webhook: refused whole (nothing published), and the next event of
        // the same key is processed; in a provider answer it is that field alone (see the report test)
        var cnj = TestCnj.next();
        ObjectNode poisoned = process(cnj, "2016-05-03T18:25:01");
        poisoned.put("valor", "POISON");
        digesto(event(IDS.incrementAndGet(), 13, poisoned).replace("\"POISON\"", "1e500000000")).statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("out of range"));
        ObjectNode next = process(cnj, "2017-01-01T00:00:00");
        next.put("valor", 1234.5);
        digesto(event(IDS.incrementAndGet(), 13, next)).statusCode(202);
        await().atMost(PATIENCE).until(() -> {
            String json = asOperator().get("/api/processos/" + cnj.digits()).then().extract().asString();
            return json.contains("1234.5");
        });
        Topics.pastTheSweep();
        assertThat(published(cnj.digits())).as("the refused body published nothing").hasSize(1);
    }

    @Test
    void aRecordTooLargeForItsTopicIsAnswered413NotRetriedForever() throws Exception {
        // a deployment whose topic kept the broker's default limit (e.g. a Strimzi KafkaTopic not updated)
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "despacho.inbound.anoreg");
        try (Admin admin = admin()) {
            alter(admin, topic, "1048588");
            await().atMost(PATIENCE).until(() -> "1048588".equals(admin.describeConfigs(List.of(topic)).all().get()
                    .get(topic).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value()));
            Random random = new Random(7);
            StringBuilder noise = new StringBuilder();
            while (noise.length() < 2_500_000) {
                noise.append(Long.toString(random.nextLong(), 36));
            }
            String answer = anoreg("{\"pedido_id\": 424242, \"anexo\": \"" + noise + "\"}").statusCode(413)
                    .contentType("application/problem+json").extract().asString();
            assertThat(answer).contains("despacho.inbound.anoreg").contains("11534336");
        } finally {
            try (Admin admin = admin()) {
                alter(admin, topic, "11534336");
            }
        }
    }

    private static void alter(Admin admin, ConfigResource topic, String value) throws Exception {
        admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(new ConfigEntry(
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, value), AlterConfigOp.OpType.SET)))).all().get();
    }

    private static Admin admin() {
        Properties props = new Properties();
        props.put("bootstrap.servers", ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        return Admin.create(props);
    }

    private String awaitStatus(int status, String path, String numero, String tribunal) {
        return await().atMost(PATIENCE).until(() -> {
            var request = asOperator();
            if (tribunal != null) {
                request = request.queryParam("tribunal", tribunal);
            }
            var response = request.get(path, numero).then().extract();
            return response.statusCode() == status ? response.asString() : null;
        }, body -> body != null);
    }

    private static List<ConsumerRecord<String, String>> published(String key) {
        return Topics.readAll(ProcessoStore.TOPIC).stream().filter(r -> key.equals(r.key())).toList();
    }

    private static double refusedNumbers() {
        String metrics = given().get("/q/metrics").then().extract().asString();
        return metrics.lines().filter(l -> l.startsWith("despacho_numbers_refused_total")
                && l.contains("field=\"digesto.valor\"")).mapToDouble(l -> Double.parseDouble(l.substring(
                        l.lastIndexOf(' ') + 1))).sum();
    }
}
