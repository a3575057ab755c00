package io.despacho.shared;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.OptionalInt;

import javax.sql.DataSource;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigMapping;

/**
 * Holds the start until the database schema is at least the one this build's migrations make. A Kubernetes pod
 * does not migrate (k8s/schema-migration-job.yaml does, once per release: Flyway at every start cost ~0.3 s,
 * docs/benchmark.md); a pod that starts before that Job has finished waits here, before the consumers, the outbox
 * sweep and the jobs start, instead of running on the old schema, and gives up after
 * {@code despacho.schema.wait-for} naming both versions. Where the app migrates at start (the default: dev, tests,
 * the plain image) it passes at once.
 */
public class SchemaGate {

    /** The highest {@code V<n>__} migration in src/main/resources/db/migration (SchemaGateTest keeps them equal). */
    public static final int VERSION = 6;

    private static final Logger LOG = Logger.getLogger(SchemaGate.class);
    private static final Duration POLL = Duration.ofSeconds(1);

    @ConfigMapping(prefix = "despacho.schema")
    public interface SchemaConfig {

        /** How long a start waits for the schema migration before it fails. */
        Duration waitFor();
    }

    // before every other start-up observer (the consumers' and the publisher's run at the default priority)
    void await(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event, DataSource dataSource,
            SchemaConfig config) throws InterruptedException {
        long deadline = System.nanoTime() + config.waitFor().toNanos();
        String found = null;
        while (true) {
            String now;
            try {
                OptionalInt applied = appliedVersion(dataSource);
                if (applied.isPresent() && applied.getAsInt() >= VERSION) {
                    return;
                }
                now = applied.isPresent() ? "V" + applied.getAsInt() : "no migrated schema";
            } catch (SQLException e) {
                now = "no answer from the database (" + e.getSQLState() + ")";
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The database has " + now + "; this build needs schema V" + VERSION
                        + ". Run the schema migration (k8s/schema-migration-job.yaml, or start one instance with"
                        + " QUARKUS_FLYWAY_MIGRATE_AT_START=true); waited " + config.waitFor().toSeconds() + " s.");
            }
            if (!now.equals(found)) {
                LOG.infof("Waiting for schema V%d (the database has %s): the schema migration has not run yet",
                        VERSION, now);
                found = now;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** The highest migration Flyway applied with success, or empty when it never ran here. */
    static OptionalInt appliedVersion(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            if (!exists(s)) {
                return OptionalInt.empty();
            }
            try (ResultSet rs = s.executeQuery("select max(version::int) from flyway_schema_history"
                    + " where success and version is not null")) {
                return rs.next() && rs.getObject(1) != null ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
            }
        }
    }

    private static boolean exists(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("select to_regclass('flyway_schema_history') is not null")) {
            return rs.next() && rs.getBoolean(1);
        }
    }
}
