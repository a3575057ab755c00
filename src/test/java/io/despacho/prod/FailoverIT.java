package io.despacho.prod;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.despacho.shared.Cnj;
import io.despacho.testing.DigestoStubs;
import io.despacho.testing.ProdJar;
import io.despacho.testing.TestCnj;
import io.despacho.testing.Topics;

/**
 * Two instances of the packaged jar on one broker and one PostgreSQL, webhooks posted to both at a fixed rate, one
 * SIGKILLed mid-load: every event either answered 202 is stored and published once, and the survivor takes over
 * the dead one's partitions (its consumer session times out after despacho.consumer.session-timeout-ms, 10 s).
 */
class FailoverIT {

    static final String TOKEN = "failover-it-webhook-token-0123";
    static final Path JAR = Path.of(System.getProperty("despacho.app.dir", "target/quarkus-app"), "quarkus-run.jar");
    static final int RATE_PER_INSTANCE = 20; // webhooks per second

    @Test
    void nothingAcknowledgedIsLostWhenOneOfTwoInstancesIsKilled() throws Exception {
        Map<String, String> env = new HashMap<>(ProdJar.infrastructureEnv());
        env.put("DIGESTO_WEBHOOK_TOKEN", TOKEN);
        env.put("ANOREG_WEBHOOK_TOKEN", TOKEN);
        int[] ports = { ProdJar.freePort(), ProdJar.freePort() };
        List<Process> instances = new ArrayList<>();
        for (int port : ports) {
            Map<String, String> own = new HashMap<>(env);
            own.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            instances.add(ProdJar.start(JAR, own, ProcessBuilder.Redirect.DISCARD));
        }
        try {
            for (int i = 0; i < 2; i++) {
                assertThat(ProdJar.awaitReady(instances.get(i), ports[i], Duration.ofSeconds(90))).isPositive();
            }
            Thread.sleep(3000); // both in the consumer groups

            Map<String, String> acknowledged = new ConcurrentHashMap<>(); // cnj digits → the instance that said 202
            AtomicLong ids = new AtomicLong(System.currentTimeMillis() * 1000 + 500_000_000L);
            AtomicBoolean load = new AtomicBoolean(true);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                int port = ports[i];
                String name = "instance-" + i;
                Thread client = new Thread(() -> {
                    while (load.get()) {
                        long started = System.nanoTime();
                        Cnj cnj = TestCnj.next();
                        try {
                            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(
                                    "http://localhost:" + port + "/webhooks/digesto?token=" + TOKEN))
                                    .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(DigestoStubs.event(ids.incrementAndGet(),
                                            13, DigestoStubs.process(cnj, "2016-05-03T18:25:01"))))
                                    .build(), HttpResponse.BodyHandlers.discarding());
                            if (answer.statusCode() == 202) {
                                acknowledged.put(cnj.digits(), name);
                            }
                        } catch (Exception deadInstance) {
                            // refused: not acknowledged, the provider would retry
                        }
                        sleepNanos(TimeUnit.SECONDS.toNanos(1) / RATE_PER_INSTANCE - (System.nanoTime() - started));
                    }
                });
                client.start();
                clients.add(client);
            }
            Thread.sleep(4000);
            long killedAt = System.nanoTime();
            instances.get(0).destroyForcibly(); // SIGKILL: no drain, no leaving the group
            assertThat(instances.get(0).waitFor(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(4000);
            load.set(false);
            for (Thread client : clients) {
                client.join(20_000);
            }

            Set<String> expected = Set.copyOf(acknowledged.keySet());
            long byDead = acknowledged.values().stream().filter("instance-0"::equals).count();
            Set<String> stored = Set.of();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                stored = stored(env, expected);
                if (stored.containsAll(expected)) {
                    break;
                }
                Thread.sleep(250);
            }
            long takeOverMs = (System.nanoTime() - killedAt) / 1_000_000;
            assertThat(stored).as("every acknowledged event stored").containsAll(expected);

            Map<String, Long> published = Topics.readAll(env.get("KAFKA_BOOTSTRAP_SERVERS"), "despacho.processos")
                    .stream().map(ConsumerRecord::key).filter(expected::contains)
                    .collect(Collectors.groupingBy(k -> k, Collectors.counting()));
            assertThat(published.keySet()).as("every acknowledged event published").containsAll(expected);
            long duplicated = published.values().stream().filter(n -> n > 1).count();
            assertThat(rowsPerProcess(env, expected)).as("one row per process").isEqualTo(expected.size());
            assertThat(duplicated).as("records published twice").isZero();
            System.out.printf("FAILOVER: acknowledged %d (%d by the killed instance), stored %d, published %d,"
                    + " duplicated %d; every acknowledged event stored %d ms after the SIGKILL%n", expected.size(),
                    byDead, stored.size(), published.size(), duplicated, takeOverMs);
        } finally {
            for (Process instance : instances) {
                instance.destroy();
                instance.waitFor(45, TimeUnit.SECONDS);
            }
        }
    }

    static Set<String> stored(Map<String, String> env, Set<String> cnjs) throws Exception {
        try (Connection c = GracefulShutdownIT.connect(env); PreparedStatement ps = c.prepareStatement(
                "select distinct cnj from processo where cnj = any(?)")) {
            ps.setArray(1, c.createArrayOf("varchar", cnjs.toArray()));
            Set<String> found = new java.util.HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
            return found;
        }
    }

    static long rowsPerProcess(Map<String, String> env, Set<String> cnjs) throws Exception {
        try (Connection c = GracefulShutdownIT.connect(env); PreparedStatement ps = c.prepareStatement(
                "select count(*) from processo where cnj = any(?)")) {
            ps.setArray(1, c.createArrayOf("varchar", cnjs.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static void sleepNanos(long nanos) {
        if (nanos > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
