package io.despacho.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import io.despacho.dev.EmbeddedInfrastructure;
import io.despacho.testing.AotCache;
import io.despacho.testing.ImageJvm;
import io.despacho.testing.ProdJar;

/**
 * The whole benchmark of the prod jar in one run, each figure beside the limit it is measured against on the same
 * broker, at the same time: start-to-ready and RSS; webhook ingress (closed loop for the rate, fixed-rate open loop
 * for the latency, so a stall counts as latency instead of being omitted) against the raw producer; and end-to-end
 * webhook → provider (WireMock with a fixed delay) → stored → downstream at a fixed rate, against the provider's own
 * delay. Run with bench/run.sh, which adds the store benchmark (DigestoStoreBenchmark).
 */
public final class PipelineBenchmark {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The second end-to-end rate, printed in every run (issue 17). */
    static final int HIGH_E2E_RATE = Integer.getInteger("bench.e2e.high-rate", 100);
    /**
     * k8s/deployment.yaml's JAVA_OPTS as written there, with its memory limit given to the JVM as if it were the
     * machine's (-XX:MaxRAM). Read from the manifest so that the row cannot drift from what the pod runs.
     */
    static final String POD_JAVA_OPTIONS = podJavaOptions(Path.of("k8s/deployment.yaml"));
    /** The other variables the manifest sets to a value (QUARKUS_FLYWAY_MIGRATE_AT_START=false among them). */
    static final Map<String, String> POD_ENV = podEnv(Path.of("k8s/deployment.yaml"));

    /**
     * "Idle" RSS is read this long after ready (or after a load): what a quiet pod holds, once the collector had the
     * chance to give back what start or a burst took (the pod's periodic GC, k8s/deployment.yaml).
     */
    static final int IDLE_SECONDS = Integer.getInteger("bench.idle.seconds", 15);

    static long idleRssKb(Process process) throws InterruptedException {
        Thread.sleep(IDLE_SECONDS * 1000L);
        return ProdJar.rssKb(process.pid());
    }

    static String podJavaOptions(Path deployment) {
        try {
            Matcher limit = Pattern.compile("limits:\\s+memory: (\\d+)Mi").matcher(Files.readString(deployment));
            String options = manifestEnv(deployment).get("JAVA_OPTS");
            if (options == null || !limit.find()) {
                throw new IllegalStateException(deployment + ": no JAVA_OPTS or memory limit in Mi");
            }
            return "-XX:MaxRAM=" + limit.group(1) + "m " + options;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> podEnv(Path deployment) {
        Map<String, String> env = manifestEnv(deployment);
        env.remove("JAVA_OPTS"); // POD_JAVA_OPTIONS
        return env;
    }

    /** The benchmark's own variables with the manifest's, and the given Java options. */
    static Map<String, String> asThePod(Map<String, String> env, String javaOptions) {
        Map<String, String> podEnv = new HashMap<>(env);
        podEnv.putAll(POD_ENV);
        podEnv.put("JAVA_TOOL_OPTIONS", javaOptions);
        return podEnv;
    }

    /** Cold starts of the pod one way: each one's start-to-ready, and the memory of the one asked for. */
    static final class PodStarts {
        private final List<Long> readyMs = new ArrayList<>();
        private long rssKb;
        private long idleRssKb;

        void start(Path jar, Map<String, String> env, boolean measureMemory) throws Exception {
            IngressBenchmark.App pod = IngressBenchmark.startApp(jar, env);
            readyMs.add(pod.readyMs());
            if (measureMemory) {
                rssKb = ProdJar.rssKb(pod.process().pid());
                idleRssKb = idleRssKb(pod.process());
            }
            pod.process().destroy();
            pod.process().waitFor(30, TimeUnit.SECONDS);
        }

        /** Median start / RSS at ready / after the idle time. */
        String figures() {
            return readyMs.stream().sorted().toList().get(readyMs.size() / 2) + " / " + rssKb / 1024 + " / "
                    + idleRssKb / 1024;
        }

        String range() {
            return "min " + readyMs.stream().min(Long::compare).orElseThrow() + ", max "
                    + readyMs.stream().max(Long::compare).orElseThrow();
        }

        @Override
        public String toString() {
            return figures() + " ms / MiB / MiB (" + range() + ")";
        }
    }

    /** The variables the manifest sets to a literal value. */
    static Map<String, String> manifestEnv(Path deployment) {
        try {
            Map<String, String> env = new java.util.TreeMap<>();
            Matcher variable = Pattern.compile("- name: ([A-Z0-9_]+)\\s+value: (.+)")
                    .matcher(Files.readString(deployment));
            while (variable.find()) {
                env.put(variable.group(1), variable.group(2).strip().replaceAll("^\"|\"$", ""));
            }
            return env;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        IngressBenchmark.exitAfter(PipelineBenchmark::measure);
    }

    static void measure() throws Exception {
        int clients = Integer.getInteger("bench.clients", 8);
        Duration measure = Duration.ofSeconds(Integer.getInteger("bench.seconds", 15));
        int e2eRate = Integer.getInteger("bench.e2e.rate", 20);
        int providerDelayMs = Integer.getInteger("bench.provider.delay.ms", 50);
        Path jar = Path.of(System.getProperty("bench.app", "target/quarkus-app/quarkus-run.jar"));

        Map<String, String> infra = EmbeddedInfrastructure.startOnce();
        String bootstrap = infra.getOrDefault("kafka.bootstrap.servers", System.getenv("KAFKA_BOOTSTRAP_SERVERS"));
        WireMockServer digesto = digestoWithFixedDelay(providerDelayMs);
        Map<String, String> env = Map.of("DIGESTO_API_URL", digesto.baseUrl() + "/digesto", "DIGESTO_API_TOKEN",
                "bench");

        if (Boolean.getBoolean("bench.e2eOnly")) {
            // quick A/B of the end-to-end phase alone (no cold starts, no ingress)
            IngressBenchmark.App app = IngressBenchmark.startApp(jar, env);
            try {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                endToEndRows(app, digesto.baseUrl(), http, bootstrap, measure, e2eRate, providerDelayMs)
                        .forEach(System.out::println);
                // what the memory does once the bursts are over (run with the pod's options to see them hold)
                long afterKb = ProdJar.rssKb(app.process().pid());
                System.out.printf("%-58s %14s%n", "app RSS MiB after the phases / after " + IDLE_SECONDS + " s idle",
                        afterKb / 1024 + " / " + idleRssKb(app.process()) / 1024);
            } finally {
                app.process().destroy();
                app.process().waitFor(30, TimeUnit.SECONDS);
                digesto.stop();
            }
            return;
        }

        // 0. the schema migration, as k8s/schema-migration-job.yaml runs it before the pods start
        long migrationMs = IngressBenchmark.migrateSchema(jar);

        if (Boolean.getBoolean("bench.ingressOnly")) {
            // quick A/B of the ingress rows alone: consumers working beside them (as in the full run), then idle,
            // with the HTTP floor
            IngressBenchmark.App app = IngressBenchmark.startApp(jar, env);
            try (KafkaProducer<String, String> producer = IngressBenchmark.rawProducer(bootstrap)) {
                IngressPhase phase = IngressPhase.measure(app, IngressLoad.against(app,
                        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), producer), clients,
                        measure);
                phase.rows(clients).forEach(System.out::println);
                System.out.printf("%-58s %14s%n", "app CPU during the ingress rate phase, by threads",
                        phase.cpu().summary());
                app.process().destroy();
                app.process().waitFor(30, TimeUnit.SECONDS);
                webhookRoadAlone(jar, env, bootstrap, producer, clients, measure, phase.rate())
                        .forEach(System.out::println);
            } finally {
                app.process().destroy();
                app.process().waitFor(30, TimeUnit.SECONDS);
                digesto.stop();
            }
            return;
        }

        // 1. start-to-ready, three cold starts of the jar
        long[] startMs = new long[3];
        for (int i = 0; i < startMs.length; i++) {
            IngressBenchmark.App app = IngressBenchmark.startApp(jar, env);
            startMs[i] = app.readyMs();
            app.process().destroy();
            app.process().waitFor(30, TimeUnit.SECONDS);
        }
        Arrays.sort(startMs);
        // the same jar as k8s/deployment.yaml runs it: its JAVA_OPTS under its 768 MiB limit (the heap is sized from
        // the limit, not from this machine's memory) and its variables (no migration at start: step 0 made the
        // schema); three cold starts with the image's AOT cache (written by docker/aot-training.sh
        // as docker/Dockerfile.jvm's training stage runs it) and three without, alternating; the memory of the last
        long trainingStarted = System.nanoTime();
        Path cache = AotCache.train(jar, POD_JAVA_OPTIONS, Path.of("target/app.aot").toAbsolutePath());
        long trainingMs = (System.nanoTime() - trainingStarted) / 1_000_000;
        PodStarts pod = new PodStarts();
        PodStarts podWithoutCache = new PodStarts();
        for (int i = 0; i < 3; i++) {
            pod.start(jar, asThePod(env, "-XX:AOTCache=" + cache + " " + POD_JAVA_OPTIONS), i == 2);
            podWithoutCache.start(jar, asThePod(env, POD_JAVA_OPTIONS), i == 2);
        }

        IngressBenchmark.App app = IngressBenchmark.startApp(jar, env);
        long rssReadyKb = ProdJar.rssKb(app.process().pid());
        long rssIdleKb = idleRssKb(app.process());
        if (Boolean.getBoolean("bench.startOnly")) {
            // bench/start.sh: what an extension costs at start, without the load that follows
            System.out.printf("prod jar start-to-ready ms (median of 3) %d (min %d, max %d); RSS MiB at ready %d, after"
                    + " %d s idle %d; as the pod runs it %s; without the AOT cache %s; AOT training run %d ms;"
                    + " schema migration %d ms%n", startMs[1], startMs[0], startMs[2], rssReadyKb / 1024,
                    IDLE_SECONDS, rssIdleKb / 1024, pod, podWithoutCache, trainingMs, migrationMs);
            // time to look inside the idle app (jcmd PID VM.native_memory summary, with -XX:NativeMemoryTracking)
            Thread.sleep(Integer.getInteger("bench.startOnly.holdSeconds", 0) * 1000L);
            app.process().destroy();
            app.process().waitFor(30, TimeUnit.SECONDS);
            return;
        }
        try (KafkaProducer<String, String> producer = IngressBenchmark.rawProducer(bootstrap)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            IngressLoad load = IngressLoad.against(app, http, producer);

            // 2. and 3. ingress rate and ack latency, webhook vs raw producer; the app's CPU by thread group
            IngressPhase ingress = IngressPhase.measure(app, load, clients, measure);

            // the consumers work off what the ingress phases left (mostly repeats) before the end-to-end phase starts
            long backlog = lag(bootstrap);
            long catchUpStart = System.nanoTime();
            while (lag(bootstrap) > 0 && System.nanoTime() - catchUpStart < TimeUnit.MINUTES.toNanos(10)) {
                Thread.sleep(500);
            }
            double catchUpSeconds = (System.nanoTime() - catchUpStart) / 1e9;

            // 4. end to end at fixed rates (the given one, then 100/s), printed after the table's other rows
            List<String> endToEnd = endToEndRows(app, digesto.baseUrl(), http, bootstrap, measure, e2eRate,
                    providerDelayMs);
            long rssLoadedKb = ProdJar.rssKb(app.process().pid());

            // 5. the same ingress measures on an app whose consumers are idle: what the consumers' work on the same
            // cores costs the webhooks (the app above stops first, or its consumers would take these events)
            app.process().destroy();
            app.process().waitFor(30, TimeUnit.SECONDS);
            List<String> alone;
            try {
                alone = webhookRoadAlone(jar, env, bootstrap, producer, clients, measure, ingress.rate());
            } catch (Exception e) { // the rows measured above are still printed
                alone = List.of("the same, consumers idle: not measured (" + e + ")");
            }

            System.out.printf("%nDespacho benchmark (prod jar on %s, in-JVM KRaft broker + PostgreSQL 14, 2 cores shared"
                    + " by everything; ratios are the figures to compare)%n", ImageJvm.java());
            System.out.printf("%-58s %14s %14s %8s%n", "measure", "despacho", "limit", "ratio");
            ingress.rows(clients).forEach(System.out::println);
            endToEnd.forEach(System.out::println);
            System.out.printf("%-58s %14s %14s%n", "app CPU during the ingress rate phase, by threads",
                    ingress.cpu().summary(), "");
            alone.forEach(System.out::println);
            // under a second the lag was mostly offsets not yet committed (commits are throttled), not work left
            System.out.printf("%-58s %14s %14s%n", "consumer: events/s working off the ingress backlog",
                    catchUpSeconds < 1 ? "drained < 1 s" : String.format("%.0f", backlog / catchUpSeconds),
                    backlog + " events");
            System.out.printf("%-58s %14d %14s%n", "prod jar start-to-ready ms (median of 3)", startMs[1],
                    "min " + startMs[0] + ", max " + startMs[2]);
            System.out.printf("%-58s %14s %14s%n", "prod jar RSS MiB at ready / after " + IDLE_SECONDS
                    + " s idle / after the load", rssReadyKb / 1024 + " / " + rssIdleKb / 1024,
                    Long.toString(rssLoadedKb / 1024));
            System.out.printf("%-58s %14s %14s%n", "prod jar as the pod runs it: start ms (median of 3) / RSS MiB at"
                    + " ready / after " + IDLE_SECONDS + " s idle", pod.figures(), pod.range()
                    + " (image's AOT cache; " + POD_JAVA_OPTIONS + "; " + POD_ENV + ")");
            System.out.printf("%-58s %14s %14s%n", "the same without the AOT cache (alternating with the above)",
                    podWithoutCache.figures(), podWithoutCache.range());
            System.out.printf("%-58s %14d %14s%n", "AOT cache training run (docker/aot-training.sh) ms", trainingMs,
                    Files.size(cache) / (1024 * 1024) + " MiB cache");
            System.out.printf("%-58s %14d %14s%n", "schema migration as the Job runs it (migrate, exit) ms",
                    migrationMs, "(fresh database)");
        } finally {
            app.process().destroy();
            app.process().waitFor(30, TimeUnit.SECONDS);
            digesto.stop();
        }
    }

    /**
     * The ingress rate, closed loop (IngressBenchmark), webhook against raw producer, with the app's CPU by thread
     * group meanwhile; then the ack latency of both at a fixed rate, half the webhook's closed-loop rate.
     */
    record IngressPhase(IngressBenchmark.Result ingress, IngressBenchmark.Result raw, ThreadCpu.Share cpu, int rate,
            Latencies webhookAck, Latencies rawAck) {

        static IngressPhase measure(IngressBenchmark.App app, IngressLoad load, int clients, Duration measure)
                throws Exception {
            IngressBenchmark.run(load.webhook(), clients, Duration.ofSeconds(5));
            IngressBenchmark.run(load.raw(), clients, Duration.ofSeconds(5));
            IngressBenchmark.Result[] ingress = new IngressBenchmark.Result[1];
            ThreadCpu.Share cpu = ThreadCpu.during(app.process().pid(),
                    () -> ingress[0] = IngressBenchmark.run(load.webhook(), clients, measure));
            IngressBenchmark.Result raw = IngressBenchmark.run(load.raw(), clients, measure);
            int rate = (int) Math.max(10, ingress[0].perSecond() / 2);
            return new IngressPhase(ingress[0], raw, cpu, rate, load.webhookAcks(rate, measure),
                    load.rawAcks(rate, measure));
        }

        List<String> rows(int clients) {
            return List.of(
                    rowText("ingress events/s (closed loop, " + clients + " clients, 12/batch)",
                            ingress.perSecond() * 12, raw.perSecond() * 12, "raw KafkaProducer acks=all", false),
                    rowText("ingress ack p50 ms at " + rate + " batches/s (fixed rate)", webhookAck.percentileMs(0.50),
                            rawAck.percentileMs(0.50), "raw, same rate", true),
                    rowText("ingress ack p99 ms at " + rate + " batches/s (fixed rate)", webhookAck.percentileMs(0.99),
                            rawAck.percentileMs(0.99), "raw, same rate", true));
        }
    }

    /** The ingress benchmark's batch of 12 Digesto events against one app, as a webhook and as raw producer sends. */
    record IngressLoad(HttpClient http, HttpRequest batch, KafkaProducer<String, String> producer, List<String> keys,
            List<String> events) {

        static IngressLoad against(IngressBenchmark.App app, HttpClient http, KafkaProducer<String, String> producer) {
            List<String> events = IngressBenchmark.events();
            HttpRequest batch = HttpRequest.newBuilder(URI.create("http://localhost:" + app.port()
                    + "/webhooks/digesto?token=" + IngressBenchmark.TOKEN)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("[" + String.join(",", events) + "]")).build();
            return new IngressLoad(http, batch, producer, events.stream().map(IngressBenchmark::keyOf).toList(),
                    events);
        }

        IngressBenchmark.Unit webhook() {
            return () -> expect202(http.send(batch, HttpResponse.BodyHandlers.discarding()));
        }

        IngressBenchmark.Unit raw() {
            return () -> rawBatch(producer, keys, events).get();
        }

        /** Open loop at a fixed rate: a stall counts from the moment a batch was due. */
        Latencies webhookAcks(int rate, Duration measure) throws InterruptedException {
            return fixedRate(rate, measure, n -> http.sendAsync(batch, HttpResponse.BodyHandlers.discarding())
                    .thenAccept(PipelineBenchmark::expect202));
        }

        Latencies rawAcks(int rate, Duration measure) throws InterruptedException {
            return fixedRate(rate, measure, n -> rawBatch(producer, keys, events));
        }
    }

    /**
     * The ingress rate and ack rows again on a fresh app whose consumers listen to an empty topic, so that nothing
     * but the webhooks (HTTP, validation, the producer) runs in it; the raw producer measured again beside it.
     */
    static List<String> webhookRoadAlone(Path jar, Map<String, String> env, String bootstrap,
            KafkaProducer<String, String> producer, int clients, Duration measure, int rate) throws Exception {
        Map<String, String> idleConsumers = new HashMap<>(env);
        idleConsumers.put("MP_MESSAGING_INCOMING_DIGESTO_INBOUND_TOPIC", "bench.idle");
        IngressBenchmark.App app = IngressBenchmark.startApp(jar, idleConsumers);
        IngressBenchmark.App floor = null;
        try {
            floor = HttpFloor.start(bootstrap, Path.of("target/bench-floor.log"));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            IngressLoad load = IngressLoad.against(app, http, producer);
            IngressLoad floorLoad = IngressLoad.against(floor, http, producer);
            IngressBenchmark.run(load.webhook(), clients, Duration.ofSeconds(5));
            IngressBenchmark.run(floorLoad.webhook(), clients, Duration.ofSeconds(5));
            IngressBenchmark.Result[] ingress = new IngressBenchmark.Result[1];
            ThreadCpu.Share cpu = ThreadCpu.during(app.process().pid(), () -> ingress[0] =
                    IngressBenchmark.run(load.webhook(), clients, measure));
            IngressBenchmark.Result raw = IngressBenchmark.run(load.raw(), clients, measure);
            IngressBenchmark.Result floorIngress = IngressBenchmark.run(floorLoad.webhook(), clients, measure);
            Latencies webhookAck = load.webhookAcks(rate, measure);
            Latencies rawAck = load.rawAcks(rate, measure);
            Latencies floorAck = floorLoad.webhookAcks(rate, measure);
            return List.of(
                    rowText("the same, consumers idle: ingress events/s", ingress[0].perSecond() * 12,
                            raw.perSecond() * 12, "raw, measured again", false),
                    rowText("the same, consumers idle: ack p50 ms at " + rate + " batches/s",
                            webhookAck.percentileMs(0.50), rawAck.percentileMs(0.50), "raw, same rate", true),
                    rowText("the same, consumers idle: ack p99 ms at " + rate + " batches/s",
                            webhookAck.percentileMs(0.99), rawAck.percentileMs(0.99), "raw, same rate", true),
                    String.format("%-58s %14s", "app CPU during that ingress rate phase, by threads", cpu.summary()),
                    // the floor: what HTTP + JSON + the same producer cost with no framework (HttpFloor)
                    rowText("HTTP floor (bare Vert.x + Jackson + the producer): events/s", floorIngress.perSecond()
                            * 12, raw.perSecond() * 12, "raw, measured again", false),
                    rowText("HTTP floor: ack p50 ms at " + rate + " batches/s", floorAck.percentileMs(0.50),
                            rawAck.percentileMs(0.50), "raw, same rate", true),
                    rowText("HTTP floor: ack p99 ms at " + rate + " batches/s", floorAck.percentileMs(0.99),
                            rawAck.percentileMs(0.99), "raw, same rate", true),
                    rowText("consumers idle: the app's ingress events/s ÷ the floor's", ingress[0].perSecond() * 12,
                            floorIngress.perSecond() * 12, "HTTP floor, same phase", false));
        } finally {
            app.process().destroy();
            app.process().waitFor(30, TimeUnit.SECONDS);
            if (floor != null) {
                floor.process().destroy();
                floor.process().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * End to end at fixed rates (the given one, then {@link #HIGH_E2E_RATE}): evt 16 → GET report + POST page (the
     * provider's delay each) → stored → published; the table's rows, with where the mean time went.
     */
    static List<String> endToEndRows(IngressBenchmark.App app, String digestoBase, HttpClient http, String bootstrap,
            Duration measure, int e2eRate, int providerDelayMs) throws Exception {
        URI webhook = URI.create("http://localhost:" + app.port() + "/webhooks/digesto?token=" + IngressBenchmark.TOKEN);
        List<String> rows = new ArrayList<>();
        try (FinishedReports finished = new FinishedReports(bootstrap)) {
            AtomicLong reports = new AtomicLong(System.currentTimeMillis() % 100_000_000L * 1000);
            AtomicLong eventIds = new AtomicLong(System.currentTimeMillis() * 1000);
            AtomicLong notAccepted = new AtomicLong();
            LongFunction<CompletableFuture<?>> unit = n -> {
                long report = reports.incrementAndGet();
                CompletableFuture<Void> done = finished.await(report);
                HttpRequest event = HttpRequest.newBuilder(webhook).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("[{\"id\": " + eventIds.incrementAndGet()
                                + ", \"evt_type\": 16, \"data\": {\"status\": \"finished\", \"vr_id\": " + report
                                + "}}]")).build();
                http.sendAsync(event, HttpResponse.BodyHandlers.discarding()).whenComplete((answer, failure) -> {
                    if (failure != null || answer.statusCode() != 202) {
                        notAccepted.incrementAndGet(); // never acknowledged: the app owes it nothing
                    }
                });
                return done;
            };
            for (int rate : new java.util.TreeSet<>(List.of(e2eRate, HIGH_E2E_RATE))) {
                LongFunction<CompletableFuture<?>> providerUnit = n -> providerAlone(http, digestoBase,
                        reports.incrementAndGet());
                fixedRate(rate, Duration.ofSeconds(3), providerUnit); // its warm-up: connections, JIT
                Latencies provider = fixedRate(rate, measure, providerUnit);
                rows.add(String.format("%-58s %s", "provider alone p50 / p90 / p99 ms at " + rate + "/s",
                        String.format("%.0f / %.0f / %.0f (its 2 calls in turn from a plain client; no app)",
                                provider.percentileMs(0.5), provider.percentileMs(0.9), provider.percentileMs(0.99))));
                // warm-up: first calls, connections, JIT (longer in bench.e2eOnly runs, whose app starts cold)
                fixedRate(rate, Duration.ofSeconds(Integer.getInteger("bench.e2e.warmup", 5)), unit);
                AppMetrics before = AppMetrics.scrape(http, app.port());
                notAccepted.set(0);
                Latencies[] result = new Latencies[1];
                ThreadCpu.Share cpu = ThreadCpu.during(app.process().pid(),
                        () -> result[0] = fixedRate(rate, measure, unit));
                Latencies measured = result[0];
                String where = breakdown(before, AppMetrics.scrape(http, app.port()), measured);
                for (double p : new double[] { 0.50, 0.90, 0.99 }) {
                    rows.add(rowText(String.format("end-to-end p%.0f ms at %d reports/s (webhook→stored→published)",
                            p * 100, rate), measured.percentileMs(p), 2.0 * providerDelayMs,
                            "2 provider calls x " + providerDelayMs + " ms", true));
                }
                rows.add(String.format("%-58s %14d %14s   (webhooks not answered 202: %d)",
                        "end-to-end reports completed / sent at " + rate + "/s", measured.completed(),
                        Long.toString(measured.sent()), notAccepted.get()));
                rows.add(String.format("%-58s %s", "end-to-end mean ms at " + rate + "/s, where it went", where));
                rows.add(String.format("%-58s %s", "app CPU during the end to end at " + rate + "/s, by threads",
                        cpu.summary()));
            }
        }
        return rows;
    }

    /**
     * The provider's own time for one report, the baseline of the end-to-end rows: the same two calls the app makes
     * (the report's metadata, then its one page), one after the other, from a plain HTTP client to the same WireMock
     * at the same rate, so that the box's load on WireMock and on the client is in the baseline too.
     */
    static CompletableFuture<?> providerAlone(HttpClient http, String digestoBase, long report) {
        URI metadata = URI.create(digestoBase + "/digesto/api/virtual_report/" + report);
        HttpRequest page = HttpRequest.newBuilder(URI.create(metadata + "/final"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"filter\": {}, \"sort\": [], \"page\": 1, \"itemsPerPage\": 100}")).build();
        return http.sendAsync(HttpRequest.newBuilder(metadata).build(), HttpResponse.BodyHandlers.ofString())
                .thenCompose(answer -> http.sendAsync(page, HttpResponse.BodyHandlers.ofString()));
    }

    /**
     * Where a report's end-to-end time went, as means over the phase from the app's own timers: the webhook's server
     * time, Kafka to the lane (received → the lane starts it), the provider calls, publishing (outbox read, Kafka
     * acknowledgement, mark), the rest of the processing (database, mapping), and what lies outside the app (the
     * webhook's client side, the subscriber's fetch).
     */
    static String breakdown(AppMetrics before, AppMetrics after, Latencies measured) {
        String digesto = "provider=\"digesto\"";
        double events = after.countSince(before, "despacho_events_processing_seconds", digesto);
        double webhook = after.meanMsSince(before, "http_server_requests_seconds", "uri=\"/webhooks/digesto\"");
        double endToEnd = after.meanMsSince(before, "despacho_events_end_to_end_seconds", digesto);
        double processing = after.meanMsSince(before, "despacho_events_processing_seconds", digesto);
        // the report's page call is on the event's road; its metadata call runs alongside it (ReportImporter)
        double pages = after.totalMsSince(before, "despacho_provider_calls_seconds", events, digesto,
                "call=\"POST /api/virtual_report/final\"");
        double metadata = after.totalMsSince(before, "despacho_provider_calls_seconds", events, digesto,
                "call=\"GET /api/virtual_report\"");
        double publish = after.totalMsSince(before, "despacho_outbox_publish_seconds", events);
        double outside = measured.meanMs() - endToEnd;
        return String.format("%.0f = received to lane %.0f (webhook answer %.0f of it) + page call %.0f (metadata"
                + " call %.0f alongside it) + publishing %.0f + rest of processing %.0f + outside the app (client,"
                + " subscriber) %.0f", measured.meanMs(), endToEnd - processing, webhook, pages, metadata, publish,
                processing - pages - publish, outside);
    }

    /** Records of despacho.inbound.digesto the app's consumer group has not committed yet. */
    static long lag(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("despacho-digesto")
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of("despacho.inbound.digesto")).allTopicNames().get()
                    .get("despacho.inbound.digesto").partitions()
                    .forEach(p -> latest.put(new TopicPartition("despacho.inbound.digesto", p.partition()),
                            OffsetSpec.latest()));
            long lag = 0;
            for (var end : admin.listOffsets(latest).all().get().entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                lag += end.getValue().offset() - (done == null ? 0 : done.offset());
            }
            return lag;
        }
    }

    /** Ratio is value/limit for rates, limit/value for times, so 1.0 is the limit and lower is further from it. */
    static String rowText(String name, double value, double limit, String limitName, boolean time) {
        double ratio = time ? limit / value : value / limit;
        return String.format("%-58s %14.2f %14.2f %8.3f   (limit: %s)", name, value, limit, ratio, limitName);
    }

    static void expect202(HttpResponse<?> response) {
        if (response.statusCode() != 202) {
            throw new IllegalStateException("webhook answered " + response.statusCode());
        }
    }

    static CompletableFuture<Void> rawBatch(KafkaProducer<String, String> producer, List<String> keys,
            List<String> events) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            producer.send(new ProducerRecord<>("bench.raw", keys.get(i), events.get(i)), (metadata, e) -> {
                if (e != null) {
                    ack.completeExceptionally(e);
                } else {
                    ack.complete(null);
                }
            });
            acks.add(ack);
        }
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
    }

    record Latencies(long[] micros, long sent, long completed) {
        double meanMs() {
            return Arrays.stream(micros).average().orElse(Double.NaN) / 1000.0;
        }

        double percentileMs(double p) {
            long[] sorted = micros.clone();
            Arrays.sort(sorted);
            return sorted.length == 0 ? Double.NaN
                    : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1000.0;
        }
    }

    /**
     * Open loop: unit n is started at start + n/rate whatever happened to the earlier ones; its latency runs from
     * that scheduled moment to its completion. Units still open 30 s after the last one was started count as lost.
     */
    static Latencies fixedRate(int perSecond, Duration duration, LongFunction<CompletableFuture<?>> unit)
            throws InterruptedException {
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        long period = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long total = duration.toSeconds() * perSecond;
        long start = System.nanoTime();
        AtomicLong started = new AtomicLong();
        List<CompletableFuture<?>> all = new ArrayList<>();
        clock.scheduleAtFixedRate(() -> {
            long n = started.getAndIncrement();
            if (n >= total) {
                return;
            }
            long scheduled = start + n * period;
            CompletableFuture<?> future = unit.apply(n);
            synchronized (all) {
                all.add(future.whenComplete((ok, e) -> {
                    if (e == null) {
                        latencies.add((System.nanoTime() - scheduled) / 1000);
                    }
                }));
            }
        }, 0, period, TimeUnit.NANOSECONDS);
        while (started.get() < total) {
            Thread.sleep(50);
        }
        clock.shutdown();
        CompletableFuture<?>[] futures;
        synchronized (all) {
            futures = all.toArray(CompletableFuture[]::new);
        }
        try {
            CompletableFuture.allOf(futures).get(30, TimeUnit.SECONDS);
        } catch (Exception someFailedOrLate) {
            // counted below
        }
        return new Latencies(latencies.stream().mapToLong(Long::longValue).toArray(), total, latencies.size());
    }

    /** Watches despacho.relatorios and completes the wait of a report when its FINISHED record arrives. */
    static final class FinishedReports implements AutoCloseable {
        private final Map<Long, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread poller;

        FinishedReports(String bootstrap) throws InterruptedException {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
            KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                    new StringDeserializer());
            consumer.subscribe(List.of("despacho.relatorios"));
            CompletableFuture<Void> assigned = new CompletableFuture<>();
            poller = new Thread(() -> {
                try (consumer) {
                    while (running.get()) {
                        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(20))) {
                            finished(r.value());
                        }
                        if (!consumer.assignment().isEmpty()) {
                            assigned.complete(null);
                        }
                    }
                }
            }, "bench-relatorios");
            poller.start();
            try {
                assigned.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("no assignment on despacho.relatorios", e);
            }
        }

        CompletableFuture<Void> await(long report) {
            return waiting.computeIfAbsent(report, r -> new CompletableFuture<>());
        }

        private void finished(String value) {
            try {
                JsonNode record = JSON.readTree(value);
                if ("FINISHED".equals(record.path("status").asText())) {
                    await(record.path("id").asLong()).complete(null);
                }
            } catch (Exception ignored) {
                // not a report record
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            poller.join(5000);
        }
    }

    /** Digesto's virtual-report API: metadata and pages of 2 processes, each answer after a fixed delay. */
    static WireMockServer digestoWithFixedDelay(int delayMs) throws Exception {
        try (InputStream in = PipelineBenchmark.class.getResourceAsStream("/sandbox/digesto-virtual-report-final.json")) {
            ReportPages.sample = JSON.readTree(in).at("/data/hits/hits/0/_source");
        }
        WireMockServer server = new WireMockServer(options().dynamicPort().containerThreads(50)
                .extensions(new ReportPages()));
        server.start();
        server.stubFor(get(urlPathMatching("/digesto/api/virtual_report/\\d+")).willReturn(aResponse()
                .withFixedDelay(delayMs).withHeader("Content-Type", "application/json")
                .withBody("{\"name\": \"bench\", \"progress\": 100}")));
        server.stubFor(post(urlPathMatching("/digesto/api/virtual_report/\\d+/final")).willReturn(aResponse()
                .withFixedDelay(delayMs).withTransformers("report-pages").withTransformerParameter("size", 2)));
        return server;
    }
}
