package io.despacho.shared;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

/**
 * Runs a scheduled job on one instance at a time: each run takes a PostgreSQL session advisory lock named after the
 * job, and an instance that finds it taken skips that run. The lock lives with the connection, so an instance that
 * dies mid-job frees it at once and the next run anywhere takes over; no leader to elect, no table to keep.
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
        try (Connection connection = dataSource.getConnection()) {
            if (!lock(connection, "select pg_try_advisory_lock(hashtext(?))", job)) {
                return false;
            }
            try {
                work.run();
                return true;
            } finally {
                lock(connection, "select pg_advisory_unlock(hashtext(?))", job);
            }
        } catch (SQLException e) {
            LOG.warnf("job %s skipped: its lock could not be taken (%s)", job, e.getMessage());
            return false;
        }
    }

    private static boolean lock(Connection connection, String sql, String job) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, job);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }
}
