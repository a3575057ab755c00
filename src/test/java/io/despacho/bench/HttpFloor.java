package io.despacho.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.despacho.testing.ImageJvm;
import io.despacho.testing.ProdJar;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The floor under any webhook ingress on this machine: a bare Vert.x HTTP server (no framework, no token, no
 * validation, no metrics) that parses the body with Jackson, sends each event of the array as a record with the
 * app's producer settings (acks=all, idempotence, linger.ms=5, lz4) and answers 202 once the broker has acknowledged
 * every one. Run in a JVM of its own like the app; the benchmark measures it beside the raw producer and the app, so
 * that the app's ratio can be read against what HTTP and JSON cost at all here.
 */
public final class HttpFloor {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[1]);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer());
        // as many event loops as Quarkus gives the app (2 x cores)
        Vertx.vertx().createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            Context context = Vertx.currentContext();
            try {
                JsonNode events = JSON.readTree(body.getBytes());
                if (!events.isArray() || events.isEmpty()) {
                    request.response().setStatusCode(400).end();
                    return;
                }
                AtomicInteger left = new AtomicInteger(events.size());
                AtomicBoolean failed = new AtomicBoolean();
                for (JsonNode event : events) {
                    String key = event.path("data").path("numero").asText(event.path("id").asText());
                    producer.send(new ProducerRecord<>("bench.floor", key, JSON.writeValueAsString(event)),
                            (metadata, failure) -> {
                                if (failure != null) {
                                    failed.set(true);
                                }
                                if (left.decrementAndGet() == 0) {
                                    context.runOnContext(ignored -> request.response()
                                            .setStatusCode(failed.get() ? 503 : 202).end());
                                }
                            });
                }
            } catch (Exception e) {
                request.response().setStatusCode(400).end();
            }
        })).listen(port).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        System.out.println("listening on " + port);
    }

    /** Starts the floor on the image's JVM and this class path; returns its process once it listens. */
    static IngressBenchmark.App start(String bootstrap, Path log) throws Exception {
        int port = ProdJar.freePort();
        List<String> command = List.of(ImageJvm.java().toString(), "-cp", System.getProperty("java.class.path"),
                HttpFloor.class.getName(), Integer.toString(port), bootstrap);
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        while (process.isAlive() && !Files.readString(log).contains("listening on")) {
            if (System.nanoTime() - started > TimeUnit.SECONDS.toNanos(60)) {
                process.destroyForcibly();
                throw new IllegalStateException("the HTTP floor did not listen in 60 s (" + log + ")");
            }
            Thread.sleep(50);
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("the HTTP floor exited at start (" + log + ")");
        }
        return new IngressBenchmark.App(process, port, (System.nanoTime() - started) / 1_000_000);
    }
}
