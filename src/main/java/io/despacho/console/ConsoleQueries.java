package io.despacho.console;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.despacho.shared.Cnj;
import io.despacho.shared.Sql;
import io.quarkus.qute.TemplateData;

/** What the console reads, straight from the tables the pipeline writes (one deployment-wide truth, any pod). */
@ApplicationScoped
public class ConsoleQueries {

    static final int LIST_LIMIT = 200;

    private final DataSource dataSource;

    public ConsoleQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @TemplateData
    public record Event(String provider, String eventId, String type, String key, Instant receivedAt,
            Instant processedAt, String status, int attempts, String lastError) {
        public String received() {
            return ConsoleView.time(receivedAt);
        }

        public String processed() {
            return processedAt == null ? null : ConsoleView.time(processedAt);
        }
    }

    @TemplateData
    public record Downstream(long id, String topic, String key, String ceId, String ceType, Instant createdAt,
            Instant publishedAt) {
        /** The console's path segment of the record's kind: the topic's last part (processos, pedidos...). */
        public String kind() {
            return topic.substring(topic.lastIndexOf('.') + 1);
        }

        public String created() {
            return ConsoleView.time(createdAt);
        }

        public String published() {
            return publishedAt == null ? null : ConsoleView.time(publishedAt);
        }
    }

    @TemplateData
    public record DeadLetter(long id, String provider, String eventId, String key, String reason, int attempts,
            Instant failedAt, Instant replayedAt) {
    }

    /** One minute of one provider's events by what became of them. */
    public record Minute(String provider, Instant minute, String status, long count) {
    }

    public record ProviderHour(String provider, long received, long processed, long deadLettered) {
    }

    /** Events by filters; every filter optional. A key given as a formatted CNJ also finds its digits. */
    public List<Event> events(String provider, String eventId, String key, Instant from, Instant to) {
        StringBuilder where = new StringBuilder(" where true");
        List<Object> args = new ArrayList<>();
        if (provider != null) {
            where.append(" and provider = ?");
            args.add(provider);
        }
        if (eventId != null) {
            where.append(" and event_id = ?");
            args.add(eventId);
        }
        if (key != null) {
            where.append(" and record_key in (?, ?)");
            args.add(key);
            args.add(Cnj.parse(key).map(Cnj::digits).orElse(key));
        }
        if (from != null) {
            where.append(" and received_at >= ?");
            args.add(Timestamp.from(from));
        }
        if (to != null) {
            where.append(" and received_at < ?");
            args.add(Timestamp.from(to));
        }
        return Sql.list(dataSource, "select provider, event_id, event_type, record_key, received_at, processed_at,"
                + " status, attempts, last_error from received_event" + where
                + " order by received_at desc limit " + LIST_LIMIT, ConsoleQueries::event, args.toArray());
    }

    public Optional<Event> event(String provider, String eventId) {
        return Sql.list(dataSource, "select provider, event_id, event_type, record_key, received_at, processed_at,"
                + " status, attempts, last_error from received_event where provider = ? and event_id = ?",
                ConsoleQueries::event, provider, eventId).stream().findFirst();
    }

    /** The raw payload as received (null once retention dropped it). */
    public Optional<String> payload(String provider, String eventId) {
        return Sql.firstString(dataSource, "select payload #>> '{}' from received_event where provider = ?"
                + " and event_id = ?", provider, eventId);
    }

    /**
     * The downstream records written for the event's key while it was being handled: the stores write them in the
     * transaction that marks the event processed, so their time lies between receipt and processing.
     */
    public List<Downstream> downstream(Event event) {
        Instant until = (event.processedAt() == null ? Instant.now() : event.processedAt()).plusSeconds(5);
        return Sql.list(dataSource, "select id, topic, record_key, event_id, event_type, created_at, published_at"
                + " from outbox where record_key = ? and created_at between ? and ? order by id limit 50",
                row -> new Downstream(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getString(5), Sql.instant(row.getTimestamp(6)), Sql.instant(row.getTimestamp(7))),
                event.key(), Timestamp.from(event.receivedAt().minusSeconds(1)), Timestamp.from(until));
    }

    public List<DeadLetter> deadLetters(String provider, String reason) {
        StringBuilder where = new StringBuilder(" where true");
        List<Object> args = new ArrayList<>();
        if (provider != null) {
            where.append(" and provider = ?");
            args.add(provider);
        }
        if (reason != null) {
            where.append(" and reason ilike ?");
            args.add(Sql.containing(reason));
        }
        return Sql.list(dataSource, "select id, provider, event_id, record_key, reason, attempts, failed_at,"
                + " replayed_at from dead_letter" + where + " order by failed_at desc, id desc limit " + LIST_LIMIT,
                row -> new DeadLetter(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getString(5), row.getInt(6), Sql.instant(row.getTimestamp(7)),
                        Sql.instant(row.getTimestamp(8))),
                args.toArray());
    }

    /** The last hour per provider: received, handled (processed or ignored) and dead-lettered. */
    public List<ProviderHour> lastHour() {
        return Sql.list(dataSource, "select p.provider,"
                + " (select count(*) from received_event r where r.provider = p.provider"
                + "   and r.received_at > now() - interval '1 hour'),"
                + " (select count(*) from received_event r where r.provider = p.provider"
                + "   and r.received_at > now() - interval '1 hour' and r.status in ('PROCESSED', 'IGNORED')),"
                + " (select count(*) from dead_letter d where d.provider = p.provider"
                + "   and d.failed_at > now() - interval '1 hour')"
                + " from (values ('digesto'), ('anoreg'), ('justicafacil'), ('judit')) p (provider)",
                row -> new ProviderHour(row.getString(1), row.getLong(2), row.getLong(3), row.getLong(4)));
    }

    /** The last hour's events per minute, provider and outcome (for the overview's chart). */
    public List<Minute> minutes() {
        return Sql.list(dataSource, "select provider, date_trunc('minute', received_at), status, count(*)"
                + " from received_event where received_at > now() - interval '1 hour' group by 1, 2, 3",
                row -> new Minute(row.getString(1), Sql.instant(row.getTimestamp(2)), row.getString(3),
                        row.getLong(4)));
    }

    public List<List<String>> rows(String sql, int columns, Object... args) {
        return Sql.list(dataSource, sql, row -> {
            List<String> cells = new ArrayList<>(columns);
            for (int i = 1; i <= columns; i++) {
                cells.add(row.getString(i));
            }
            return cells;
        }, args);
    }

    public Optional<String> first(String sql, Object... args) {
        return Sql.firstString(dataSource, sql, args);
    }

    private static Event event(ResultSet row) throws SQLException {
        return new Event(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                Sql.instant(row.getTimestamp(5)), Sql.instant(row.getTimestamp(6)), row.getString(7), row.getInt(8),
                row.getString(9));
    }
}
