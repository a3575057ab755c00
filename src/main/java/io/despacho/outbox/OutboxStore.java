package io.despacho.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.despacho.shared.ColumnInsert;
import io.despacho.shared.Sql;

/**
 * The transactional outbox: a downstream record is written in the same transaction as the rows it describes, so a
 * crash between the database commit and the Kafka send cannot lose it. {@link DownstreamPublisher} sends it.
 */
@ApplicationScoped
public class OutboxStore {

    /** The dead_letter provider of downstream records that could not be published. */
    public static final String DEAD_LETTER_PROVIDER = "downstream";

    /** How many written, not yet published records this process remembers (a report page is up to a few hundred). */
    private static final int REMEMBERED = 4096;

    private final DataSource dataSource;
    /**
     * What this process wrote and has not published yet: the consumer that wrote a record publishes it right after its
     * commit, and reading back what it has just written cost a round trip per event. A record of a rolled-back
     * transaction is never asked for and ages out; anything not here is read from the table.
     */
    private final Map<Long, OutboxRecord> written = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, OutboxRecord> eldest) {
            return size() > REMEMBERED;
        }
    });

    public OutboxStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A record waiting to be (or already) published. */
    public record OutboxRecord(long id, String topic, String key, String eventId, String eventType, String payload) {
    }

    /** Adds a record inside the caller's transaction and returns its id. */
    @Transactional(Transactional.TxType.MANDATORY)
    public long add(String topic, String key, String eventId, String eventType, String payload) {
        return addAll(topic, List.of(new NewRecord(key, eventId, eventType, payload))).get(0);
    }

    /** A record to add: its key, stable event id, type and payload. */
    public record NewRecord(String key, String eventId, String eventType, String payload) {
    }

    /** Adds records to one topic with one statement, inside the caller's transaction; returns their ids. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Long> addAll(String topic, List<NewRecord> records) {
        if (records.isEmpty()) {
            return List.of();
        }
        ColumnInsert insert = ColumnInsert.into("outbox").column("topic", "text").column("record_key", "text")
                .column("event_id", "text").column("event_type", "text").column("payload", "json");
        records.forEach(r -> insert.add(topic, r.key(), r.eventId(), r.eventType(), r.payload()));
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = insert.prepare(c, "returning id, event_id")) {
            List<Long> ids = new ArrayList<>(records.size());
            try (ResultSet rs = ps.executeQuery()) {
                for (int row = 0; rs.next(); row++) {
                    long id = rs.getLong(1);
                    NewRecord r = records.get(row);
                    if (r.eventId().equals(rs.getString(2))) { // remembered only when surely this row's
                        written.put(id, new OutboxRecord(id, topic, r.key(), r.eventId(), r.eventType(), r.payload()));
                    }
                    ids.add(id);
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("outbox insert failed", e);
        }
    }

    /** These records if not published (nor set aside) yet, in id order; from memory when this process wrote them. */
    public List<OutboxRecord> unpublished(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<OutboxRecord> remembered = new ArrayList<>(ids.size());
        for (Long id : ids) {
            OutboxRecord record = written.get(id);
            if (record == null) {
                remembered = null;
                break;
            }
            remembered.add(record);
        }
        if (remembered != null) {
            remembered.sort(Comparator.comparingLong(OutboxRecord::id));
            return remembered;
        }
        return query("select id, topic, record_key, event_id, event_type, payload::text from outbox"
                + " where id = any (?) and published_at is null and failed_at is null order by id", ps -> ps.setArray(1,
                        ps.getConnection().createArrayOf("bigint", ids.toArray())));
    }

    /** Records left unpublished for longer than {@code olderThanSeconds} (their writer crashed or Kafka was down). */
    @Transactional
    public List<OutboxRecord> stragglers(int olderThanSeconds, int limit) {
        return query("select id, topic, record_key, event_id, event_type, payload::text from outbox"
                + " where published_at is null and failed_at is null and created_at < now() - make_interval(secs => ?)"
                + " order by id limit ?",
                ps -> {
                    ps.setInt(1, olderThanSeconds);
                    ps.setInt(2, limit);
                });
    }

    public void markPublished(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        ids.forEach(written::remove);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "update outbox set published_at = now() where id = any (?) and published_at is null")) {
            ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("outbox update failed", e);
        }
    }

    /**
     * A record the broker will never take (too large for its topic): set aside so that it blocks neither its lane nor
     * the sweep, and listed with the dead letters (provider {@value #DEAD_LETTER_PROVIDER}) with the reason; replaying
     * that dead letter puts it back in line ({@link #requeue}).
     */
    @Transactional
    public void markFailed(OutboxRecord record, String reason) {
        written.remove(record.id());
        Sql.update(dataSource, "update outbox set failed_at = now(), failure = ? where id = ? and published_at is null",
                reason, record.id());
        Sql.update(dataSource, "insert into dead_letter (provider, event_id, record_key, reason, attempts, payload)"
                + " values (?, ?, ?, ?, 1, jsonb_build_object('outboxId', ?::bigint, 'topic', ?::text))",
                DEAD_LETTER_PROVIDER, record.eventId(), record.key(), reason, record.id(), record.topic());
    }

    /** Puts a record set aside by {@link #markFailed} back in line for the sweep; false when there is none. */
    @Transactional
    public boolean requeue(long id) {
        return Sql.update(dataSource, "update outbox set failed_at = null, failure = null, created_at = now()"
                + " - interval '1 hour' where id = ? and failed_at is not null", id) > 0;
    }

    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<OutboxRecord> query(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<OutboxRecord> records = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    records.add(new OutboxRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6)));
                }
            }
            return records;
        } catch (SQLException e) {
            throw new IllegalStateException("outbox read failed", e);
        }
    }
}
