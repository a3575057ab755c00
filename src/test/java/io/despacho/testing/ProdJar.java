package io.despacho.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.despacho.dev.EmbeddedInfrastructure;

/**
 * Starts the packaged prod jar the way a deployment does: on the image's JVM ({@link ImageJvm}), configuration from
 * environment variables only.
 */
public final class ProdJar {

    /** Every variable of the configuration contract, cleared before a start so the test's own env cannot leak in. */
    public static final List<String> CONTRACT_VARIABLES = List.of("KAFKA_BOOTSTRAP_SERVERS",
            "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
            "DIGESTO_API_URL", "DIGESTO_API_TOKEN", "DIGESTO_WEBHOOK_TOKEN", "ANOREG_API_URL", "ANOREG_API_KEY",
            "ANOREG_API_SECRET", "ANOREG_USER_AGENT", "ANOREG_WEBHOOK_TOKEN", "DESPACHO_CONSOLE_ENABLED",
            "DESPACHO_CONSOLE_SESSION_KEY", "DESPACHO_READER_TOKEN", "DESPACHO_OPERATOR_TOKEN");

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private ProdJar() {
    }

    public static Process start(Path jar, Map<String, String> env, ProcessBuilder.Redirect output)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(ImageJvm.java().toString(), "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(output);
        CONTRACT_VARIABLES.forEach(builder.environment()::remove);
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Polls /q/health/ready until 200; returns the milliseconds it took, or -1 if the deadline passed first. */
    public static long awaitReady(Process process, int port, Duration deadline) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        URI ready = URI.create("http://localhost:" + port + "/q/health/ready");
        long started = System.nanoTime();
        while (System.nanoTime() - started < deadline.toNanos() && process.isAlive()) {
            try {
                if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return (System.nanoTime() - started) / 1_000_000;
                }
            } catch (IOException notYetListening) {
                // still starting
            }
            Thread.sleep(50);
        }
        return -1;
    }

    /** KAFKA_BOOTSTRAP_SERVERS and QUARKUS_DATASOURCE_* pointing at the embedded (or the environment's) services. */
    public static Map<String, String> infrastructureEnv() {
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

    /**
     * {@link #infrastructureEnv()} with QUARKUS_DATASOURCE_JDBC_URL pointing at a new, empty database of its own in
     * the same PostgreSQL (named after the prefix, this JVM and a counter).
     */
    public static Map<String, String> freshDatabaseEnv(String prefix) throws SQLException {
        Map<String, String> env = infrastructureEnv();
        String name = prefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(env.get("QUARKUS_DATASOURCE_JDBC_URL"),
                env.get("QUARKUS_DATASOURCE_USERNAME"), env.get("QUARKUS_DATASOURCE_PASSWORD"));
                Statement s = c.createStatement()) {
            s.execute("create database " + name);
        }
        env.put("QUARKUS_DATASOURCE_JDBC_URL", env.get("QUARKUS_DATASOURCE_JDBC_URL")
                .replaceFirst("/postgres(\\?|$)", "/" + name + "$1"));
        return env;
    }

    /** Resident set size of a process in KiB (Linux /proc), or -1 when unknown. */
    public static long rssKb(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            return java.nio.file.Files.readAllLines(status).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong).findFirst().orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
