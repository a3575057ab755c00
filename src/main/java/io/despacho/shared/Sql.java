package io.despacho.shared;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

/** The small reads and writes the stores make with plain JDBC. */
public final class Sql {

    private Sql() {
    }

    public static Optional<String> firstString(DataSource dataSource, String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("read failed: " + sql.split(" where ")[0], e);
        }
    }

    /** Reads one row into a value. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    public static <T> List<T> list(DataSource dataSource, String sql, RowMapper<T> mapper, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("read failed: " + sql.split(" where ")[0], e);
        }
    }

    /** Runs an insert, update or delete and returns the rows it touched. */
    public static int update(DataSource dataSource, String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("write failed: " + sql.split(" where ")[0], e);
        }
    }

    /**
     * A PostgreSQL advisory lock named by {@code key}, held by this connection's session until
     * {@link #sessionUnlock} or until the session ends (so a process that dies frees it). Waits for it when
     * {@code wait}, else only tries; true when held.
     */
    public static boolean sessionLock(Connection connection, String key, boolean wait) throws SQLException {
        return advisory(connection, wait ? "select true from (select pg_advisory_lock(hashtext(?))) locked"
                : "select pg_try_advisory_lock(hashtext(?))", key);
    }

    public static void sessionUnlock(Connection connection, String key) throws SQLException {
        advisory(connection, "select pg_advisory_unlock(hashtext(?))", key);
    }

    private static boolean advisory(Connection connection, String sql, String key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, key);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    /** A LIKE / ILIKE pattern matching any text that contains {@code text} as typed (its % and _ taken literally). */
    public static String containing(String text) {
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    /** A nullable timestamp column as an instant. */
    public static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    public static long count(DataSource dataSource, String sql, Object... args) {
        return firstString(dataSource, sql, args).map(Long::parseLong).orElse(0L);
    }
}
