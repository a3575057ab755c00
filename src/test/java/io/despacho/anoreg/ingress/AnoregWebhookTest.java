package io.despacho.anoreg.ingress;

import static io.despacho.pipeline.WebhookCalls.ANOREG;
import static io.despacho.pipeline.WebhookCalls.ANOREG_TOKEN;
import static io.despacho.pipeline.WebhookCalls.anoreg;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.despacho.pipeline.InboundEvent;
import io.despacho.testing.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** POST /webhooks/anoreg/pedidos against the real broker. */
@QuarkusTest
class AnoregWebhookTest {

    static final String TOPIC = "despacho.inbound.anoreg";
    private static final AtomicLong PEDIDOS = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 100);

    @Test
    void everyDocumentedIdVariantIsKeyedByThePedidoId() {
        record Variant(String template) {
        }
        List<String> templates = List.of(
                "{\"pedido_id\": %d, \"status\": \"FINALIZADO\"}",
                "{\"id_pedido\": \"%d\"}",
                "{\"pedido\": {\"id\": %d, \"status\": \"EM_ANDAMENTO\"}}",
                "{\"data\": {\"pedido_id\": \"%d\"}}",
                "{\"data\": {\"id\": %d}}",
                "{\"id\": \"%d\", \"evento\": \"atualizacao\"}");
        for (String template : templates) {
            long pedido = PEDIDOS.incrementAndGet();
            String body = template.formatted(pedido);
            String eventId = anoreg(body).statusCode(202).body("accepted", equalTo(1))
                    .extract().path("eventIds[0]");
            ConsumerRecord<String, String> record = Topics.readAll(TOPIC).stream()
                    .filter(r -> eventId.equals(Topics.header(r, InboundEvent.HEADER_EVENT_ID)))
                    .findFirst().orElseThrow(() -> new AssertionError("not published: " + body));
            assertThat(record.key()).as(template).isEqualTo(Long.toString(pedido));
            assertThat(record.value()).as("the raw body is kept as is").isEqualTo(body);
            assertThat(Topics.header(record, InboundEvent.HEADER_PROVIDER)).isEqualTo("anoreg");
            assertThat(Topics.header(record, InboundEvent.HEADER_EVENT_TYPE)).isEqualTo("pedido");
        }
    }

    @Test
    void theFirstPresentPathWins() {
        long pedido = PEDIDOS.incrementAndGet();
        String body = "{\"id\": 1, \"data\": {\"id\": 2}, \"pedido_id\": " + pedido + "}";
        String eventId = anoreg(body).statusCode(202).extract().path("eventIds[0]");
        assertThat(Topics.readAll(TOPIC)).filteredOn(r -> eventId.equals(Topics.header(r,
                InboundEvent.HEADER_EVENT_ID))).extracting(ConsumerRecord::key).containsOnly(Long.toString(pedido));
    }

    @Test
    void theSameNotificationTwiceHasOneEventId() {
        String body = "{\"pedido_id\": " + PEDIDOS.incrementAndGet() + "}";
        String first = anoreg(body).statusCode(202).extract().path("eventIds[0]");
        String second = anoreg(body).statusCode(202).extract().path("eventIds[0]");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void noUsableIdIs400AndPublishesNothing() {
        int before = Topics.readAll(TOPIC).size();
        anoreg("{\"status\": \"FINALIZADO\"}").statusCode(400).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("pedido_id"));
        anoreg("{\"pedido_id\": \"abc\"}").statusCode(400).body("errors.field", hasItem("pedido_id"));
        anoreg("{\"pedido_id\": -3}").statusCode(400);
        anoreg("{\"pedido_id\": 1.5}").statusCode(400);
        anoreg("{\"pedido\": {\"id\": true}}").statusCode(400).body("errors.field", hasItem("pedido.id"));
        anoreg("{\"data\": {\"id\": [1]}}").statusCode(400);
        anoreg("{\"id\": 123456789012345678901234567890}").statusCode(400);
        anoreg("[{\"pedido_id\": 1}]").statusCode(400);
        anoreg("{\"pedido_id\": 1").statusCode(400);
        given().contentType(ContentType.JSON).queryParam("token", "wrong").body("{\"pedido_id\": 1}").post(ANOREG)
                .then().statusCode(401);
        given().contentType(ContentType.TEXT).queryParam("token", ANOREG_TOKEN).body("{\"pedido_id\": 1}")
                .post(ANOREG).then().statusCode(415);
        assertThat(Topics.readAll(TOPIC)).hasSize(before);
    }
}
