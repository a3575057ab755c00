package io.despacho.relatorio;

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

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.despacho.outbox.OutboxStore;
import io.despacho.shared.Cnj;
import io.despacho.shared.Hashing;
import io.despacho.shared.Sql;

/**
 * Virtual reports and the processes they list. A report's status only moves forward (PREVIEW → FINISHED): a late 15
 * never regresses a report a 16 has finished.
 */
@ApplicationScoped
public class RelatorioStore {

    public static final String TOPIC = "despacho.relatorios";
    public static final String EVENT_TYPE = "io.despacho.relatorio.v1";

    private final DataSource dataSource;
    private final ObjectMapper mapper;
    private final OutboxStore outbox;

    public RelatorioStore(DataSource dataSource, ObjectMapper mapper, OutboxStore outbox) {
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.outbox = outbox;
    }

    @Transactional
    public Optional<String> status(long id) {
        return Sql.firstString(dataSource, "select status from relatorio where id = ?", id);
    }

    /** Links processes to a report, in the caller's transaction; a process listed twice is linked once. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void link(long id, List<String> processoChaves, List<Integer> instancias) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into relatorio_processo (relatorio_id, processo_chave, instancia) values (?, ?, ?)"
                        + " on conflict do nothing")) {
            ensureExists(c, id);
            for (int i = 0; i < processoChaves.size(); i++) {
                ps.setLong(1, id);
                ps.setString(2, processoChaves.get(i));
                ps.setInt(3, instancias.get(i));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("relatorio_processo insert failed", e);
        }
    }

    /**
     * Records the report's state after an import, in the caller's transaction, and queues the report record. Returns
     * the outbox id.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long finish(long id, String status, String nome, Integer progresso, Integer total, int ignorados,
            String finalizadoEm, String metadata) {
        String sql = """
                insert into relatorio (id, status, total_processos, metadata, source_updated_at)
                values (?, ?, ?, ?::jsonb, now())
                on conflict (id) do update set
                    status = case when relatorio.status = 'FINISHED' then 'FINISHED' else excluded.status end,
                    total_processos = excluded.total_processos, metadata = excluded.metadata,
                    source_updated_at = now(), updated_at = now()
                returning status, (select count(*) from relatorio_processo where relatorio_id = ?), updated_at""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            ps.setString(2, status);
            ps.setInt(3, total == null ? 0 : total);
            ps.setString(4, metadata);
            ps.setLong(5, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                RelatorioRecord record = new RelatorioRecord(id, rs.getString(1), nome, progresso, total,
                        rs.getInt(2), ignorados, finalizadoEm, rs.getTimestamp(3).toInstant().toString(),
                        new RelatorioRecord.Fonte("DIGESTO", Long.toString(id)));
                String json = mapper.writeValueAsString(record);
                storeRecord(c, id, json);
                return outbox.add(TOPIC, Long.toString(id),
                        Hashing.sha256Hex(EVENT_TYPE + "|" + id + "|" + json.replaceAll("\"atualizadoEm\":\"[^\"]*\"", "")),
                        EVENT_TYPE, json);
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("relatorio upsert failed", e);
        }
    }

    @Transactional
    public Optional<String> record(long id) {
        return Sql.firstString(dataSource, "select metadata->'record' from relatorio where id = ?", id);
    }

    @Transactional
    public RelatorioRecord.Processos processos(long id, int page, int size) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement count = c.prepareStatement(
                        "select count(*) from relatorio_processo where relatorio_id = ?");
                PreparedStatement list = c.prepareStatement("select p.numero, p.cnj, p.tribunal, rp.instancia"
                        + " from relatorio_processo rp join processo p on p.chave = rp.processo_chave"
                        + " and p.instancia = rp.instancia where rp.relatorio_id = ?"
                        + " order by rp.processo_chave, rp.instancia offset ? limit ?")) {
            count.setLong(1, id);
            int total;
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                total = rs.getInt(1);
            }
            list.setLong(1, id);
            list.setLong(2, (long) page * size);
            list.setInt(3, size);
            List<String> cnjs = new ArrayList<>();
            List<RelatorioRecord.Processo> processos = new ArrayList<>();
            try (ResultSet rs = list.executeQuery()) {
                while (rs.next()) {
                    String cnj = rs.getString(2) == null ? null : new Cnj(rs.getString(2)).formatted();
                    if (cnj != null) {
                        cnjs.add(cnj);
                    }
                    processos.add(new RelatorioRecord.Processo(rs.getString(1), cnj, rs.getString(3), rs.getInt(4)));
                }
            }
            return new RelatorioRecord.Processos(id, total, page, size, cnjs, processos);
        } catch (SQLException e) {
            throw new IllegalStateException("relatorio_processo read failed", e);
        }
    }

    private static void ensureExists(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into relatorio (id, status, source_updated_at)"
                + " values (?, 'PREVIEW', ?) on conflict do nothing")) {
            ps.setLong(1, id);
            ps.setTimestamp(2, Timestamp.from(Instant.EPOCH));
            ps.executeUpdate();
        }
    }

    private static void storeRecord(Connection c, long id, String json) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "update relatorio set metadata = jsonb_set(coalesce(metadata, '{}'::jsonb), '{record}', ?::jsonb)"
                        + " where id = ?")) {
            ps.setString(1, json);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

}
