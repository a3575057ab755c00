package io.despacho.operations;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

import io.smallrye.health.api.HealthGroup;

/**
 * PostgreSQL, at /q/health/group/storage — deliberately not part of readiness: webhooks need only Kafka, and while
 * the database is away the consumers wait and retry. Taking every pod out of the Service then would turn a database
 * outage into refused webhooks.
 */
@HealthGroup("storage")
@ApplicationScoped
public class DatabaseHealth implements HealthCheck {

    private static final int VALID_TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;

    public DatabaseHealth(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public HealthCheckResponse call() {
        try (Connection connection = dataSource.getConnection()) {
            return HealthCheckResponse.named("PostgreSQL").status(connection.isValid(VALID_TIMEOUT_SECONDS)).build();
        } catch (SQLException e) {
            return HealthCheckResponse.named("PostgreSQL").down().withData("error", e.getClass().getSimpleName())
                    .build();
        }
    }
}
