package io.despacho.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.despacho.shared.Cnj;
import io.despacho.testing.DigestoStubs;
import io.despacho.testing.ProdJar;
import io.despacho.testing.TestCnj;

/**
 * One instance against two (bench/instances.sh, not part of ./mvnw verify): the same burst of Digesto evt-13 webhooks
 * (the process inline, no provider call) posted by 8 clients to one jar, then spread over two jars on the same
 * broker and database; events/s from the first post until every process is stored. Both jars share the machine's
 * cores with each other, the broker and PostgreSQL, so the ratio says what a second pod adds here, not on a cluster.
 */
public class InstancesBenchmark {

    public static void main(String[] args) throws Exception {
        IngressBenchmark.exitAfter(InstancesBenchmark::measure);
    }

    static void measure() throws Exception {
        int events = Integer.getInteger("bench.events", 2000);
        Path jar = Path.of(System.getProperty("bench.app", "target/quarkus-app/quarkus-run.jar"));
        double one = run(jar, 1, events);
        double two = run(jar, 2, events);
        System.out.printf("Despacho instances benchmark: %d evt-13 webhooks, 8 clients%n", events);
        System.out.printf("one instance: %.0f events/s stored; two instances: %.0f events/s stored; two ÷ one: %.2f%n",
                one, two, two / one);
    }

    static double run(Path jar, int instances, int events) throws Exception {
        List<IngressBenchmark.App> apps = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            apps.add(IngressBenchmark.startApp(jar, Map.of()));
        }
        Thread.sleep(3000); // every instance in the consumer groups
        List<String> cnjs = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            cnjs.add(TestCnj.next().digits());
        }
        long base = System.currentTimeMillis() * 1000 + 800_000_000L;
        AtomicInteger next = new AtomicInteger();
        HttpClient http = HttpClient.newHttpClient();
        long started = System.nanoTime();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            Thread client = new Thread(() -> {
                int i;
                while ((i = next.getAndIncrement()) < events) {
                    IngressBenchmark.App app = apps.get(i % apps.size());
                    Cnj cnj = Cnj.parse(cnjs.get(i)).orElseThrow();
                    try {
                        http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port()
                                + "/webhooks/digesto?token=" + IngressBenchmark.TOKEN))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(DigestoStubs.event(base + i, 13,
                                        DigestoStubs.process(cnj, "2016-05-03T18:25:01")))).build(),
                                HttpResponse.BodyHandlers.discarding());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            client.start();
            clients.add(client);
        }
        for (Thread client : clients) {
            client.join();
        }
        Map<String, String> env = ProdJar.infrastructureEnv();
        while (stored(env, cnjs) < events) {
            Thread.sleep(100);
        }
        double rate = events / ((System.nanoTime() - started) / 1e9);
        for (IngressBenchmark.App app : apps) {
            app.process().destroy();
            app.process().waitFor(45, TimeUnit.SECONDS);
        }
        return rate;
    }

    static long stored(Map<String, String> env, List<String> cnjs) throws Exception {
        try (Connection c = DriverManager.getConnection(env.get("QUARKUS_DATASOURCE_JDBC_URL"),
                env.get("QUARKUS_DATASOURCE_USERNAME"), env.get("QUARKUS_DATASOURCE_PASSWORD"));
                PreparedStatement ps = c.prepareStatement("select count(*) from processo where cnj = any(?)")) {
            ps.setArray(1, c.createArrayOf("varchar", cnjs.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
