package io.despacho.shared;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

/**
 * {@link RequestBudget}'s rule kept in PostgreSQL, so that every instance draws on one account's budget: configured
 * as the provider's own limit, never divided by the replica count. Each decision is one short transaction that
 * holds the budget's advisory lock, and every time is the database's, so instances' clocks do not matter. An
 * instance that dies mid-call leaves an in-flight row; it stops counting after {@code lease} (the window plus the
 * longest a call can take), after which the server cannot be counting that request any more either.
 */
public class SharedBudget implements Budget {

    record Slot(long id) implements Budget.Slot {
    }

    private static final long POLL_WHILE_ALL_IN_FLIGHT_MS = 20;

    private final DataSource dataSource;
    private final String name;
    private final int requests;
    private final Duration window;
    private final Duration lease;

    public SharedBudget(DataSource dataSource, String name, int requests, Duration window, Duration lease) {
        if (requests < 1) {
            throw new IllegalArgumentException("a budget needs at least one request per window");
        }
        this.dataSource = dataSource;
        this.name = name;
        this.requests = requests;
        this.window = window;
        this.lease = lease;
    }

    /** A provider account's budget: a dead instance's in-flight call stops counting a minute after the window. */
    public static SharedBudget forAccount(DataSource dataSource, String name, int requests, Duration window) {
        return new SharedBudget(dataSource, name, requests, window, window.plus(Duration.ofMinutes(1)));
    }

    @Override
    public Budget.Slot acquire() throws InterruptedException {
        while (true) {
            // the new slot's id (positive), or minus the milliseconds to wait
            long slotOrWait = inTransaction(connection -> {
                long wait = waitNeeded(connection);
                return wait > 0 ? -wait : number(connection, "insert into provider_budget_slot (budget, taken_at)"
                        + " values (?, clock_timestamp()) returning id", name);
            }, true);
            if (slotOrWait > 0) {
                return new Slot(slotOrWait);
            }
            Thread.sleep(-slotOrWait);
        }
    }

    /** Milliseconds to wait before a request may go (0: now); forgets what no longer counts. */
    private long waitNeeded(Connection connection) throws SQLException {
        // answered rows are kept a lease longer than they count: a late x-ratelimit-remaining is compared with them
        update(connection, "delete from provider_budget_slot where budget = ? and (done_at <= clock_timestamp() - ?"
                + " * interval '1 millisecond' or (done_at is null and taken_at <= clock_timestamp() - ?"
                + " * interval '1 millisecond'))", name, window.plus(lease).toMillis(), lease.toMillis());
        long paused = number(connection, "select coalesce(ceil(extract(epoch from (paused_until - clock_timestamp()))"
                + " * 1000), 0) from provider_budget where budget = ?", name);
        if (paused > 0) {
            return paused;
        }
        long taken = taken(connection);
        if (taken < requests) {
            return 0;
        }
        long firstFree = number(connection, "select coalesce(ceil(extract(epoch from (min(done_at) + ? * interval"
                + " '1 millisecond' - clock_timestamp())) * 1000), -1) from provider_budget_slot where budget = ?"
                + " and done_at > clock_timestamp() - ? * interval '1 millisecond'", window.toMillis(), name,
                window.toMillis());
        return firstFree < 0 ? POLL_WHILE_ALL_IN_FLIGHT_MS : Math.max(1, firstFree + 1);
    }

    /** Places held now: in flight, or answered within the window. */
    private long taken(Connection connection) throws SQLException {
        return number(connection, "select count(*) from provider_budget_slot where budget = ? and (done_at is null"
                + " or done_at > clock_timestamp() - ? * interval '1 millisecond')", name, window.toMillis());
    }

    @Override
    public void complete(Budget.Slot slot) {
        inTransaction(connection -> update(connection,
                "update provider_budget_slot set done_at = clock_timestamp() where id = ?", ((Slot) slot).id()), false);
    }

    @Override
    public int serverRemaining(int remaining, Budget.Slot answered) {
        return inTransaction(connection -> {
            waitNeeded(connection);
            // every place held at some moment since the answered request was sent (Budget#serverRemaining)
            long ours = answered == null ? taken(connection) : number(connection, "select count(*) from"
                    + " provider_budget_slot where budget = ? and (done_at is null or done_at > coalesce((select"
                    + " taken_at from provider_budget_slot where id = ?), clock_timestamp()) - ? * interval"
                    + " '1 millisecond')", name,
                    ((Slot) answered).id(), window.toMillis());
            long spentElsewhere = Math.max(0, requests - remaining - ours);
            for (int i = 0; i < spentElsewhere; i++) {
                // requests another client of the account spent, counted as if answered now
                update(connection, "insert into provider_budget_slot (budget, taken_at, done_at)"
                        + " values (?, clock_timestamp(), clock_timestamp())", name);
            }
            return spentElsewhere;
        }, true).intValue();
    }

    @Override
    public void pause(Duration retryAfter) {
        inTransaction(connection -> update(connection, "insert into provider_budget (budget, paused_until)"
                + " values (?, clock_timestamp() + ? * interval '1 millisecond') on conflict (budget) do update set"
                + " paused_until = greatest(provider_budget.paused_until, excluded.paused_until)", name,
                retryAfter.toMillis()), false);
    }

    @Override
    public int remaining() {
        return inTransaction(connection -> {
            waitNeeded(connection);
            return (long) Math.max(0, requests - taken(connection));
        }, true).intValue();
    }

    @Override
    public boolean limited() {
        return true;
    }

    // ---------------------------------------------------------------- JDBC

    @FunctionalInterface
    private interface Work {
        long run(Connection connection) throws SQLException;
    }

    /** Runs the work in one transaction, under the budget's advisory lock when {@code locked}. */
    private Long inTransaction(Work work, boolean locked) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                if (locked) {
                    number(connection, "select 1 from (select pg_advisory_xact_lock(hashtext(?))) locked",
                            "budget:" + name);
                }
                long result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("budget " + name + ": " + e.getMessage(), e);
        }
    }

    private long update(Connection connection, String sql, Object... args) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, args);
            return statement.executeUpdate();
        }
    }

    private static long number(Connection connection, String sql, Object... args) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, args);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getLong(1) : 0;
            }
        }
    }

    private static void bind(PreparedStatement statement, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            statement.setObject(i + 1, args[i]);
        }
    }
}
