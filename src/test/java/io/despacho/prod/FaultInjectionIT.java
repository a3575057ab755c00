package io.despacho.prod;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.despacho.testing.ProdJar;
import io.despacho.testing.RestartableInfrastructure;
import io.despacho.testing.Topics;
import io.despacho.testing.WebhookLoad;

/**
 * Outages under a fixed-rate load of Digesto webhooks, on the packaged jar with a broker and a PostgreSQL that the
 * test stops and starts again: every event answered 2xx ends up stored once and published downstream.
 * Each scenario prints one FAULT line with its counts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionIT {

    /** Long enough for the production guards (ProductionGuards: 24 characters at least). */
    static final String TOKEN = "fault-injection-webhook-token";

    static final Path JAR = Path.of(System.getProperty("despacho.app.dir", "target/quarkus-app"), "quarkus-run.jar");
    static final int REQUESTS_PER_SECOND = 25;
    static final int EVENTS_PER_REQUEST = 4;
    static final Duration PATIENCE = Duration.ofSeconds(120);
    /** The sample process of the Digesto docs has 2 partes and 3 movimentações. */
    static final int PARTES = 2;
    static final int MOVIMENTACOES = 3;

    RestartableInfrastructure infra;
    Map<String, String> env;
    int port;
    Process app;
    long nextEventId = System.currentTimeMillis() * 1000 + 500_000_000L;

    @BeforeAll
    void startInfrastructureAndApp() throws Exception {
        infra = new RestartableInfrastructure();
        env = new HashMap<>(infra.env());
        env.put("DIGESTO_WEBHOOK_TOKEN", TOKEN);
        env.put("ANOREG_WEBHOOK_TOKEN", TOKEN);
        env.put("DESPACHO_INGRESS_PUBLISH_DEADLINE", "2s");
        // the outbox sweep looks soon, so that "published exactly once" is counted after it had its chance
        env.put("DESPACHO_OUTBOX_STRAGGLER_AGE", "4s");
        env.put("DESPACHO_OUTBOX_SWEEP_EVERY", "1s");
        port = ProdJar.freePort();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        app = startApp();
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (app != null) {
            app.destroy();
            app.waitFor(45, TimeUnit.SECONDS);
        }
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    @Order(1)
    void brokerStoppedMidLoadThenRestarted() throws Exception {
        WebhookLoad load = load();
        Thread.sleep(3000);
        infra.stopKafka();
        int beforeOutage = load.acknowledged().size();
        Thread.sleep(5000);
        long restart = System.nanoTime();
        infra.startKafka();
        long restartMs = (System.nanoTime() - restart) / 1_000_000;
        Thread.sleep(10_000);
        load.stop();

        Counts counts = verify("broker-stop", load);
        System.out.printf("FAULT broker-stop: broker restart took %d ms; acknowledged before the outage %d, in all %d%n",
                restartMs, beforeOutage, counts.acknowledged());
        assertThat(load.outcomes()).as("the outage was felt: some webhooks were refused").containsKey("503");
        assertThat(counts.acknowledged()).as("accepting again once the broker is back").isGreaterThan(beforeOutage);
        assertThat(counts.duplicates()).as("published exactly once").isZero();
    }

    @Test
    @Order(2)
    void databaseUnavailableForAWhile() throws Exception {
        WebhookLoad load = load();
        Thread.sleep(2000);
        infra.stopPostgres();
        Thread.sleep(8000);
        infra.startPostgres();
        Thread.sleep(2000);
        load.stop();

        assertThat(load.outcomes()).as("webhooks need only Kafka: all accepted during the outage")
                .containsOnlyKeys("202");
        Counts counts = verify("database-stop", load);
        assertThat(counts.duplicates()).as("published exactly once").isZero();
    }

    @Test
    @Order(3)
    void appKilledMidBatchThenRestarted() throws Exception {
        // 48-event batches, 1,200 events/s: faster than the consumers store them (32 lanes kept up with 12-event
        // batches), so the kill finds a backlog and batches in work
        WebhookLoad load = load(REQUESTS_PER_SECOND, 48);
        Thread.sleep(4000);
        app.destroyForcibly(); // SIGKILL: no drain, no offset commit, outbox rows possibly sent but not marked
        app.waitFor(10, TimeUnit.SECONDS);
        load.stop();
        int handledAtKill = handled(load.acknowledged()).size();
        app = startApp();

        Counts counts = verify("app-killed", load);
        System.out.printf("FAULT app-killed: %d of %d acknowledged events were not yet handled at the SIGKILL%n",
                counts.acknowledged() - handledAtKill, counts.acknowledged());
        assertThat(handledAtKill).as("killed with work in progress").isLessThan(counts.acknowledged());
        assertThat(counts.distinctCeIdsPerKey()).as("any copy carries the same ce_id, so subscribers drop it")
                .isEqualTo(1);
    }

    // ---------------------------------------------------------------- helpers

    record Counts(int acknowledged, int stored, int published, int duplicates, int distinctCeIdsPerKey) {
    }

    WebhookLoad load() {
        return load(REQUESTS_PER_SECOND, EVENTS_PER_REQUEST);
    }

    WebhookLoad load(int requestsPerSecond, int eventsPerRequest) {
        WebhookLoad load = WebhookLoad.start(URI.create("http://localhost:" + port + "/webhooks/digesto?token=" + TOKEN),
                requestsPerSecond, eventsPerRequest, nextEventId);
        nextEventId += 1_000_000;
        return load;
    }

    Process startApp() throws Exception {
        Process process = ProdJar.start(JAR, env, ProcessBuilder.Redirect.DISCARD);
        assertThat(ProdJar.awaitReady(process, port, Duration.ofSeconds(60))).as("ready").isPositive();
        return process;
    }

    /** Waits until every acknowledged event is handled, then checks rows and downstream records. */
    Counts verify(String scenario, WebhookLoad load) throws Exception {
        Set<String> acknowledged = load.acknowledged();
        assertThat(acknowledged).as("some events were acknowledged").isNotEmpty();
        Set<String> keys = new HashSet<>();
        acknowledged.forEach(id -> keys.add(load.key(id)));

        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Set<String> handled = Set.of();
        while (System.nanoTime() < deadline) {
            handled = handled(acknowledged);
            if (handled.size() == acknowledged.size()) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(handled).as("every acknowledged event is handled").hasSameSizeAs(acknowledged);

        int stored = single("select count(*) from processo where cnj = any(?)", keys);
        int incomplete = single("select count(*) from processo p where p.cnj = any(?) and ("
                + "(select count(*) from processo_parte x where x.processo_id = p.id) <> " + PARTES
                + " or (select count(*) from processo_movimentacao x where x.processo_id = p.id) <> " + MOVIMENTACOES
                + ")", keys);
        assertThat(stored).as("one process row per acknowledged event").isEqualTo(keys.size());
        assertThat(incomplete).as("no duplicated or missing child rows").isZero();

        Map<String, List<String>> ceIdsByKey = new HashMap<>();
        long publishDeadline = System.nanoTime() + PATIENCE.toNanos();
        do {
            ceIdsByKey.clear();
            for (ConsumerRecord<String, String> r : Topics.readAll(infra.bootstrapServers(), "despacho.processos")) {
                if (keys.contains(r.key())) {
                    ceIdsByKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(Topics.header(r, "ce_id"));
                }
            }
        } while (ceIdsByKey.size() < keys.size() && System.nanoTime() < publishDeadline && sleep(1000));
        assertThat(ceIdsByKey.keySet()).as("every stored process published").hasSameSizeAs(keys);
        sleep(7000); // past the sweep (straggler age 4 s + two 1-s intervals): a copy it sends is counted below
        ceIdsByKey.clear();
        for (ConsumerRecord<String, String> r : Topics.readAll(infra.bootstrapServers(), "despacho.processos")) {
            if (keys.contains(r.key())) {
                ceIdsByKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(Topics.header(r, "ce_id"));
            }
        }
        int published = ceIdsByKey.values().stream().mapToInt(List::size).sum();
        int distinctCeIds = ceIdsByKey.values().stream().mapToInt(ids -> new HashSet<>(ids).size()).max().orElse(0);

        Counts counts = new Counts(acknowledged.size(), stored, published, published - keys.size(), distinctCeIds);
        System.out.printf("FAULT %s: requests %s; events sent %d, acknowledged %d, stored %d, published %d,"
                + " duplicated downstream %d (max distinct ce_id per key %d), lost 0%n", scenario, load.outcomes(),
                load.eventsSent(), counts.acknowledged(), counts.stored(), counts.published(), counts.duplicates(),
                counts.distinctCeIdsPerKey());
        return counts;
    }

    Set<String> handled(Set<String> eventIds) throws Exception {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("select event_id from received_event"
                + " where provider = 'digesto' and status <> 'RECEIVED' and event_id = any(?)")) {
            ps.setArray(1, c.createArrayOf("varchar", eventIds.toArray()));
            Set<String> ids = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    int single(String sql, Set<String> keys) throws Exception {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            Array array = c.createArrayOf("varchar", keys.toArray());
            ps.setArray(1, array);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    Connection connect() throws Exception {
        return DriverManager.getConnection(env.get("QUARKUS_DATASOURCE_JDBC_URL"),
                env.get("QUARKUS_DATASOURCE_USERNAME"), env.get("QUARKUS_DATASOURCE_PASSWORD"));
    }

    static boolean sleep(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
