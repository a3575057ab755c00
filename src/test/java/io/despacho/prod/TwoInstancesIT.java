package io.despacho.prod;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.despacho.bench.RateLimitedAnoreg;
import io.despacho.shared.Cnj;
import io.despacho.testing.DigestoStubs;
import io.despacho.testing.ProdJar;
import io.despacho.testing.ProviderApis;
import io.despacho.testing.TestCnj;
import io.despacho.testing.Topics;

/**
 * Two instances of the packaged jar on one broker and one PostgreSQL, started once for both tests:
 * <ol>
 * <li>pedidos posted to both against a WireMock Anoreg that enforces 30 requests per window and answers 429 beyond:
 * the instances draw on the one shared budget and the one shared login, so every pedido is stored with no 429 and a
 * single login (the window is 15 s here, 60 s in production, to keep the test short);</li>
 * <li>webhooks posted to both at a fixed rate, one instance SIGKILLed mid-load: every event either answered 202 is
 * stored and published once, and the survivor takes over the dead one's partitions (its consumer session times
 * out after despacho.consumer.session-timeout-ms, 10 s).</li>
 * </ol>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstancesIT {

    static final String TOKEN = "two-instances-webhook-token-0123";
    static final Path JAR = Path.of(System.getProperty("despacho.app.dir", "target/quarkus-app"), "quarkus-run.jar");
    static final Duration WINDOW = Duration.ofSeconds(15);
    static final String API = "/anoreg/distribuicao/api/v2/pedidos/";
    static final int PEDIDOS = 24;
    static final int RATE_PER_INSTANCE = 20; // webhooks per second in the failover test

    final Map<String, String> env = new HashMap<>(ProdJar.infrastructureEnv());
    final int[] ports = { ProdJar.freePort(), ProdJar.freePort() };
    final List<Process> instances = new ArrayList<>();
    WireMockServer anoreg;

    @BeforeAll
    void startTwoInstances() throws Exception {
        anoreg = ProviderApis.server();
        int window = (int) WINDOW.toMillis();
        anoreg.stubFor(post(urlEqualTo("/anoreg/auth/login")).willReturn(okJson(
                "{\"access_token\": \"two-instances\", \"expires_in\": 14400}").withFixedDelay(50)
                .withTransformers("anoreg-rate-limit").withTransformerParameter("windowMillis", window)));
        anoreg.stubFor(get(urlPathMatching(API + "\\d+")).willReturn(okJson(
                "{\"data\": {\"id\": {{request.pathSegments.[5]}}, \"status\": \"aberto\"}}").withFixedDelay(50)
                .withTransformers("response-template", "anoreg-rate-limit")
                .withTransformerParameter("windowMillis", window)));
        anoreg.stubFor(get(urlPathMatching(API + "\\d+/andamentos")).willReturn(okJson(
                "{\"data\": [{\"id\": 1, \"descricao\": \"Recebido\"}]}").withFixedDelay(50)
                .withTransformers("anoreg-rate-limit").withTransformerParameter("windowMillis", window)));

        env.put("DIGESTO_WEBHOOK_TOKEN", TOKEN);
        env.put("ANOREG_WEBHOOK_TOKEN", TOKEN);
        env.put("ANOREG_API_URL", anoreg.baseUrl() + "/anoreg");
        env.put("ANOREG_API_KEY", "ANG-two-instances");
        env.put("ANOREG_API_SECRET", "two-instances-secret");
        env.put("ANOREG_USER_AGENT", "despacho.test");
        env.put("DESPACHO_ANOREG_BUDGET_REQUESTS", Integer.toString(RateLimitedAnoreg.LIMIT)); // the account's
        env.put("DESPACHO_ANOREG_BUDGET_WINDOW", WINDOW.toMillis() + "ms");
        env.put("DESPACHO_OUTBOX_STRAGGLER_AGE", "10s"); // 90 s in production: a short test
        env.put("DESPACHO_OUTBOX_SWEEP_EVERY", "1s");
        for (int port : ports) {
            Map<String, String> own = new HashMap<>(env);
            own.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            // each instance's log beside the test reports, for when this test fails
            instances.add(ProdJar.start(JAR, own, ProcessBuilder.Redirect.to(Path.of("target",
                    "two-instances-" + instances.size() + ".log").toFile())));
        }
        for (int i = 0; i < 2; i++) {
            assertThat(ProdJar.awaitReady(instances.get(i), ports[i], Duration.ofSeconds(90))).isPositive();
        }
        // a production start without DESPACHO_CONSOLE_ENABLED serves no console (ProdJarIT signs in where it is on)
        HttpResponse<String> console = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + ports[1] + "/console/login")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(console.statusCode()).isEqualTo(404);
        assertThat(console.body()).contains("DESPACHO_CONSOLE_ENABLED");
    }

    @AfterAll
    void stopThem() throws Exception {
        for (Process instance : instances) {
            instance.destroy();
            instance.waitFor(45, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void twoInstancesShareTheAccountsBudgetAndLogin() throws Exception {
        try (Connection c = GracefulShutdownIT.connect(env)) {
            c.createStatement().execute("delete from provider_token where provider = 'anoreg'");
        }
        Thread.sleep(3000); // both in the consumer group
        int rejectedBefore = RateLimitedAnoreg.REJECTED.get();
        Instant start = Instant.now();
        long first = System.currentTimeMillis() % 10_000_000L * 100 + 7_000_000_000L;
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < PEDIDOS; i++) {
            HttpResponse<Void> accepted = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                    + ports[i % 2] + "/webhooks/anoreg/pedidos?token=" + TOKEN))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"pedido_id\": " + (first + i) + "}")).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(accepted.statusCode()).isEqualTo(202);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        long stored = 0;
        while (System.nanoTime() < deadline && stored < PEDIDOS) {
            stored = storedPedidos(env, first, first + PEDIDOS);
            Thread.sleep(250);
        }
        Duration took = Duration.between(start, Instant.now());
        List<Instant> sent = anoreg.getAllServeEvents().stream().map(e -> e.getRequest())
                .filter(r -> r.getUrl().startsWith("/anoreg/"))
                .map(r -> r.getLoggedDate().toInstant()).filter(t -> !t.isBefore(start)).sorted().toList();
        long busiest = sent.stream().mapToLong(at -> sent.stream()
                .filter(t -> !t.isBefore(at) && t.isBefore(at.plus(WINDOW))).count()).max().orElse(0);
        long logins = anoreg.findAll(postRequestedFor(urlEqualTo("/anoreg/auth/login"))).stream()
                .filter(r -> !r.getLoggedDate().toInstant().isBefore(start)).count();
        int rejected = RateLimitedAnoreg.REJECTED.get() - rejectedBefore;

        System.out.printf("ANOREG TWO INSTANCES: %d pedidos stored in %.1f s; %d provider calls, most in any %d s"
                + " window %d (limit %d); 429s %d; logins %d%n", stored, took.toMillis() / 1000.0, sent.size(),
                WINDOW.toSeconds(), busiest, RateLimitedAnoreg.LIMIT, rejected, logins);
        assertThat(stored).as("pedidos stored").isEqualTo(PEDIDOS);
        assertThat(rejected).as("429s drawn").isZero();
        assertThat(busiest).as("calls in any window, both instances").isLessThanOrEqualTo(RateLimitedAnoreg.LIMIT);
        assertThat(logins).as("logins, both instances").isEqualTo(1);
        assertThat(sent.size()).as("a pedido and its andamentos each, and the login").isEqualTo(2 * PEDIDOS + 1);
    }

    @Test
    @Order(2)
    void nothingAcknowledgedIsLostWhenOneOfTwoInstancesIsKilled() throws Exception {
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

        // a row the killed instance committed but had not published yet goes out with the survivor's outbox sweep,
        // once older than the straggler age (10 s here, DESPACHO_OUTBOX_STRAGGLER_AGE)
        // a record the killed instance sent but had not yet marked sent goes out again from the sweep: the downstream
        // topics are at-least-once, and such a copy carries the same ce_id (subscribers drop copies by it); what must
        // never happen is a second, different record for one event
        Map<String, Set<String>> ceIds = Map.of();
        long records = 0;
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !ceIds.keySet().containsAll(expected)) {
            List<ConsumerRecord<String, String>> read = Topics.readAll(env.get("KAFKA_BOOTSTRAP_SERVERS"),
                    "despacho.processos").stream().filter(r -> expected.contains(r.key())).toList();
            records = read.size();
            ceIds = read.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.mapping(
                    r -> new String(r.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8),
                    Collectors.toSet())));
        }
        long publishedMs = (System.nanoTime() - killedAt) / 1_000_000;
        assertThat(ceIds.keySet()).as("every acknowledged event published").containsAll(expected);
        assertThat(ceIds.values()).as("one record per event (copies only with the same ce_id)")
                .allSatisfy(perEvent -> assertThat(perEvent).hasSize(1));
        assertThat(rowsPerProcess(env, expected)).as("one row per process").isEqualTo(expected.size());
        long copies = records - ceIds.size();
        System.out.printf("FAILOVER: acknowledged %d (%d by the killed instance), stored %d, published %d,"
                + " redelivered copies (same ce_id) %d; every acknowledged event stored %d ms and published %d ms"
                + " after the SIGKILL%n", expected.size(), byDead, stored.size(), ceIds.size(), copies, takeOverMs,
                publishedMs);
    }

    static long storedPedidos(Map<String, String> env, long from, long to) throws Exception {
        try (Connection c = GracefulShutdownIT.connect(env); PreparedStatement ps = c.prepareStatement(
                "select count(*) from pedido where id >= ? and id < ?")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
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
