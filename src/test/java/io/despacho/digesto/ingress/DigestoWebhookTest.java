package io.despacho.digesto.ingress;

import static io.despacho.pipeline.WebhookCalls.DIGESTO;
import static io.despacho.pipeline.WebhookCalls.DIGESTO_TOKEN;
import static io.despacho.pipeline.WebhookCalls.digesto;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.despacho.pipeline.InboundEvent;
import io.despacho.testing.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** POST /webhooks/digesto against the real broker: what is answered, and what really lands on the topic. */
@QuarkusTest
class DigestoWebhookTest {

    static final String TOPIC = "despacho.inbound.digesto";
    // valid CNJ numbers (check digits verified by CnjTest)
    static final List<String> CNJS = List.of("0016377-46.2015.8.07.0003", "0005326-62.2018.8.12.0110",
            "1003645-17.2016.8.26.0079", "0113708-39.2011.8.26.0100");
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() * 1000);

    static long nextId() {
        return IDS.incrementAndGet();
    }

    static String processEvent(long id, int type, String cnj) {
        return """
                {"id": %d, "evt_type": %d, "created_at": {"$date": 1700000000000}, "target_number": "%s",
                 "data": {"numero": "%s", "tribunal": "TJSP", "valor": 50794.08, "partes": [], "movs": []}}"""
                .formatted(id, type, cnj, cnj);
    }

    static String reportEvent(long id, int type, long reportId) {
        return """
                {"id": %d, "evt_type": %d, "data": {"status": "%s", "vr_id": %d}}"""
                .formatted(id, type, type == 15 ? "preview" : "finished", reportId);
    }

    static String otherEvent(long id, int type) {
        return "{\"id\": " + id + ", \"evt_type\": " + type + ", \"data\": {\"anything\": true}}";
    }

    @Test
    void batchOfTwelveEventsBecomesTwelveRecordsWithKeysAndHeaders() {
        Map<String, String> expectedKeys = new java.util.LinkedHashMap<>();
        Map<String, String> expectedTypes = new java.util.HashMap<>();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long id = nextId();
            int type = i % 2 == 0 ? 13 : 4;
            events.add(processEvent(id, type, CNJS.get(i)));
            expectedKeys.put(Long.toString(id), CNJS.get(i).replaceAll("\\D", ""));
            expectedTypes.put(Long.toString(id), Integer.toString(type));
        }
        for (int i = 0; i < 4; i++) {
            long id = nextId();
            int type = i % 2 == 0 ? 15 : 16;
            long reportId = 5000 + i;
            events.add(reportEvent(id, type, reportId));
            expectedKeys.put(Long.toString(id), Long.toString(reportId));
            expectedTypes.put(Long.toString(id), Integer.toString(type));
        }
        int[] otherTypes = { 1, 2, 7, 99 };
        for (int type : otherTypes) {
            long id = nextId();
            events.add(otherEvent(id, type));
            expectedKeys.put(Long.toString(id), Long.toString(id));
            expectedTypes.put(Long.toString(id), Integer.toString(type));
        }
        Instant before = Instant.now();

        digesto("[" + String.join(",", events) + "]")
                .statusCode(202)
                .body("accepted", equalTo(12))
                .body("eventIds", contains(expectedKeys.keySet().toArray()));

        Map<String, ConsumerRecord<String, String>> published = Topics.readAll(TOPIC).stream()
                .filter(r -> expectedKeys.containsKey(Topics.header(r, InboundEvent.HEADER_EVENT_ID)))
                .collect(Collectors.toMap(r -> Topics.header(r, InboundEvent.HEADER_EVENT_ID), Function.identity()));
        assertThat(published).hasSize(12);
        expectedKeys.forEach((id, key) -> {
            ConsumerRecord<String, String> record = published.get(id);
            assertThat(record.key()).as("key of event %s", id).isEqualTo(key);
            assertThat(Topics.header(record, InboundEvent.HEADER_PROVIDER)).isEqualTo("digesto");
            assertThat(Topics.header(record, InboundEvent.HEADER_EVENT_TYPE)).isEqualTo(expectedTypes.get(id));
            assertThat(Instant.parse(Topics.header(record, InboundEvent.HEADER_RECEIVED_AT))).isAfterOrEqualTo(
                    before.minusSeconds(1));
            assertThat(record.value()).contains("\"id\":" + id);
        });
        // amounts survive the split exactly
        assertThat(published.values()).anySatisfy(r -> assertThat(r.value()).contains("50794.08"));
    }

    @Test
    void aBodyTooLargeToParseOnTheEventLoopIsParsedOnAWorkerAndPublishedWhole() {
        // over WebhookIngress.PARSED_ON_THE_EVENT_LOOP: the other road through accept()
        long id = nextId();
        String cnj = CNJS.get(1);
        List<String> tuples = new ArrayList<>();
        for (int i = 0; i < 600; i++) { // Digesto's movement tuples: date, title, text, judge, id, ...
            tuples.add("[\"2016-05-03\", \"JUNTADA\", \"" + "Juntada de petição. ".repeat(8) + "\", null, "
                    + (7_000_000_000L + i) + ", null, null]");
        }
        String movs = String.join(",", tuples);
        String event = processEvent(id, 13, cnj).replace("\"movs\": []", "\"movs\": [" + movs + "]");
        assertThat(event.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isGreaterThan(io.despacho.pipeline.WebhookIngress.PARSED_ON_THE_EVENT_LOOP);

        digesto("[" + event + "]").statusCode(202).body("eventIds", contains(Long.toString(id)));

        List<ConsumerRecord<String, String>> mine = Topics.readAll(TOPIC).stream()
                .filter(r -> Long.toString(id).equals(Topics.header(r, InboundEvent.HEADER_EVENT_ID))).toList();
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).key()).isEqualTo(cnj.replaceAll("\\D", ""));
        assertThat(mine.get(0).value().split("Juntada de petição", -1)).hasSize(600 * 8 + 1);
    }

    @Test
    void eventsOfOneProcessShareAPartitionInOrder() {
        List<String> ids = new ArrayList<>();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long id = nextId();
            ids.add(Long.toString(id));
            events.add(processEvent(id, 13, CNJS.get(0)));
        }
        digesto("[" + String.join(",", events) + "]").statusCode(202);

        List<ConsumerRecord<String, String>> mine = Topics.readAll(TOPIC).stream()
                .filter(r -> ids.contains(Topics.header(r, InboundEvent.HEADER_EVENT_ID))).toList();
        assertThat(mine).hasSize(5);
        assertThat(mine).extracting(ConsumerRecord::partition).containsOnly(mine.get(0).partition());
        assertThat(mine.stream().sorted(java.util.Comparator.comparingLong(ConsumerRecord::offset))
                .map(r -> Topics.header(r, InboundEvent.HEADER_EVENT_ID)).toList()).isEqualTo(ids);
    }

    @Test
    void handshakeIsAnsweredAndPublishesNothing() {
        int before = Topics.readAll(TOPIC).size();
        digesto("[]").statusCode(200).body("accepted", equalTo(0));
        digesto("  [ ]  ").statusCode(200);
        assertThat(Topics.readAll(TOPIC)).hasSize(before);
    }

    @Test
    void bearerTokenIsAcceptedToo() {
        long id = nextId();
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + DIGESTO_TOKEN)
                .body("[" + otherEvent(id, 1) + "]").post(DIGESTO)
                .then().statusCode(202).body("eventIds", contains(Long.toString(id)));
    }

    @Test
    void wrongOrMissingTokenIs401AndPublishesNothing() {
        long id = nextId();
        String body = "[" + otherEvent(id, 1) + "]";
        given().contentType(ContentType.JSON).body(body).post(DIGESTO)
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
        given().contentType(ContentType.JSON).queryParam("token", "wrong").body(body).post(DIGESTO)
                .then().statusCode(401);
        given().contentType(ContentType.JSON).queryParam("token", DIGESTO_TOKEN + "x").body(body).post(DIGESTO)
                .then().statusCode(401);
        given().contentType(ContentType.JSON).header("Authorization", "Bearer wrong").body(body).post(DIGESTO)
                .then().statusCode(401);
        // a right query token does not rescue a wrong Authorization header
        given().contentType(ContentType.JSON).queryParam("token", DIGESTO_TOKEN).header("Authorization", "Basic x")
                .body(body).post(DIGESTO).then().statusCode(401);
        // two tokens: refused rather than guessing which one counts
        given().contentType(ContentType.JSON).queryParam("token", DIGESTO_TOKEN, "other").body(body).post(DIGESTO)
                .then().statusCode(401);
        // the other provider's token is not this provider's
        given().contentType(ContentType.JSON).queryParam("token", "test-anoreg-token").body(body).post(DIGESTO)
                .then().statusCode(401);
        assertNotPublished(id);
    }

    @Test
    void oneInvalidEventRefusesTheWholeBatchNamingIndexAndField() {
        long valid = nextId();
        long alsoValid = nextId();
        String body = "[" + processEvent(valid, 13, CNJS.get(1)) + ","
                + "{\"id\": " + nextId() + ", \"evt_type\": 16, \"data\": {\"status\": \"finished\"}},"
                + otherEvent(alsoValid, 2) + "]";
        digesto(body).statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors", hasSize(1))
                .body("errors[0].index", equalTo(1))
                .body("errors[0].field", equalTo("data.vr_id"));
        assertNotPublished(valid, alsoValid);
    }

    @Test
    void eachValidationRuleNamesItsField() {
        record Case(String event, String field) {
        }
        List<Case> cases = List.of(
                new Case("{\"evt_type\": 1}", "id"),
                new Case("{\"id\": null, \"evt_type\": 1}", "id"),
                new Case("{\"id\": true, \"evt_type\": 1}", "id"),
                new Case("{\"id\": \"  \", \"evt_type\": 1}", "id"),
                new Case("{\"id\": {\"x\": 1}, \"evt_type\": 1}", "id"),
                new Case("{\"id\": 1}", "evt_type"),
                new Case("{\"id\": 1, \"evt_type\": \"13\"}", "evt_type"),
                new Case("{\"id\": 1, \"evt_type\": 13.5}", "evt_type"),
                new Case("{\"id\": 1, \"evt_type\": -1}", "evt_type"),
                new Case("{\"id\": 1, \"evt_type\": 99999999999999999999}", "evt_type"),
                new Case("{\"id\": 1, \"evt_type\": 13}", "data"),
                new Case("{\"id\": 1, \"evt_type\": 4, \"data\": []}", "data"),
                new Case("{\"id\": 1, \"evt_type\": 13, \"data\": {}}", "data.numero"),
                new Case("{\"id\": 1, \"evt_type\": 13, \"data\": {\"numero\": 17}}", "data.numero"),
                new Case("{\"id\": 1, \"evt_type\": 13, \"data\": {\"numero\": \"0016377-47.2015.8.07.0003\"}}",
                        "data.numero"),
                new Case("{\"id\": 1, \"evt_type\": 13, \"data\": {\"numero\": \"sem numero\"}}", "data.numero"),
                new Case("{\"id\": 1, \"evt_type\": 15}", "data.vr_id"),
                new Case("{\"id\": 1, \"evt_type\": 15, \"data\": {\"vr_id\": \"abc\"}}", "data.vr_id"),
                new Case("{\"id\": 1, \"evt_type\": 16, \"data\": {\"vr_id\": -4}}", "data.vr_id"),
                new Case("{\"id\": 1, \"evt_type\": 16, \"data\": {\"vr_id\": 0}}", "data.vr_id"),
                new Case("17", ""));
        for (Case c : cases) {
            digesto("[" + c.event() + "]").statusCode(400)
                    .body("errors.field", hasItem(c.field()))
                    .body("errors[0].index", equalTo(0));
        }
    }

    @Test
    void malformedBodiesAre400WithAProblem() {
        for (String body : List.of("[", "{\"id\": 1, \"evt_type\": 13", "not json", "[] []", "[{\"id\":1,\"id\":2}]",
                "{\"id\": 1, \"evt_type\": 1}", "\"text\"", "null")) {
            digesto(body).statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        }
        // empty body
        given().contentType(ContentType.JSON).queryParam("token", DIGESTO_TOKEN).post(DIGESTO)
                .then().statusCode(400).body("detail", startsWith("The body is empty"));
        // deep nesting is refused by the parser, not by a stack overflow
        String deep = "[" + "[".repeat(5000) + "]".repeat(5000) + "]";
        digesto(deep).statusCode(400);
        // not UTF-8
        given().contentType(ContentType.JSON).queryParam("token", DIGESTO_TOKEN)
                .body(new byte[] { '[', '"', (byte) 0xC3, (byte) 0x28, '"', ']' }).post(DIGESTO)
                .then().statusCode(400);
    }

    @Test
    void wrongContentTypeIs415() {
        given().contentType(ContentType.TEXT).queryParam("token", DIGESTO_TOKEN).body("[]").post(DIGESTO)
                .then().statusCode(415).contentType("application/problem+json");
        given().contentType(ContentType.XML).queryParam("token", DIGESTO_TOKEN).body("<a/>").post(DIGESTO)
                .then().statusCode(415);
        given().contentType("application/json; charset=ISO-8859-1").queryParam("token", DIGESTO_TOKEN).body("[]")
                .post(DIGESTO).then().statusCode(415).contentType("application/problem+json");
    }

    private static void assertNotPublished(long... ids) {
        List<String> unexpected = java.util.Arrays.stream(ids).mapToObj(Long::toString).toList();
        assertThat(Topics.readAll(TOPIC)).noneMatch(r -> unexpected.contains(Topics.header(r,
                InboundEvent.HEADER_EVENT_ID)));
    }
}
