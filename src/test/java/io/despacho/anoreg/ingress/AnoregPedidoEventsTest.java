package io.despacho.anoreg.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.despacho.pipeline.InboundEvent;
import io.despacho.pipeline.StrictJson;
import io.despacho.problem.ProblemException;

class AnoregPedidoEventsTest {

    private static List<InboundEvent> extract(String json) {
        byte[] raw = json.getBytes(StandardCharsets.UTF_8);
        return AnoregPedidoEvents.extract(StrictJson.parse(raw), raw, Instant.EPOCH);
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"pedido_id\": 100291}", "{\"pedido_id\": \"100291\"}", "{\"id_pedido\": 100291}",
            "{\"pedido\": {\"id\": 100291}}", "{\"data\": {\"pedido_id\": 100291}}", "{\"data\": {\"id\": \" 100291 \"}}",
            "{\"id\": 100291}", "{\"id\": 100291.0}", "{\"pedido_id\": \"00100291\"}",
            "{\"pedido_id\": null, \"id\": 100291}", "{\"pedido\": \"x\", \"id\": 100291}" })
    void readsThePedidoIdFromEveryDocumentedPlace(String json) {
        InboundEvent event = extract(json).get(0);
        assertThat(event.key()).isEqualTo("100291");
        assertThat(event.payload()).isEqualTo(json);
        assertThat(event.eventId()).hasSize(64);
    }

    @ParameterizedTest
    @ValueSource(strings = { "{}", "{\"pedido_id\": \"abc\"}", "{\"pedido_id\": 0}", "{\"pedido_id\": -1}",
            "{\"pedido_id\": 1.5}", "{\"pedido_id\": true}", "{\"pedido_id\": \"\"}", "{\"pedido_id\": [1]}",
            "{\"id\": 99999999999999999999}", "[]", "7" })
    void refusesBodiesWithoutAUsablePedidoId(String json) {
        assertThatThrownBy(() -> extract(json)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().status()).isEqualTo(400));
    }

    @Test
    void theSameBodyHasTheSameEventIdAndAnotherBodyAnother() {
        assertThat(extract("{\"pedido_id\": 1}").get(0).eventId()).isEqualTo(extract("{\"pedido_id\": 1}").get(0)
                .eventId());
        assertThat(extract("{\"pedido_id\": 1}").get(0).eventId())
                .isNotEqualTo(extract("{\"pedido_id\": 1, \"status\": \"X\"}").get(0).eventId());
    }
}
