package io.despacho.digesto.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.despacho.pipeline.InboundEvent;
import io.despacho.pipeline.Provider;
import io.despacho.pipeline.StrictJson;
import io.despacho.problem.Problem.Violation;
import io.despacho.problem.ProblemException;

class DigestoEventsTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private static List<InboundEvent> split(String json) {
        return DigestoEvents.split(StrictJson.parse(json.getBytes(StandardCharsets.UTF_8)), NOW);
    }

    private static List<Violation> violations(String json) {
        try {
            split(json);
        } catch (ProblemException e) {
            return e.problem().errors();
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void emptyListIsTheHandshake() {
        assertThat(split("[]")).isEmpty();
    }

    @Test
    void keysFollowTheEventType() {
        List<InboundEvent> events = split("""
                [{"id": 1, "evt_type": 13, "data": {"numero": "0016377-46.2015.8.07.0003"}},
                 {"id": 2, "evt_type": 4, "data": {"numero": "00053266220188120110"}},
                 {"id": "3", "evt_type": 15, "data": {"status": "preview", "vr_id": 1257}},
                 {"id": 4, "evt_type": 16, "data": {"status": "finished", "vr_id": "1257"}},
                 {"id": 5, "evt_type": 7, "data": null},
                 {"id": 6, "evt_type": 13, "data": {"numero": "583.00.2011.113708"}}]""");
        assertThat(events).extracting(InboundEvent::key).containsExactly("00163774620158070003",
                "00053266220188120110", "1257", "1257", "5", "583002011113708");
        assertThat(events).extracting(InboundEvent::eventId).containsExactly("1", "2", "3", "4", "5", "6");
        assertThat(events).extracting(InboundEvent::eventType).containsExactly("13", "4", "15", "16", "7", "13");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.provider()).isEqualTo(Provider.DIGESTO);
            assertThat(e.receivedAt()).isEqualTo(NOW);
        });
    }

    @Test
    void payloadIsTheWholeEvent() {
        InboundEvent event = split("[{\"id\":9,\"evt_type\":1,\"source_user_custom\":\"x\",\"data\":{\"v\":1.10}}]")
                .get(0);
        assertThat(event.payload()).isEqualTo("{\"id\":9,\"evt_type\":1,\"source_user_custom\":\"x\",\"data\":{\"v\":1.10}}");
    }

    @Test
    void everyViolationIsReportedWithItsIndex() {
        assertThat(violations("""
                [{"id": 1, "evt_type": 1},
                 {"evt_type": 13, "data": {"numero": "0016377-47.2015.8.07.0003"}},
                 {"id": 3, "evt_type": 16, "data": {"status": "finished"}},
                 "oops"]"""))
                .containsExactly(
                        new Violation(1, "id", violations("[{\"evt_type\": 1}]").get(0).message()),
                        new Violation(1, "data.numero", "not a valid CNJ number (check digits do not match)"),
                        new Violation(2, "data.vr_id",
                                "evt_type 16 needs data.vr_id, the virtual report id (a positive whole number)"),
                        new Violation(3, "", "each event must be a JSON object"));
    }

    @Test
    void notAListIsRefused() {
        assertThatThrownBy(() -> split("{\"id\": 1, \"evt_type\": 1}")).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().detail()).contains("JSON list"));
    }

    @Test
    void idsAreBounded() {
        assertThat(violations("[{\"id\": \"" + "x".repeat(129) + "\", \"evt_type\": 1}]"))
                .extracting(Violation::field).containsExactly("id");
        assertThat(violations("[{\"id\": \"a\\u0000b\", \"evt_type\": 1}]")).extracting(Violation::field)
                .containsExactly("id");
        // found by WebhookFuzzTest: a leading control character was trimmed away, making NUL + "123" the id "123"
        assertThat(violations("[{\"id\": \"\\u0000123\", \"evt_type\": 1}]")).extracting(Violation::field)
                .containsExactly("id");
        assertThat(violations("[{\"id\": \"123\\n\", \"evt_type\": 1}]")).extracting(Violation::field)
                .containsExactly("id");
        assertThat(split("[{\"id\": \"" + "x".repeat(128) + "\", \"evt_type\": 1}]")).hasSize(1);
    }

    @Test
    void aHugeBatchOfBadEventsReportsABoundedList() {
        String events = String.join(",", java.util.Collections.nCopies(500, "{\"id\": 1}"));
        assertThat(violations("[" + events + "]")).hasSize(50);
    }
}
