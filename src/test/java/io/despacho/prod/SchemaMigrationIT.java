package io.despacho.prod;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.despacho.shared.SchemaGate;
import io.despacho.testing.ProdJar;

/**
 * The migration as k8s/schema-migration-job.yaml runs it (the prod jar with QUARKUS_INIT_AND_EXIT: migrate, then
 * exit) and pods that do not migrate (QUARKUS_FLYWAY_MIGRATE_AT_START=false) waiting for it, each on a database of
 * its own.
 */
class SchemaMigrationIT {

    @Test
    void aPodThatDoesNotMigrateWaitsForTheMigrationRunAndStartsOnceItHasExited() throws Exception {
        Map<String, String> env = env();
        int port = ProdJar.freePort();
        Map<String, String> pod = new HashMap<>(env);
        pod.put("QUARKUS_FLYWAY_MIGRATE_AT_START", "false");
        pod.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        Path podLog = Files.createTempFile("schema-gate-pod", ".log");
        Process app = ProdJar.start(ProdJarIT.JAR, pod, ProcessBuilder.Redirect.to(podLog.toFile()));
        try {
            awaitLine(podLog, "Waiting for schema V" + SchemaGate.VERSION + " (the database has no migrated schema)");
            assertThat(ProdJar.awaitReady(app, port, Duration.ofSeconds(3))).as("not ready while it waits")
                    .isEqualTo(-1);
            assertThat(app.isAlive()).isTrue();
            assertThat(appliedVersion(env)).as("the pod did not migrate").isEqualTo(-1);

            // the migration run, with Kafka unreachable and misconfigured: it needs no Kafka client, and exits before
            // the HTTP server and the start-up observers (consumers, sweeps, StartupSummary's line) start
            Map<String, String> job = new HashMap<>(env);
            job.put("KAFKA_BOOTSTRAP_SERVERS", "localhost:1");
            job.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
            job.put("KAFKA_SSL_TRUSTSTORE_LOCATION", "/nonexistent/ca.p12");
            Path jobLog = Files.createTempFile("schema-migration", ".log");
            Process migration = migration(job, jobLog);
            assertThat(migration.waitFor(90, TimeUnit.SECONDS)).as("the migration exited").isTrue();
            String output = Files.readString(jobLog);
            assertThat(migration.exitValue()).as(output).isZero();
            assertThat(output).contains("Successfully applied").doesNotContain("Listening on", "Kafka: localhost:1");
            assertThat(appliedVersion(env)).isEqualTo(SchemaGate.VERSION);

            assertThat(ProdJar.awaitReady(app, port, Duration.ofSeconds(60))).as("ready once migrated").isPositive();
        } finally {
            app.destroy();
            app.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPodGivesUpAfterItsWaitNamingBothVersions() throws Exception {
        Map<String, String> env = env();
        try (Connection c = connect(env); Statement s = c.createStatement()) {
            // a database one migration behind this build
            s.execute("create table flyway_schema_history (installed_rank int primary key, version varchar(50),"
                    + " success boolean not null)");
            s.execute("insert into flyway_schema_history values (1, '" + (SchemaGate.VERSION - 1) + "', true),"
                    + " (2, '" + SchemaGate.VERSION + "', false)");
        }
        env.put("QUARKUS_FLYWAY_MIGRATE_AT_START", "false");
        env.put("DESPACHO_SCHEMA_WAIT_FOR", "2s");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(ProdJar.freePort()));
        Path log = Files.createTempFile("schema-gate-pod", ".log");
        Process app = ProdJar.start(ProdJarIT.JAR, env, ProcessBuilder.Redirect.to(log.toFile()));
        boolean exited = app.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            app.destroyForcibly();
        }
        assertThat(exited && app.exitValue() != 0).as("failed the start").isTrue();
        assertThat(Files.readString(log)).contains("The database has V" + (SchemaGate.VERSION - 1)
                + "; this build needs schema V" + SchemaGate.VERSION, "k8s/schema-migration-job.yaml");
    }

    static Process migration(Map<String, String> env, Path log) throws Exception {
        Map<String, String> job = new HashMap<>(env);
        job.put("QUARKUS_FLYWAY_MIGRATE_AT_START", "true");
        job.put("QUARKUS_INIT_AND_EXIT", "true");
        job.put("QUARKUS_HTTP_PORT", Integer.toString(ProdJar.freePort()));
        return ProdJar.start(ProdJarIT.JAR, job, ProcessBuilder.Redirect.to(log.toFile()));
    }

    /** The infrastructure with a fresh database of its own, and the webhook tokens a start needs. */
    static Map<String, String> env() throws SQLException {
        Map<String, String> env = ProdJar.freshDatabaseEnv("schema_it");
        env.put("DIGESTO_WEBHOOK_TOKEN", "schema-it-digesto-webhook-token");
        env.put("ANOREG_WEBHOOK_TOKEN", "schema-it-anoreg-webhook-token");
        return env;
    }

    static Connection connect(Map<String, String> env) throws SQLException {
        return DriverManager.getConnection(env.get("QUARKUS_DATASOURCE_JDBC_URL"),
                env.get("QUARKUS_DATASOURCE_USERNAME"), env.get("QUARKUS_DATASOURCE_PASSWORD"));
    }

    /** The highest version Flyway applied, or -1 when it never ran. */
    static int appliedVersion(Map<String, String> env) throws SQLException {
        try (Connection c = connect(env); Statement s = c.createStatement()) {
            try (ResultSet exists = s.executeQuery("select to_regclass('flyway_schema_history') is not null")) {
                if (!exists.next() || !exists.getBoolean(1)) {
                    return -1;
                }
            }
            try (ResultSet rs = s.executeQuery("select coalesce(max(version::int), -1) from flyway_schema_history"
                    + " where success")) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        }
    }

    static void awaitLine(Path log, String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains(line)) {
            assertThat(System.nanoTime()).as("'" + line + "' in the log within 60 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
