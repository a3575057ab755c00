package io.despacho.processo;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
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
import io.despacho.shared.Cnj;
import io.despacho.shared.Hashing;
import io.despacho.shared.ProcessNumber;
import io.despacho.shared.Sql;

/**
 * Stores normalized processes: one row per (CNJ, instância) with its parties, lawyers, movements and attachments,
 * the published record and the raw provider payload. The upsert is stale-safe — it only writes when the snapshot is
 * newer than the stored one (or as new with other content) — and idempotent: the same snapshot again changes nothing
 * and publishes nothing. Plain SQL because "insert ... on conflict ... where" has no JPA equivalent.
 */
@ApplicationScoped
public class ProcessoStore {

    public static final String TOPIC = "despacho.processos";
    public static final String EVENT_TYPE = "io.despacho.processo.v1";
    private static final int MAX_ROWS_PER_STATEMENT = 1000;

    /** The upserted columns in parameter order; the multi-row statement is built from this one list. */
    private static final List<String> COLUMNS = List.of("chave", "instancia", "numero", "cnj", "tribunal", "uf",
            "classe", "area", "assunto", "comarca", "foro", "vara", "juiz", "valor_causa", "distribuido_em", "situacao",
            "arquivado", "extinto", "segredo_justica", "fonte_provedor", "fonte_id", "source_updated_at",
            "content_hash", "record", "raw");
    private static final Map<String, String> CASTS = Map.of("record", "::json", "raw", "::jsonb");
    private static final String ROW_PARAMETERS = "(" + String.join(", ", COLUMNS.stream()
            .map(c -> "?" + CASTS.getOrDefault(c, "")).toList()) + ")";
    private static final String ON_CONFLICT = " on conflict (chave, instancia) do update set "
            + String.join(", ", COLUMNS.stream().filter(c -> !c.equals("chave") && !c.equals("instancia"))
                    .map(c -> c + " = excluded." + c).toList())
            + ", updated_at = now()"
            + " where processo.source_updated_at < excluded.source_updated_at"
            + " or (processo.source_updated_at = excluded.source_updated_at"
            + " and processo.content_hash <> excluded.content_hash)"
            + " returning id, chave, instancia, xmax = 0";

    private final DataSource dataSource;
    private final ObjectMapper mapper;
    private final OutboxStore outbox;

    public ProcessoStore(DataSource dataSource, ObjectMapper mapper, OutboxStore outbox) {
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.outbox = outbox;
    }

    /**
     * Writes the process if this snapshot is newer, in the caller's transaction, and queues its record for
     * {@value #TOPIC}. Returns the outbox id, or empty when the stored snapshot is newer or the same.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public OptionalLong save(NormalizedProcess process, Instant version, String raw) {
        List<Long> ids = saveAll(List.of(new Snapshot(process, version, raw)));
        return ids.isEmpty() ? OptionalLong.empty() : OptionalLong.of(ids.get(0));
    }

    /** One process snapshot to save: the version decides whether it replaces the stored one. */
    public record Snapshot(NormalizedProcess process, Instant version, String raw) {
    }

    /**
     * The same for many processes (a report page) with a few round trips for all of them instead of several each:
     * one multi-row upsert, one delete per child table for the rows that existed, one batch per child table, one
     * multi-row outbox insert. Of two snapshots of one process, the newer counts. Returns the outbox ids.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Long> saveAll(List<Snapshot> snapshots) {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (Snapshot s : snapshots) {
            Row row = new Row(s, json(s.process()));
            Row other = rows.get(row.key());
            if (other == null || !other.snapshot.version().isAfter(s.version())) {
                rows.put(row.key(), row);
            }
        }
        List<Row> all = new ArrayList<>(rows.values());
        List<Long> outboxIds = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            // PostgreSQL takes at most 32,767 parameters per statement: 25 per row
            for (int from = 0; from < all.size(); from += MAX_ROWS_PER_STATEMENT) {
                List<Row> written = upsert(c, all.subList(from, Math.min(all.size(), from + MAX_ROWS_PER_STATEMENT)));
                if (written.isEmpty()) {
                    continue;
                }
                replaceChildren(c, written);
                outboxIds.addAll(outbox.addAll(TOPIC, written.stream().map(r -> new OutboxStore.NewRecord(r.chave,
                        Hashing.sha256Hex(EVENT_TYPE + "|" + r.chave + "|" + r.instancia + "|" + r.hash),
                        EVENT_TYPE, r.record)).toList()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("processo upsert failed", e);
        }
        return outboxIds;
    }

    /** A snapshot with what the statements need, worked out once; the row id once written. */
    private static final class Row {
        final Snapshot snapshot;
        final String chave;
        final int instancia;
        final String record;
        final String hash;
        long id;
        boolean inserted;

        Row(Snapshot snapshot, String record) {
            this.snapshot = snapshot;
            this.chave = snapshot.process().chave();
            this.instancia = snapshot.process().instancia() == null ? 1 : snapshot.process().instancia();
            this.record = record;
            this.hash = Hashing.sha256Hex(record);
        }

        String key() {
            return key(chave, instancia);
        }

        static String key(String chave, int instancia) {
            return chave + "/" + instancia;
        }
    }

    /** The published record of a process with this CNJ: the given instance, or the lowest one stored. */
    @Transactional
    public Optional<String> record(String cnjDigits, Integer instancia) {
        Cnj cnj = new Cnj(cnjDigits);
        return find(new ProcessNumber(cnj.formatted(), Optional.of(cnj)), null, instancia) instanceof Lookup.Found found
                ? Optional.of(found.record()) : Optional.empty();
    }

    /** What a lookup by number found. */
    public sealed interface Lookup {
        record Found(String record) implements Lookup {
        }

        record NotFound() implements Lookup {
        }

        /** A non-CNJ number that several tribunals use: the caller must say which. */
        record Ambiguous(List<String> tribunais) implements Lookup {
        }
    }

    /**
     * A process by its CNJ, or by its non-CNJ number exactly as the court formats it; {@code tribunal} narrows (case
     * aside), {@code instancia} picks the instance (else the lowest stored).
     */
    @Transactional
    public Lookup find(ProcessNumber number, String tribunal, Integer instancia) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = byNumber(number, tribunal, args);
        if (instancia != null) {
            where.append(" and instancia = ?");
            args.add(instancia);
        }
        record Match(String record, String tribunal) {
        }
        List<Match> matches = Sql.list(dataSource, "select record::text, coalesce(tribunal, '') from processo where "
                + where + " order by instancia, tribunal limit 50", row -> new Match(row.getString(1),
                        row.getString(2)), args.toArray());
        List<String> tribunais = matches.stream().map(Match::tribunal).distinct().sorted().toList();
        if (matches.isEmpty()) {
            return new Lookup.NotFound();
        }
        return number.cnj().isEmpty() && tribunais.size() > 1 ? new Lookup.Ambiguous(tribunais)
                : new Lookup.Found(matches.get(0).record());
    }

    /** A stored snapshot as it came: its raw payload, its version, and who sent it (for renormalizing). */
    public record Stored(String raw, Instant version, String provider, String sourceId) {
    }

    /** Every stored instance of a process (by number as in {@link #find}), with its raw payload. */
    @Transactional
    public List<Stored> stored(ProcessNumber number, String tribunal) {
        List<Object> args = new ArrayList<>();
        return Sql.list(dataSource, "select raw::text, source_updated_at, fonte_provedor, fonte_id from processo where "
                + byNumber(number, tribunal, args), row -> new Stored(row.getString(1),
                        row.getTimestamp(2).toInstant(), row.getString(3), row.getString(4)), args.toArray());
    }

    /** The where clause of a lookup by CNJ or non-CNJ number, narrowed by tribunal (case aside); fills args. */
    private static StringBuilder byNumber(ProcessNumber number, String tribunal, List<Object> args) {
        StringBuilder where = new StringBuilder(number.cnj().isPresent() ? "cnj = ?" : "numero = ?");
        args.add(number.cnj().map(Cnj::digits).orElse(number.numero()));
        if (tribunal != null && !tribunal.isBlank()) {
            where.append(" and upper(tribunal) = upper(?)");
            args.add(tribunal.strip());
        }
        return where;
    }

    /** Returns the rows written (newer or changed), with their ids. */
    private List<Row> upsert(Connection c, List<Row> rows) throws SQLException {
        String sql = "insert into processo (" + String.join(", ", COLUMNS) + ") values "
                + String.join(", ", java.util.Collections.nCopies(rows.size(), ROW_PARAMETERS)) + ON_CONFLICT;
        List<Row> written = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            Map<String, Row> byKey = new LinkedHashMap<>();
            for (Row row : rows) {
                byKey.put(row.key(), row);
                NormalizedProcess p = row.snapshot.process();
                ps.setString(i++, row.chave);
                ps.setInt(i++, row.instancia);
                ps.setString(i++, p.numero());
                ps.setString(i++, p.cnj() == null ? null : digits(p.cnj()));
                ps.setString(i++, p.tribunal());
                ps.setString(i++, truncate(p.uf(), 2));
                ps.setString(i++, p.classe());
                ps.setString(i++, p.area());
                ps.setString(i++, p.assunto());
                ps.setString(i++, p.comarca());
                ps.setString(i++, p.foro());
                ps.setString(i++, p.vara());
                ps.setString(i++, p.juiz());
                ps.setBigDecimal(i++, p.valorCausa() == null ? null : p.valorCausa().setScale(2,
                        java.math.RoundingMode.HALF_UP));
                ps.setDate(i++, p.distribuidoEm() == null ? null : Date.valueOf(LocalDate.parse(p.distribuidoEm())));
                ps.setString(i++, p.situacao());
                ps.setBoolean(i++, p.arquivado());
                ps.setBoolean(i++, p.extinto());
                ps.setBoolean(i++, p.segredoJustica());
                ps.setString(i++, p.fonte() == null ? "DIGESTO" : p.fonte().provedor());
                ps.setString(i++, p.fonte() == null ? null : p.fonte().id());
                ps.setTimestamp(i++, Timestamp.from(row.snapshot.version()));
                ps.setString(i++, row.hash);
                ps.setString(i++, row.record);
                ps.setString(i++, row.snapshot.raw());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Row row = byKey.get(Row.key(rs.getString(2), rs.getInt(3)));
                    row.id = rs.getLong(1);
                    row.inserted = rs.getBoolean(4);
                    written.add(row);
                }
            }
        }
        return written;
    }

    private static void replaceChildren(Connection c, List<Row> rows) throws SQLException {
        Long[] existing = rows.stream().filter(r -> !r.inserted).map(r -> r.id).toArray(Long[]::new);
        if (existing.length > 0) {
            // advogados go with their partes (on delete cascade)
            for (String table : List.of("processo_parte", "processo_movimentacao", "processo_anexo")) {
                try (PreparedStatement ps = c.prepareStatement("delete from " + table + " where processo_id = any (?)")) {
                    ps.setArray(1, c.createArrayOf("bigint", existing));
                    ps.executeUpdate();
                }
            }
        }
        try (PreparedStatement parte = c.prepareStatement("insert into processo_parte (processo_id, ordem, nome,"
                + " documento, tipo_documento, polo, papel) values (?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement advogado = c.prepareStatement("insert into processo_advogado (processo_id,"
                        + " parte_ordem, ordem, nome, oab, uf) values (?, ?, ?, ?, ?, ?)");
                PreparedStatement mov = c.prepareStatement("insert into processo_movimentacao (processo_id, id, data,"
                        + " titulo, texto, juiz) values (?, ?, ?, ?, ?, ?)");
                PreparedStatement anexo = c.prepareStatement("insert into processo_anexo (processo_id, id, url, tipo,"
                        + " publicado_em) values (?, ?, ?, ?, ?)")) {
            for (Row row : rows) {
                addChildren(row.id, row.snapshot.process(), parte, advogado, mov, anexo);
            }
            parte.executeBatch();
            advogado.executeBatch();
            mov.executeBatch();
            anexo.executeBatch();
        }
    }

    private static void addChildren(long id, NormalizedProcess p, PreparedStatement parte, PreparedStatement advogado,
            PreparedStatement mov, PreparedStatement anexo) throws SQLException {
        for (int i = 0; i < p.partes().size(); i++) {
            NormalizedProcess.Parte pt = p.partes().get(i);
            parte.setLong(1, id);
            parte.setInt(2, i);
            parte.setString(3, pt.nome() == null ? "" : pt.nome());
            parte.setString(4, pt.tipoDocumento() == null ? null : pt.documento());
            parte.setString(5, pt.tipoDocumento());
            parte.setString(6, pt.polo());
            parte.setString(7, pt.papel());
            parte.addBatch();
            for (int j = 0; j < pt.advogados().size(); j++) {
                NormalizedProcess.Advogado a = pt.advogados().get(j);
                advogado.setLong(1, id);
                advogado.setInt(2, i);
                advogado.setInt(3, j);
                advogado.setString(4, a.nome());
                advogado.setString(5, truncate(a.oab(), 16));
                advogado.setString(6, truncate(a.uf(), 2));
                advogado.addBatch();
            }
        }
        // a payload may repeat an id: the last one wins, as it would in the record
        Map<String, NormalizedProcess.Movimentacao> movs = new LinkedHashMap<>();
        p.movimentacoes().forEach(m -> movs.put(m.id(), m));
        for (NormalizedProcess.Movimentacao m : movs.values()) {
            mov.setLong(1, id);
            mov.setString(2, m.id());
            mov.setDate(3, m.data() == null ? null : Date.valueOf(LocalDate.parse(m.data())));
            mov.setString(4, m.titulo());
            mov.setString(5, m.texto());
            mov.setString(6, m.juiz());
            mov.addBatch();
        }
        Map<String, NormalizedProcess.Anexo> anexos = new LinkedHashMap<>();
        p.anexos().stream().filter(a -> a.id() != null).forEach(a -> anexos.put(a.id(), a));
        for (NormalizedProcess.Anexo a : anexos.values()) {
            anexo.setLong(1, id);
            anexo.setString(2, a.id());
            anexo.setString(3, a.url());
            anexo.setString(4, truncate(a.tipo(), 32));
            anexo.setTimestamp(5, a.publicadoEm() == null ? null
                    : Timestamp.valueOf(LocalDateTime.parse(a.publicadoEm())));
            anexo.addBatch();
        }
    }

    private String json(NormalizedProcess process) {
        try {
            return mapper.writeValueAsString(process);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a normalized process is always serializable", e);
        }
    }

    static String digits(String cnj) {
        return cnj.replaceAll("\\D", "");
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

}
