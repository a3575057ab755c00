package io.despacho.operations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.despacho.pipeline.InboundEvent;
import io.despacho.pipeline.InboundPublisher;
import io.despacho.pipeline.Provider;
import io.despacho.outbox.OutboxStore;
import io.despacho.shared.Sql;

/**
 * Dead letters for operators: list them with their reasons, and replay one or all — the original record goes back on
 * its inbound topic with its event id, and its received_event is reset so the consumer handles it again.
 */
@ApplicationScoped
public class DeadLetterOperations {

    /** The most one bulk replay puts back, so that one call cannot flood the inbound topics. */
    public static final int MAX_BULK_REPLAY = 1000;

    public record DeadLetter(long id, String provider, String eventId, String key, String reason, int attempts,
            Instant failedAt, Instant replayedAt) {
    }

    public record Page(int page, int size, long total, List<DeadLetter> items) {
    }

    private final DataSource dataSource;
    private final InboundPublisher publisher;
    private final OutboxStore outbox;

    public DeadLetterOperations(DataSource dataSource, InboundPublisher publisher, OutboxStore outbox) {
        this.dataSource = dataSource;
        this.publisher = publisher;
        this.outbox = outbox;
    }

    @Transactional
    public Page list(Provider provider, int page, int size) {
        String where = provider == null ? " where true" : " where provider = ?";
        Object[] filter = provider == null ? new Object[0] : new Object[] { provider.id() };
        long total = Sql.count(dataSource, "select count(*) from dead_letter" + where, filter);
        List<DeadLetter> items = Sql.list(dataSource, "select id, provider, event_id, record_key, reason, attempts,"
                + " failed_at, replayed_at from dead_letter" + where + " order by failed_at desc, id desc offset "
                + ((long) page * size) + " limit " + size,
                row -> new DeadLetter(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getString(5), row.getInt(6), row.getTimestamp(7).toInstant(),
                        row.getTimestamp(8) == null ? null : row.getTimestamp(8).toInstant()),
                filter);
        return new Page(page, size, total, items);
    }

    /** Replays one dead letter; false when there is no such one. */
    public boolean replay(long id) {
        Optional<Long> outboxId = Sql.firstString(dataSource, "select payload ->> 'outboxId' from dead_letter"
                + " where id = ? and provider = ?", id, OutboxStore.DEAD_LETTER_PROVIDER).map(Long::valueOf);
        if (outboxId.isPresent()) {
            // a downstream record Kafka refused: back in line for the sweep (after the topic's limit was raised)
            outbox.requeue(outboxId.get());
            markReplayed(id);
            return true;
        }
        Optional<InboundEvent> event = prepare(id);
        event.ifPresent(e -> {
            publisher.publishAll(e.provider(), List.of(e)).await().indefinitely();
            markReplayed(id);
        });
        return event.isPresent();
    }

    /** Replays every dead letter of a provider not replayed yet (at most {@code limit}); returns how many. */
    public int replayAll(Provider provider, int limit) {
        return replayAll(provider.id(), null, limit);
    }

    /**
     * Replays every dead letter not replayed yet of a provider id (null: any, "downstream" included) whose reason
     * contains {@code reasonContains} (null: any reason), at most {@code limit}; returns how many.
     */
    public int replayAll(String providerId, String reasonContains, int limit) {
        int replayed = 0;
        for (long id : pending(providerId, reasonContains, limit)) {
            replayed += replay(id) ? 1 : 0;
        }
        return replayed;
    }

    @Transactional
    List<Long> pending(String providerId, String reasonContains, int limit) {
        return Sql.list(dataSource, "select id from dead_letter where replayed_at is null"
                + " and (cast(? as text) is null or provider = ?) and (cast(? as text) is null or reason ilike ?)"
                + " order by id limit ?", row -> row.getLong(1), providerId, providerId, reasonContains,
                reasonContains == null ? null : Sql.containing(reasonContains), limit);
    }

    /** Loads the original record and resets its received_event so that the consumer does not skip it. */
    @Transactional
    Optional<InboundEvent> prepare(long id) {
        String sql = "select d.provider, d.event_id, d.record_key, d.payload #>> '{}', coalesce(r.event_type, 'unknown')"
                + " from dead_letter d left join received_event r on r.provider = d.provider and r.event_id = d.event_id"
                + " where d.id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Provider provider = Provider.fromId(rs.getString(1)).orElseThrow();
                InboundEvent event = new InboundEvent(provider, rs.getString(2), rs.getString(5),
                        rs.getString(3) == null ? rs.getString(2) : rs.getString(3), rs.getString(4), Instant.now());
                try (PreparedStatement reset = c.prepareStatement("update received_event set status = 'RECEIVED'"
                        + " where provider = ? and event_id = ?")) {
                    reset.setString(1, provider.id());
                    reset.setString(2, event.eventId());
                    reset.executeUpdate();
                }
                return Optional.of(event);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("dead_letter read failed", e);
        }
    }

    @Transactional
    void markReplayed(long id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update dead_letter set replayed_at = now() where id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("dead_letter update failed", e);
        }
    }
}
