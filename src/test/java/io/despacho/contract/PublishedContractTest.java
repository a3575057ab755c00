package io.despacho.contract;

import static io.despacho.testing.Api.asOperator;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.despacho.pipeline.WebhookCalls.anoreg;
import static io.despacho.pipeline.WebhookCalls.digesto;
import static io.despacho.testing.DigestoStubs.event;
import static io.despacho.testing.DigestoStubs.process;
import static io.despacho.testing.DigestoStubs.reportEvent;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.ConfigProvider;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import io.despacho.pipeline.DeadLetters;
import io.despacho.pipeline.Provider;
import io.despacho.justicafacil.messaging.NotasPoller;
import io.despacho.justicafacil.messaging.NotasPollerStubs;
import io.despacho.publicacao.PublicacaoStore;
import io.despacho.pedido.PedidoStore;
import io.despacho.processo.ProcessoStore;
import io.despacho.relatorio.RelatorioStore;
import io.despacho.shared.Cnj;
import io.despacho.testing.DigestoStubs;
import io.despacho.testing.JuditStubs;
import io.despacho.testing.ProviderApis;
import io.despacho.testing.TestCnj;
import io.despacho.testing.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;

/**
 * The published contract (/contract/asyncapi.yaml and its JSON Schemas) is true: records the app really put on its
 * topics validate against the schemas, carry no field the schemas do not declare, carry the documented headers and
 * keys, and every topic the app uses is a channel of the AsyncAPI document.
 */
@QuarkusTest
class PublishedContractTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final long IDS = System.currentTimeMillis() * 1000 + 900_000_000L;

    WireMockServer api = ProviderApis.server();

    @Inject
    NotasPoller notas;

    @Test
    void everyPublishedRecordMatchesItsSchema() throws Exception {
        Cnj single = TestCnj.next();
        digesto(event(IDS + 1, 13, process(single, "2016-05-03T18:25:01"))).statusCode(202);
        long report = IDS % 1_000_000_000L + 7;
        List<Cnj> listed = List.of(TestCnj.next(), TestCnj.next(), TestCnj.next(), TestCnj.next());
        DigestoStubs.stubReport(api, report, listed);
        digesto(reportEvent(IDS + 2, 16, report)).statusCode(202);
        long pedido = IDS % 1_000_000_000L + 11;
        stubAnoregPedido(pedido);
        anoreg("{\"pedido_id\": " + pedido + "}").statusCode(202);

        assertThat(awaitRecords(ProcessoStore.TOPIC, single.digits())).isNotEmpty();
        await().atMost(PATIENCE).until(() -> "FINISHED".equals(asOperator().get("/api/relatorios/" + report).then()
                .extract().path("status")));
        assertThat(awaitRecords(PedidoStore.TOPIC, Long.toString(pedido))).isNotEmpty();
        long nota = IDS + 13;
        NotasPollerStubs.unreadUntilMarked(api, "contract-notas", NotasPollerStubs.notas(nota, single.formatted()));
        notas.poll();
        assertThat(awaitRecords(PublicacaoStore.TOPIC, Long.toString(nota))).isNotEmpty();
        Cnj foundByJudit = TestCnj.next();
        String request = java.util.UUID.randomUUID().toString();
        JuditStubs.stubCreate(api, "123456/RJ", request);
        JuditStubs.stubResponses(api, request, 1, 1, JuditStubs.lawsuit(foundByJudit));
        JuditStubs.start("OAB", "123456/RJ").statusCode(202);
        JuditStubs.completed(request).statusCode(202);
        assertThat(awaitRecords(ProcessoStore.TOPIC, foundByJudit.digits())).isNotEmpty();

        // a process numbered before the CNJ scheme: keyed <tribunal>:<numero>, cnj null
        var oldNumber = process(TestCnj.next(), "2016-05-03T18:25:01");
        oldNumber.put("numero", "583.00.2011.113708." + (IDS % 100_000));
        digesto(event(IDS + 4, 13, oldNumber)).statusCode(202);
        assertThat(awaitRecords(ProcessoStore.TOPIC, "TJDF:583.00.2011.113708." + (IDS % 100_000))).isNotEmpty();

        // every record on the topics, these and whatever the other tests of this run published
        checkTopic(ProcessoStore.TOPIC, "processo.schema.json", ProcessoStore.EVENT_TYPE, "^(\\d{20}|[^:]*:.+)$");
        checkTopic(RelatorioStore.TOPIC, "relatorio.schema.json", RelatorioStore.EVENT_TYPE, "^[1-9]\\d*$");
        checkTopic(PedidoStore.TOPIC, "pedido.schema.json", PedidoStore.EVENT_TYPE, "^[1-9]\\d*$");
        checkTopic(PublicacaoStore.TOPIC, "publicacao.schema.json", PublicacaoStore.EVENT_TYPE, "^[1-9]\\d*$");
    }

    @Test
    void deadLettersCarryTheDocumentedHeaders() {
        long report = IDS % 1_000_000_000L + 17;
        api.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/digesto/api/virtual_report/" + report)
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(404)));
        digesto(reportEvent(IDS + 3, 16, report)).statusCode(202); // Digesto does not know it: permanent
        ConsumerRecord<String, String> dead = await().atMost(PATIENCE).until(() -> Topics.readAll("despacho.dlq.digesto")
                .stream().filter(r -> Long.toString(IDS + 3).equals(Topics.header(r, "despacho-event-id")))
                .findFirst().orElse(null), r -> r != null);
        Map<String, Object> schemas = component("schemas");
        Set<String> required = new HashSet<>(requiredOf(schemas, "inboundHeaders"));
        required.addAll(requiredOf(schemas, "deadLetterHeaders"));
        assertThat(headerNames(dead)).containsAll(required);
        assertThat(Topics.header(dead, DeadLetters.HEADER_ATTEMPTS)).matches("\\d+");
    }

    @Test
    void everyTopicTheAppUsesIsAChannel() {
        Set<String> used = new TreeSet<>();
        for (String name : ConfigProvider.getConfig().getPropertyNames()) {
            if (name.matches("mp\\.messaging\\.(incoming|outgoing)\\.[^.]+\\.topic")) {
                used.add(ConfigProvider.getConfig().getValue(name, String.class));
            }
        }
        // topics chosen per record at send time
        used.addAll(List.of(ProcessoStore.TOPIC, PedidoStore.TOPIC, RelatorioStore.TOPIC, PublicacaoStore.TOPIC));
        for (Provider provider : Provider.values()) {
            used.add("despacho.dlq." + provider.id());
        }
        Set<String> documented = new TreeSet<>();
        Map<String, Object> channels = asyncApi().get("channels") instanceof Map<?, ?> m ? cast(m) : Map.of();
        channels.values().forEach(c -> documented.add((String) cast(c).get("address")));
        assertThat(documented).isEqualTo(used);

        // the schemas the document points at are served beside it
        given().get("/contract/asyncapi.yaml").then().statusCode(200);
        for (String schema : List.of("processo", "pedido", "relatorio", "publicacao")) {
            given().get("/contract/" + schema + ".schema.json").then().statusCode(200);
        }
    }

    // ---------------------------------------------------------------- helpers

    void checkTopic(String topic, String schemaFile, String eventType, String keyPattern) throws IOException {
        JsonNode schema = JSON.readTree(resource(schemaFile));
        Validator validator = Validator.create(JsonSchema.of(new JsonObject(schema.toString())),
                new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("https://despacho.io/contract/"));
        Set<String> ceHeaders = new HashSet<>(requiredOf(component("schemas"), "cloudEventHeaders"));
        List<ConsumerRecord<String, String>> records = Topics.readAll(topic);
        assertThat(records).as(topic).isNotEmpty();
        for (ConsumerRecord<String, String> record : records) {
            String where = topic + " offset " + record.offset() + " key " + record.key();
            OutputUnit result = validator.validate(new JsonObject(record.value()));
            assertThat(result.getValid()).as(where + ": " + result.getErrors() + "\n" + record.value()).isTrue();
            List<String> undeclared = new ArrayList<>();
            undeclared(JSON.readTree(record.value()), schema, schema, "", undeclared);
            assertThat(undeclared).as(where + ": fields the schema does not declare").isEmpty();
            assertThat(record.key()).as(where).matches(keyPattern);
            assertThat(headerNames(record)).as(where).containsAll(ceHeaders);
            assertThat(Topics.header(record, "ce_type")).as(where).isEqualTo(eventType);
            assertThat(Topics.header(record, "ce_id")).as(where).matches("[0-9a-f]{64}");
        }
    }

    /** Paths of object fields in the value that the schema (following local $refs) does not list. */
    static void undeclared(JsonNode value, JsonNode schema, JsonNode root, String path, List<String> out) {
        while (schema.has("$ref")) {
            schema = root.at(schema.get("$ref").asText().substring(1));
        }
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!properties.has(field.getKey())) {
                    out.add(path + "/" + field.getKey());
                } else {
                    undeclared(field.getValue(), properties.get(field.getKey()), root, path + "/" + field.getKey(),
                            out);
                }
            }
        } else if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                undeclared(value.get(i), schema.get("items"), root, path + "/" + i, out);
            }
        }
    }

    void stubAnoregPedido(long pedido) {
        String base = "/anoreg/distribuicao/api/v2/pedidos/" + pedido;
        api.stubFor(post(urlEqualTo("/anoreg/auth/login"))
                .willReturn(okJson("{\"access_token\": \"contract-token\", \"expires_in\": 14400}")));
        api.stubFor(get(urlEqualTo(base)).willReturn(okJson("""
                {"data": {"id": %d, "protocolo": "CEI-%d", "status": "aberto", "tipo": "certidao", "cns": "063230",
                 "valor": "12,50", "created_at": "2026-11-27T10:00:00-04:00", "updated_at": "2026-11-28T14:05:00-04:00",
                 "partes": [{"nome": "FULANO", "cpf_cnpj": "123.456.789-09"},
                            {"nome": "EMPRESA", "cpf_cnpj": "11.222.333/0001-81"}]}}""".formatted(pedido, pedido))));
        api.stubFor(get(urlEqualTo(base + "/andamentos")).willReturn(okJson("""
                {"data": [{"id": 1, "descricao": "Recebido", "created_at": "2026-11-27T10:00:00-04:00"}]}""")));
    }

    static List<ConsumerRecord<String, String>> awaitRecords(String topic, String key) {
        return await().atMost(PATIENCE).until(() -> Topics.readAll(topic).stream().filter(r -> key.equals(r.key()))
                .toList(), records -> !records.isEmpty());
    }

    static Set<String> headerNames(ConsumerRecord<?, ?> record) {
        Set<String> names = new HashSet<>();
        for (Header header : record.headers()) {
            names.add(header.key());
        }
        return names;
    }

    static Map<String, Object> asyncApi() {
        return new Yaml().load(resource("asyncapi.yaml"));
    }

    static Map<String, Object> component(String kind) {
        return cast(cast(asyncApi().get("components")).get(kind));
    }

    /** The required names of a schema, or of every allOf part of it. */
    @SuppressWarnings("unchecked")
    static List<String> requiredOf(Map<String, Object> schemas, String name) {
        Map<String, Object> schema = cast(schemas.get(name));
        List<String> required = new ArrayList<>((List<String>) schema.getOrDefault("required", List.of()));
        for (Object part : (List<Object>) schema.getOrDefault("allOf", List.of())) {
            required.addAll((List<String>) cast(part).getOrDefault("required", List.of()));
        }
        return required;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }

    static String resource(String name) {
        try (InputStream in = PublishedContractTest.class.getResourceAsStream("/META-INF/resources/contract/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(name, e);
        }
    }
}
