package io.despacho.pipeline;

import java.net.ConnectException;
import java.sql.SQLException;

import io.despacho.outbox.DownstreamUnavailableException;

/** Sorts failures of a consumer: our own infrastructure is waited for; anything else is about the event. */
public final class Failures {

    private Failures() {
    }

    /** The database or Kafka is unavailable: retry the same event later, never drop it. */
    public static boolean isInfrastructure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state == null || state.startsWith("08") || state.startsWith("53") || state.startsWith("57")) {
                    return true;
                }
            }
            String name = t.getClass().getName();
            if (t instanceof ConnectException || t instanceof DownstreamUnavailableException
                    || name.startsWith("org.apache.kafka.common.errors")
                    || name.equals("io.smallrye.mutiny.TimeoutException")
                    || name.startsWith("io.agroal") || name.startsWith("jakarta.transaction")
                    || (t.getMessage() != null && t.getMessage().contains("Unable to acquire JDBC Connection"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
