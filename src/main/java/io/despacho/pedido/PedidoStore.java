package io.despacho.pedido;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.despacho.outbox.OutboxStore;
import io.despacho.shared.Hashing;
import io.despacho.shared.Sql;

/**
 * Stores normalized pedidos with their andamentos. Stale-safe (an older {@code updated_at} never wins) and idempotent
 * (the same content again changes nothing and publishes nothing; andamentos are keyed by id, never duplicated).
 */
@ApplicationScoped
public class PedidoStore {

    public static final String TOPIC = "despacho.pedidos";
    public static final String EVENT_TYPE = "io.despacho.pedido.v1";
    /** Anoreg/MT's times carry no zone when they come bare; Mato Grosso is UTC-4. */
    private static final ZoneOffset MATO_GROSSO = ZoneOffset.ofHours(-4);

    private static final String UPSERT = """
            insert into pedido (id, protocolo, status, tipo, cns, descricao, source_updated_at, content_hash, record,
                raw)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?::json, ?::jsonb)
            on conflict (id) do update set protocolo = excluded.protocolo, status = excluded.status,
                tipo = excluded.tipo, cns = excluded.cns, descricao = excluded.descricao,
                source_updated_at = excluded.source_updated_at, content_hash = excluded.content_hash,
                record = excluded.record, raw = excluded.raw, updated_at = now()
            where pedido.source_updated_at < excluded.source_updated_at
               or (pedido.source_updated_at = excluded.source_updated_at
                   and pedido.content_hash <> excluded.content_hash)
            returning id""";

    private final DataSource dataSource;
    private final ObjectMapper mapper;
    private final OutboxStore outbox;

    public PedidoStore(DataSource dataSource, ObjectMapper mapper, OutboxStore outbox) {
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.outbox = outbox;
    }

    /**
     * Writes the pedido if this snapshot is newer, in the caller's transaction, and queues its record. The version is
     * the pedido's updated_at, or {@code fetchedAt} when it has none (the API always answers the current state).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public OptionalLong save(NormalizedPedido pedido, Instant fetchedAt, String raw) {
        String record = json(pedido);
        String hash = Hashing.sha256Hex(record);
        Instant version = instant(pedido.atualizadoEm()).orElse(fetchedAt);
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                ps.setLong(1, pedido.id());
                ps.setString(2, pedido.protocolo());
                ps.setString(3, pedido.status());
                ps.setString(4, pedido.tipo());
                ps.setString(5, pedido.cns() == null || pedido.cns().length() > 16 ? null : pedido.cns());
                ps.setString(6, pedido.descricao());
                ps.setTimestamp(7, Timestamp.from(version));
                ps.setString(8, hash);
                ps.setString(9, record);
                ps.setString(10, raw);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return OptionalLong.empty();
                    }
                }
            }
            replaceAndamentos(c, pedido);
        } catch (SQLException e) {
            throw new IllegalStateException("pedido upsert failed", e);
        }
        String key = Long.toString(pedido.id());
        return OptionalLong.of(outbox.add(TOPIC, key, Hashing.sha256Hex(EVENT_TYPE + "|" + key + "|" + hash),
                EVENT_TYPE, record));
    }

    private void replaceAndamentos(Connection c, NormalizedPedido pedido) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from pedido_andamento where pedido_id = ?")) {
            ps.setLong(1, pedido.id());
            ps.executeUpdate();
        }
        Map<String, NormalizedPedido.Andamento> byId = new LinkedHashMap<>();
        pedido.andamentos().forEach(a -> byId.put(a.id(), a));
        try (PreparedStatement ps = c.prepareStatement("insert into pedido_andamento (pedido_id, id, data, descricao,"
                + " raw) values (?, ?, ?, ?, ?::jsonb)")) {
            for (NormalizedPedido.Andamento a : byId.values()) {
                ps.setLong(1, pedido.id());
                ps.setString(2, a.id());
                ps.setTimestamp(3, instant(a.data()).map(Timestamp::from).orElse(null));
                ps.setString(4, a.descricao());
                ps.setString(5, json(a));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Transactional
    public Optional<String> record(long id) {
        return Sql.firstString(dataSource, "select record::text from pedido where id = ?", id);
    }

    /** A page of records, newest first, optionally of one status; and the total. */
    public record Page(int page, int size, long total, List<String> records) {
    }

    @Transactional
    public Page list(String status, int page, int size) {
        String where = status == null ? " where true" : " where status = ?";
        Object[] filter = status == null ? new Object[0] : new Object[] { status };
        long total = Sql.count(dataSource, "select count(*) from pedido" + where, filter);
        List<String> records = Sql.list(dataSource, "select record::text from pedido" + where
                + " order by source_updated_at desc, id desc offset " + ((long) page * size) + " limit " + size,
                row -> row.getString(1), filter);
        return new Page(page, size, total, records);
    }

    static Optional<Instant> instant(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String t = text.trim().replace(' ', 'T');
        try {
            return Optional.of(OffsetDateTime.parse(t).toInstant());
        } catch (DateTimeParseException notOffset) {
            try {
                return Optional.of(LocalDateTime.parse(t.length() > 19 ? t.substring(0, 19) : t)
                        .toInstant(MATO_GROSSO));
            } catch (DateTimeParseException notLocal) {
                return Optional.empty();
            }
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record is always serializable", e);
        }
    }
}
