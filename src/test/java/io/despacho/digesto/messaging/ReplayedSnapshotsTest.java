package io.despacho.digesto.messaging;

import static io.despacho.testing.Api.asOperator;
import static io.despacho.pipeline.WebhookCalls.digesto;
import static io.despacho.testing.DigestoStubs.process;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.despacho.processo.ProcessoStore;
import io.despacho.shared.Cnj;
import io.despacho.testing.DigestoStubs;
import io.despacho.testing.TestCnj;
import io.despacho.testing.Topics;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every snapshot of a process delivered 10 times, shuffled with its older snapshots and with other processes, ends
 * in the same state as the newest snapshot delivered once: same record, and the last record published for the key
 * is that record.
 */
@QuarkusTest
class ReplayedSnapshotsTest {

    static final int PROCESSES = 6;
    static final int SNAPSHOTS = 4;
    static final int COPIES = 10;
    static final int BATCH = 12;
    static final Duration PATIENCE = Duration.ofSeconds(90);

    @Test
    void tenDeliveriesInterleavedWithOlderSnapshotsGiveTheSameFinalState() {
        long ids = System.currentTimeMillis() * 1000 + 800_000_000L;
        List<Cnj> replayed = new ArrayList<>();
        List<Cnj> control = new ArrayList<>();
        List<ObjectNode> deliveries = new ArrayList<>();
        for (int p = 0; p < PROCESSES; p++) {
            Cnj cnj = TestCnj.next();
            replayed.add(cnj);
            control.add(TestCnj.next());
            for (int s = 1; s <= SNAPSHOTS; s++) {
                ObjectNode event = event(++ids, snapshot(cnj, s));
                for (int copy = 0; copy < COPIES; copy++) {
                    deliveries.add(event);
                }
            }
        }
        Collections.shuffle(deliveries, new Random(42));
        for (int from = 0; from < deliveries.size(); from += BATCH) {
            ArrayNode batch = DigestoStubs.JSON.createArrayNode();
            deliveries.subList(from, Math.min(deliveries.size(), from + BATCH)).forEach(batch::add);
            digesto(batch.toString()).statusCode(202);
        }
        for (int p = 0; p < PROCESSES; p++) {
            digesto("[" + event(++ids, snapshot(control.get(p), SNAPSHOTS)) + "]").statusCode(202);
        }

        for (int p = 0; p < PROCESSES; p++) {
            Cnj cnj = replayed.get(p);
            Cnj reference = control.get(p);
            String expected = await().atMost(PATIENCE).until(() -> stored(reference), r -> r != null)
                    .replace(reference.formatted(), cnj.formatted());
            // wait for the newest snapshot (deliveries are asynchronous), then compare everything
            String actual = await().atMost(PATIENCE).until(() -> stored(cnj),
                    r -> r != null && r.contains("\"situacao\":\"S" + SNAPSHOTS + "\""));
            await().during(Duration.ofSeconds(1)).atMost(PATIENCE).until(() -> actual.equals(stored(cnj)));
            assertThat(actual).as("final state of %s", cnj.formatted()).isEqualTo(expected);
            List<ConsumerRecord<String, String>> published = Topics.readAll(ProcessoStore.TOPIC).stream()
                    .filter(r -> cnj.digits().equals(r.key())).toList();
            assertThat(published.get(published.size() - 1).value()).as("last record published").isEqualTo(actual);
            assertThat(published.size()).as("at most one record per newer snapshot").isLessThanOrEqualTo(SNAPSHOTS);
        }
    }

    /** Snapshot s of 4: newer ones have a later alteradoEm, another situação and more movimentações. */
    static ObjectNode snapshot(Cnj cnj, int s) {
        ObjectNode process = process(cnj, "2016-05-0" + s + "T18:25:01");
        process.put("situacao", "S" + s);
        ArrayNode movs = (ArrayNode) process.get("movs");
        while (movs.size() > Math.min(s, 3)) {
            movs.remove(movs.size() - 1);
        }
        return process;
    }

    static ObjectNode event(long id, JsonNode data) {
        ObjectNode event = DigestoStubs.JSON.createObjectNode();
        event.put("id", id);
        event.put("evt_type", 13);
        event.set("data", data);
        return event;
    }

    static String stored(Cnj cnj) {
        var response = asOperator().get("/api/processos/" + cnj.digits()).then().extract();
        return response.statusCode() == 200 ? response.asString() : null;
    }
}
