package io.despacho.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import io.despacho.dev.EmbeddedInfrastructure;
import io.despacho.testing.ProdJar;

/**
 * Webhook ingress of the prod jar against the raw producer rate of the same broker, in one run.
 * <p>
 * Both sides do the same unit of work with the same concurrency: 12 Digesto events of the same size and keys made
 * durable with acks=all (idempotent producer), then the next 12. The ratio is what the HTTP layer, validation and
 * the messaging layer cost on top of Kafka itself. Run it with bench/ingress.sh.
 */
public final class IngressBenchmark {

    /** Long enough for the production guards (ProductionGuards: 24 characters at least). */
    static final String TOKEN = "benchmark-webhook-token-0001";

    static final int BATCH = 12;

    public static void main(String[] args) throws Exception {
        exitAfter(IngressBenchmark::measure);
    }

    interface Measurement {
        void run() throws Exception;
    }

    /** Runs a benchmark, then ends the JVM: the in-JVM broker's threads would keep it alive, also after a failure. */
    static void exitAfter(Measurement measurement) throws Exception {
        try {
            measurement.run();
        } finally {
            System.exit(0);
        }
    }

    static void measure() throws Exception {
        int clients = Integer.getInteger("bench.clients", 8);
        Duration warmup = Duration.ofSeconds(Integer.getInteger("bench.warmup.seconds", 10));
        Duration measure = Duration.ofSeconds(Integer.getInteger("bench.seconds", 20));
        Path app = Path.of(System.getProperty("bench.app", "target/quarkus-app/quarkus-run.jar"));

        Map<String, String> infra = EmbeddedInfrastructure.startOnce();
        String bootstrap = infra.getOrDefault("kafka.bootstrap.servers", System.getenv("KAFKA_BOOTSTRAP_SERVERS"));
        List<String> events = events();
        String body = "[" + String.join(",", events) + "]";
        int recordBytes = events.stream().mapToInt(String::length).sum() / events.size();

        App started = startApp(app);
        Process process = started.process();
        try {
            URI webhook = URI.create("http://localhost:" + started.port() + "/webhooks/digesto?token=" + TOKEN);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest request = HttpRequest.newBuilder(webhook).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();

            Result ingress;
            Result raw;
            try (KafkaProducer<String, String> producer = rawProducer(bootstrap)) {
                List<String> keys = events.stream().map(IngressBenchmark::keyOf).toList();
                Unit webhookUnit = () -> {
                    HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() != 202) {
                        throw new IllegalStateException("webhook answered " + response.statusCode());
                    }
                };
                Unit rawUnit = () -> {
                    List<Future<RecordMetadata>> acks = new ArrayList<>(BATCH);
                    for (int i = 0; i < BATCH; i++) {
                        acks.add(producer.send(new ProducerRecord<>("bench.raw", keys.get(i), events.get(i))));
                    }
                    for (Future<RecordMetadata> ack : acks) {
                        ack.get();
                    }
                };
                // warm both paths, then measure them one after the other on the same broker
                run(webhookUnit, clients, warmup);
                run(rawUnit, clients, warmup);
                ingress = run(webhookUnit, clients, measure);
                raw = run(rawUnit, clients, measure);
                producer.metrics().forEach((name, metric) -> {
                    if (name.group().equals("producer-metrics") && (name.name().equals("request-latency-avg")
                            || name.name().equals("record-queue-time-avg"))) {
                        System.out.printf("raw producer %s: %s ms%n", name.name(), metric.metricValue());
                    }
                });
            }
            System.out.printf("%nIngress benchmark: %d clients, batches of %d Digesto events (~%d bytes each), "
                    + "acks=all, %d s per side%n", clients, BATCH, recordBytes, measure.toSeconds());
            System.out.printf("%-44s %12s %12s %10s %10s%n", "", "batches/s", "events/s", "p50 ms", "p99 ms");
            print("webhook POST /webhooks/digesto (prod jar)", ingress);
            print("raw KafkaProducer, same records and acks", raw);
            System.out.printf("%-44s %12.2f%n", "ratio webhook / raw producer", ingress.perSecond() / raw.perSecond());
            // the app's own view (server-side request time, Kafka producer queue and request latency) for digging
            java.nio.file.Files.writeString(Path.of("target/bench-app-metrics.txt"), http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + started.port() + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    interface Unit {
        void run() throws Exception;
    }

    record Result(long units, long[] latenciesNanos, Duration duration) {
        double perSecond() {
            return units / (duration.toNanos() / 1e9);
        }

        double percentileMs(double p) {
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]
                    / 1e6;
        }
    }

    /** Closed loop: each client starts its next unit when the previous one is durable. */
    static Result run(Unit unit, int clients, Duration duration) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        CountDownLatch finished = new CountDownLatch(clients);
        long end = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            long[] mine = new long[2_000_000];
            latencies.add(mine);
            int client = c;
            Thread thread = new Thread(() -> {
                int n = 0;
                try {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        unit.run();
                        mine[n++] = System.nanoTime() - t0;
                        done.incrementAndGet();
                    }
                } catch (Exception e) {
                    System.err.println("client " + client + " failed: " + e);
                } finally {
                    mine[mine.length - 1] = n; // count kept in the last slot
                    finished.countDown();
                }
            }, "bench-client-" + c);
            thread.start();
        }
        finished.await();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        long[] all = latencies.stream().flatMapToLong(l -> Arrays.stream(l, 0, (int) l[l.length - 1])).toArray();
        return new Result(done.get(), all, took);
    }

    static void print(String name, Result result) {
        System.out.printf("%-44s %12.1f %12.1f %10.2f %10.2f%n", name, result.perSecond(), result.perSecond() * BATCH,
                result.percentileMs(0.50), result.percentileMs(0.99));
    }

    /**
     * Four processes (13, the README sample's process under four numbers) and eight events of other types. No 15/16:
     * their import would call the Digesto API, which this benchmark does not fake.
     */
    static List<String> events() {
        String[] cnjs = { "0016377-46.2015.8.07.0003", "0005326-62.2018.8.12.0110", "1003645-17.2016.8.26.0079",
                "0113708-39.2011.8.26.0100" };
        String process = """
                {"id": %d, "evt_type": 13, "created_at": {"$date": 1700000000000}, "target_number": "%s",
                 "data": {"numero": "%s", "tribunal": "TJDF", "uf": "DF", "processoID": 68089126, "valor": 50794.08,
                  "alteradoEm": "2016-05-03T18:25:01", "classeNatureza": "BUSCA E APREENSAO EM ALIENACAO FIDUCIARIA",
                  "partes": [[484618716, 26637223, "BANCO PAN S.A", "BANCO PAN SA", 59285411000385, null,
                    "59.285.411/0003-85", 70, "AUTOR", [["789", "ROSANGELA DA ROSA CORREA", "030820", "", "RS"]],
                    true, false, false, false]],
                  "movs": [["2014-08-18", "MANDADO EXPEDIDO", "Mandado cumprido - Ato negativo", "ANDREA GALHARDO PALMA",
                    7241345819, []]]}}""";
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            events.add(process.formatted(1000 + i, cnjs[i], cnjs[i]));
        }
        for (int i = 0; i < 4; i++) {
            events.add("{\"id\": %d, \"evt_type\": 7, \"data\": {\"status\": \"finished\", \"ref\": %d}}"
                    .formatted(2000 + i, 700 + i));
        }
        for (int i = 0; i < 4; i++) {
            events.add("{\"id\": %d, \"evt_type\": 2, \"data\": {\"status\": \"ok\"}}".formatted(3000 + i));
        }
        return events;
    }

    static String keyOf(String event) {
        int at = event.indexOf("\"numero\": \"");
        if (at >= 0) {
            return event.substring(at + 11, event.indexOf('"', at + 11)).replaceAll("\\D", "");
        }
        int vr = event.indexOf("\"vr_id\": ");
        if (vr >= 0) {
            return event.substring(vr + 9, event.indexOf('}', vr)).trim();
        }
        return event.substring(7, event.indexOf(','));
    }

    static KafkaProducer<String, String> rawProducer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5"); // as the app's inbound producer
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    record App(Process process, int port, long readyMs) {
    }

    static App startApp(Path jar) throws Exception {
        return startApp(jar, Map.of());
    }

    /**
     * The schema migration as k8s/schema-migration-job.yaml runs it: the prod jar migrates and exits. Returns the
     * milliseconds from process start to its exit.
     */
    static long migrateSchema(Path jar) throws Exception {
        Map<String, String> env = appEnv(ProdJar.freePort(), Map.of());
        env.put("QUARKUS_FLYWAY_MIGRATE_AT_START", "true");
        env.put("QUARKUS_INIT_AND_EXIT", "true");
        long started = System.nanoTime();
        Process process = ProdJar.start(jar, env, ProcessBuilder.Redirect.to(Path.of("target/bench-app.log").toFile()));
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("the schema migration did not exit with 0 in 60 s (target/bench-app.log)");
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** The prod jar on the embedded broker and database, with extra environment variables. */
    static App startApp(Path jar, Map<String, String> extraEnv) throws Exception {
        int port = ProdJar.freePort();
        Process process = ProdJar.start(jar, appEnv(port, extraEnv),
                ProcessBuilder.Redirect.to(Path.of("target/bench-app.log").toFile()));
        long readyMs = ProdJar.awaitReady(process, port, Duration.ofSeconds(60));
        if (readyMs < 0) {
            process.destroyForcibly();
            throw new IllegalStateException("the prod jar did not become ready in 60 s");
        }
        return new App(process, port, readyMs);
    }

    private static Map<String, String> appEnv(int port, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(ProdJar.infrastructureEnv());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("DIGESTO_WEBHOOK_TOKEN", TOKEN);
        env.put("ANOREG_WEBHOOK_TOKEN", TOKEN);
        env.put("QUARKUS_LOG_CATEGORY__IO_DESPACHO__LEVEL", "WARN");
        env.put("DIGESTO_API_URL", "http://localhost:" + ProdJar.freePort()); // never the real host
        env.putAll(extraEnv);
        // -Dbench.app.env=NAME=value,NAME=value: settings to compare, e.g. producer tuning
        for (String setting : System.getProperty("bench.app.env", "").split(",")) {
            if (setting.contains("=")) {
                env.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
            }
        }
        return env;
    }
}
