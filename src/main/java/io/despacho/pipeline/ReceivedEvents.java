package io.despacho.pipeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * The record of every event a consumer took, keyed by (provider, event id), with its raw payload: the idempotency
 * check ("seen and done before?") and the source for replaying a mapping fix.
 */
@ApplicationScoped
public class ReceivedEvents {

    public enum Status {
        RECEIVED, PROCESSED, IGNORED, DEAD_LETTERED
    }

    private final DataSource dataSource;

    public ReceivedEvents(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Records the event if new (in the caller's transaction) and tells whether it was already fully handled. A known
     * event costs one indexed read: its payload is neither sent nor parsed again (providers redeliver often).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean alreadyHandled(Provider provider, InboundRecord record) {
        String insert = "insert into received_event (provider, event_id, event_type, record_key, received_at, payload)"
                + " values (?, ?, ?, ?, ?, ?::jsonb) on conflict (provider, event_id) do nothing";
        try (Connection c = dataSource.getConnection()) {
            Boolean known = handled(c, provider, record);
            if (known != null) {
                return known;
            }
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                bindEvent(ps, provider, record);
                ps.executeUpdate();
            }
            // inserted now, or by a concurrent delivery of the same event a moment ago: its row is locked either way
            return hasOutcome(status(c, provider, record, true));
        } catch (SQLException e) {
            throw new IllegalStateException("received_event insert failed", e);
        }
    }

    /**
     * Whether the event is recorded with an outcome already (a redelivery); reads only, and locks its row only while
     * it has no outcome yet.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean isHandled(Provider provider, InboundRecord record) {
        try (Connection c = dataSource.getConnection()) {
            return Boolean.TRUE.equals(handled(c, provider, record));
        } catch (SQLException e) {
            throw new IllegalStateException("received_event read failed", e);
        }
    }

    /**
     * Null when the event is not recorded; else whether it has an outcome. A redelivery of a handled event is read
     * without a lock, so its transaction writes nothing; an event without an outcome yet is read again locked.
     */
    private static Boolean handled(Connection c, Provider provider, InboundRecord record) throws SQLException {
        String known = status(c, provider, record, false);
        if (known == null) {
            return null;
        }
        return hasOutcome(known) || hasOutcome(status(c, provider, record, true));
    }

    /** The first six columns both inserts share: provider, event id, type, key, received at, payload. */
    private static void bindEvent(PreparedStatement ps, Provider provider, InboundRecord record) throws SQLException {
        ps.setString(1, provider.id());
        ps.setString(2, record.eventId());
        ps.setString(3, record.eventType());
        ps.setString(4, record.key());
        ps.setTimestamp(5, Timestamp.from(record.receivedAt()));
        ps.setString(6, record.payload());
    }

    private static boolean hasOutcome(String status) {
        return !Status.RECEIVED.name().equals(status);
    }

    /**
     * The event's status, or null when not recorded; with {@code lock}, its row stays locked until the end of the
     * transaction. A recorded outcome is trusted without a lock: it is replaced only by another outcome, or reset by
     * a dead-letter replay that commits before it publishes the event again. A lock would make each redelivery's
     * transaction write WAL and, with synchronous_commit on (PostgreSQL's default), wait for its flush.
     */
    private static String status(Connection c, Provider provider, InboundRecord record, boolean lock)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select status from received_event where provider = ?"
                + " and event_id = ?" + (lock ? " for update" : ""))) {
            ps.setString(1, provider.id());
            ps.setString(2, record.eventId());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Sets the outcome, recording the event first if an earlier transaction that recorded it was rolled back. */
    @Transactional(Transactional.TxType.REQUIRED)
    public void mark(Provider provider, InboundRecord record, Status status, String error) {
        String sql = "insert into received_event (provider, event_id, event_type, record_key, received_at, payload,"
                + " status, processed_at, attempts, last_error) values (?, ?, ?, ?, ?, ?::jsonb, ?, now(), 1, ?)"
                + " on conflict (provider, event_id) do update set status = excluded.status, processed_at = now(),"
                + " attempts = received_event.attempts + 1, last_error = excluded.last_error";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bindEvent(ps, provider, record);
            ps.setString(7, status.name());
            ps.setString(8, error);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("received_event update failed", e);
        }
    }
}
