package io.despacho.shared;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import java.time.Duration;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.runtime.configuration.DurationConverter;

/**
 * Runs a scheduled job on one instance at a time, once per interval for the whole deployment: each pod's schedule
 * fires as usual, the run takes a PostgreSQL session advisory lock named after the job, and skips when another pod
 * holds it or started the job less than an interval ago ({@code cluster_job}). The lock lives with the connection,
 * so a pod that dies mid-job frees it at once and the next run anywhere takes over: no leader to elect or replace.
 */
@ApplicationScoped
public class ClusterLocks {

    private static final Logger LOG = Logger.getLogger(ClusterLocks.class);

    private final DataSource dataSource;

    public ClusterLocks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** True when this instance ran the job; false when another holds it (or the database cannot say). */
    public boolean runAlone(String job, Runnable work) {
        return runAlone(job, Duration.ZERO, work);
    }

    /**
     * The same, and not again before {@code interval} (less a fifth, for the pods' schedules drifting apart) since it
     * last started on any pod. {@code every} is the job's {@code @Scheduled} interval, e.g. "5m".
     */
    public boolean runAlone(String job, String every, Runnable work) {
        return runAlone(job, DurationConverter.parseDuration(every), work);
    }

    private boolean runAlone(String job, Duration interval, Runnable work) {
        try (Connection connection = dataSource.getConnection()) {
            if (!Sql.sessionLock(connection, job, false)) {
                return false;
            }
            try {
                if (!due(connection, job, interval.multipliedBy(4).dividedBy(5))) {
                    return false;
                }
                work.run();
                return true;
            } finally {
                Sql.sessionUnlock(connection, job);
            }
        } catch (SQLException e) {
            LOG.warnf("job %s skipped: its lock could not be taken (%s)", job, e.getMessage());
            return false;
        }
    }

    /** Records this start unless the job started on some pod less than {@code within} ago. */
    private static boolean due(Connection connection, String job, Duration within) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("insert into cluster_job (job, last_run_at)"
                + " values (?, clock_timestamp()) on conflict (job) do update set last_run_at = excluded.last_run_at"
                + " where cluster_job.last_run_at <= clock_timestamp() - ? * interval '1 millisecond'")) {
            statement.setString(1, job);
            statement.setLong(2, within.toMillis());
            return statement.executeUpdate() == 1;
        }
    }
}
