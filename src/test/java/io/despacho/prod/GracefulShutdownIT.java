package io.despacho.prod;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import io.despacho.testing.ProdJar;

/**
 * SIGTERM under load, on the packaged jar with a real broker and database: every webhook answered 2xx is on the
 * inbound topic, and stored once the application runs again; the drain (SIGTERM to exit) is measured.
 */
class GracefulShutdownIT {

    /** Long enough for the production guards (ProductionGuards: 24 characters at least). */
    static final String TOKEN = "graceful-shutdown-webhook-token";

    static final Path JAR = Path.of(System.getProperty("despacho.app.dir", "target/quarkus-app"), "quarkus-run.jar");

    @Test
    void nothingAcknowledgedIsLostOnSigterm() throws Exception {
        Map<String, String> env = new HashMap<>(ProdJar.infrastructureEnv());
        env.put("DIGESTO_WEBHOOK_TOKEN", TOKEN);
        env.put("ANOREG_WEBHOOK_TOKEN", TOKEN);
        int port = ProdJar.freePort();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        Process app = ProdJar.start(JAR, env, ProcessBuilder.Redirect.DISCARD);
        assertThat(ProdJar.awaitReady(app, port, Duration.ofSeconds(60))).isPositive();

        long base = System.currentTimeMillis() * 1000 + 300_000_000L;
        AtomicLong next = new AtomicLong(base);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean load = new AtomicBoolean(true);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<Thread> clients = new java.util.ArrayList<>();
        for (int c = 0; c < 4; c++) {
            Thread client = new Thread(() -> {
                while (load.get()) {
                    long id = next.incrementAndGet();
                    try {
                        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(
                                "http://localhost:" + port + "/webhooks/digesto?token=" + TOKEN))
                                .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("[{\"id\": " + id + ", \"evt_type\": 2}]"))
                                .build(), HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() / 100 == 2) {
                            acknowledged.add(Long.toString(id));
                        }
                    } catch (Exception refusedAfterShutdown) {
                        sleep(20);
                    }
                }
            });
            client.start();
            clients.add(client);
        }
        sleep(3000);
        long sigterm = System.nanoTime();
        app.destroy(); // SIGTERM
        assertThat(app.waitFor(45, TimeUnit.SECONDS)).as("exits within the grace period").isTrue();
        long drainMs = (System.nanoTime() - sigterm) / 1_000_000;
        load.set(false);
        for (Thread client : clients) {
            client.join(20_000);
        }

        Set<String> onTopic = inboundEventIds(env.get("KAFKA_BOOTSTRAP_SERVERS"), base, next.get());
        assertThat(acknowledged).isNotEmpty();
        assertThat(onTopic).as("every acknowledged event is on the inbound topic").containsAll(acknowledged);

        // the next start handles whatever the stopped one left unacknowledged
        Process again = ProdJar.start(JAR, env, ProcessBuilder.Redirect.DISCARD);
        try {
            assertThat(ProdJar.awaitReady(again, port, Duration.ofSeconds(60))).isPositive();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            Set<String> stored = Set.of();
            while (System.nanoTime() < deadline) {
                stored = handledEventIds(env, base, next.get());
                if (stored.containsAll(acknowledged)) {
                    break;
                }
                sleep(500);
            }
            assertThat(stored).as("every acknowledged event is stored").containsAll(acknowledged);
            System.out.printf("DRAIN: SIGTERM to exit %d ms under load; acknowledged %d, on the topic %d, stored %d"
                    + " (after the restart)%n", drainMs, acknowledged.size(), onTopic.size(), stored.size());
        } finally {
            again.destroy();
            again.waitFor(45, TimeUnit.SECONDS);
        }
    }

    static Set<String> inboundEventIds(String bootstrap, long from, long to) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "drain-it-" + UUID.randomUUID());
        Set<String> ids = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("despacho.inbound.digesto", Duration.ofSeconds(10))
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    var header = r.headers().lastHeader("despacho-event-id");
                    String id = header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
                    if (id.matches("\\d+") && Long.parseLong(id) > from && Long.parseLong(id) <= to) {
                        ids.add(id);
                    }
                });
            }
        }
        return ids;
    }

    static Connection connect(Map<String, String> env) throws Exception {
        return DriverManager.getConnection(env.get("QUARKUS_DATASOURCE_JDBC_URL"),
                env.get("QUARKUS_DATASOURCE_USERNAME"), env.get("QUARKUS_DATASOURCE_PASSWORD"));
    }

    static Set<String> handledEventIds(Map<String, String> env, long from, long to) throws Exception {
        try (Connection c = connect(env);
                PreparedStatement ps = c.prepareStatement("select event_id from received_event where provider ="
                        + " 'digesto' and status <> 'RECEIVED' and event_id ~ '^[0-9]+$'"
                        + " and event_id::numeric > ? and event_id::numeric <= ?")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            Set<String> ids = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
