package io.despacho.processo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
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
import io.despacho.shared.ColumnInsert;
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

    /** The upserted columns and their types, in parameter order. */
    private static final Map<String, String> COLUMNS = columns("chave text", "instancia integer", "numero text",
            "cnj text", "tribunal text", "uf text", "classe text", "area text", "assunto text", "comarca text",
            "foro text", "vara text", "juiz text", "valor_causa numeric", "distribuido_em date", "situacao text",
            "arquivado boolean", "extinto boolean", "segredo_justica boolean", "fonte_provedor text", "fonte_id text",
            "source_updated_at timestamptz", "content_hash text", "record json", "raw jsonb");
    private static final String ON_CONFLICT = "on conflict (chave, instancia) do update set "
            + String.join(", ", COLUMNS.keySet().stream().filter(c -> !c.equals("chave") && !c.equals("instancia"))
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
     * one upsert, one delete per child table for the rows that existed, one insert per child table and one into the
     * outbox, each a {@link ColumnInsert} (one array per column, so no parameter limit on the page size). Of two
     * snapshots of one process, the newer counts. Returns the outbox ids.
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
        List<Long> outboxIds = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            List<Row> written = upsert(c, List.copyOf(rows.values()));
            if (!written.isEmpty()) {
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
        // a CNJ is its process's chave (the unique key's index); only processes without one are indexed by numero
        StringBuilder where = new StringBuilder(number.cnj().isPresent() ? "chave = ?" : "numero = ? and cnj is null");
        args.add(number.cnj().map(Cnj::digits).orElse(number.numero()));
        if (tribunal != null && !tribunal.isBlank()) {
            where.append(" and upper(tribunal) = upper(?)");
            args.add(tribunal.strip());
        }
        return where;
    }

    /** Returns the rows written (newer or changed), with their ids. */
    private List<Row> upsert(Connection c, List<Row> rows) throws SQLException {
        ColumnInsert insert = ColumnInsert.into("processo");
        COLUMNS.forEach((column, type) -> insert.column(column, type));
        Map<String, Row> byKey = new LinkedHashMap<>();
        for (Row row : rows) {
            byKey.put(row.key(), row);
            NormalizedProcess p = row.snapshot.process();
            insert.add(row.chave, row.instancia, p.numero(), p.cnj() == null ? null : digits(p.cnj()), p.tribunal(),
                    truncate(p.uf(), 2), p.classe(), p.area(), p.assunto(), p.comarca(), p.foro(), p.vara(), p.juiz(),
                    p.valorCausa() == null ? null : p.valorCausa().setScale(2, java.math.RoundingMode.HALF_UP),
                    p.distribuidoEm(), p.situacao(), p.arquivado(), p.extinto(), p.segredoJustica(),
                    p.fonte() == null ? "DIGESTO" : p.fonte().provedor(), p.fonte() == null ? null : p.fonte().id(),
                    row.snapshot.version(), row.hash, row.record, row.snapshot.raw());
        }
        List<Row> written = new ArrayList<>();
        try (PreparedStatement ps = insert.prepare(c, ON_CONFLICT); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Row row = byKey.get(Row.key(rs.getString(2), rs.getInt(3)));
                row.id = rs.getLong(1);
                row.inserted = rs.getBoolean(4);
                written.add(row);
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
        ColumnInsert parte = ColumnInsert.into("processo_parte").column("processo_id", "bigint")
                .column("ordem", "integer").column("nome", "text").column("documento", "text")
                .column("tipo_documento", "text").column("polo", "text").column("papel", "text");
        ColumnInsert advogado = ColumnInsert.into("processo_advogado").column("processo_id", "bigint")
                .column("parte_ordem", "integer").column("ordem", "integer").column("nome", "text")
                .column("oab", "text").column("uf", "text");
        ColumnInsert mov = ColumnInsert.into("processo_movimentacao").column("processo_id", "bigint")
                .column("id", "text").column("data", "date").column("titulo", "text").column("texto", "text")
                .column("juiz", "text");
        ColumnInsert anexo = ColumnInsert.into("processo_anexo").column("processo_id", "bigint").column("id", "text")
                .column("url", "text").column("tipo", "text").column("publicado_em", "timestamp");
        for (Row row : rows) {
            addChildren(row.id, row.snapshot.process(), parte, advogado, mov, anexo);
        }
        // partes before their advogados (foreign key)
        for (ColumnInsert insert : List.of(parte, advogado, mov, anexo)) {
            insert.execute(c);
        }
    }

    private static void addChildren(long id, NormalizedProcess p, ColumnInsert parte, ColumnInsert advogado,
            ColumnInsert mov, ColumnInsert anexo) {
        for (int i = 0; i < p.partes().size(); i++) {
            NormalizedProcess.Parte pt = p.partes().get(i);
            parte.add(id, i, pt.nome() == null ? "" : pt.nome(), pt.tipoDocumento() == null ? null : pt.documento(),
                    pt.tipoDocumento(), pt.polo(), pt.papel());
            for (int j = 0; j < pt.advogados().size(); j++) {
                NormalizedProcess.Advogado a = pt.advogados().get(j);
                advogado.add(id, i, j, a.nome(), truncate(a.oab(), 16), truncate(a.uf(), 2));
            }
        }
        // a payload may repeat an id: the last one wins, as it would in the record
        Map<String, NormalizedProcess.Movimentacao> movs = new LinkedHashMap<>();
        p.movimentacoes().forEach(m -> movs.put(m.id(), m));
        for (NormalizedProcess.Movimentacao m : movs.values()) {
            mov.add(id, m.id(), m.data(), m.titulo(), m.texto(), m.juiz());
        }
        Map<String, NormalizedProcess.Anexo> anexos = new LinkedHashMap<>();
        p.anexos().stream().filter(a -> a.id() != null).forEach(a -> anexos.put(a.id(), a));
        for (NormalizedProcess.Anexo a : anexos.values()) {
            anexo.add(id, a.id(), a.url(), truncate(a.tipo(), 32), a.publicadoEm());
        }
    }

    private static Map<String, String> columns(String... nameAndType) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (String column : nameAndType) {
            String[] parts = column.split(" ");
            columns.put(parts[0], parts[1]);
        }
        return columns;
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
