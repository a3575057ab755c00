package io.despacho.judit.consulta;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.despacho.shared.Sql;

/** Judit consultas por documento and the processes each found. */
@ApplicationScoped
public class ConsultaStore {

    /** One consulta as the query API shows it. */
    public record Consulta(UUID id, String tipo, String documento, String status, String requestId, String detalhe,
            Integer totalProcessos, Instant criadaEm, Instant concluidaEm, List<String> processos) {
    }

    /** What the poller and the consumer need of a pending consulta. */
    public record Pending(UUID id, String requestId, Instant criadaEm) {
    }

    private final DataSource dataSource;

    public ConsultaStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void created(UUID id, ConsultaDocument document) {
        Sql.update(dataSource, "insert into consulta (id, tipo, documento, status) values (?, ?, ?, 'CRIADA')", id,
                document.tipo(), document.documento());
    }

    public void requested(UUID id, String requestId) {
        Sql.update(dataSource, "update consulta set status = 'PENDENTE', request_id = ? where id = ?", requestId, id);
    }

    public void failed(UUID id, String detalhe) {
        Sql.update(dataSource, "update consulta set status = 'FALHOU', detalhe = ? where id = ?", detalhe, id);
    }

    /** Ends a pending consulta as FALHOU (the poller: Judit failed it, or it outlived its maximum age). */
    public void pendingFailed(UUID id, String detalhe) {
        Sql.update(dataSource, "update consulta set status = 'FALHOU', detalhe = ?, concluida_em = now()"
                + " where id = ? and status = 'PENDENTE'", detalhe, id);
    }

    /** The pending consulta of a Judit request; empty when unknown or already concluded. */
    public Optional<Pending> pendingByRequest(String requestId) {
        return Sql.list(dataSource, "select id, request_id from consulta where request_id = ? and status = 'PENDENTE'",
                row -> new Pending(row.getObject(1, UUID.class), row.getString(2), null), requestId).stream()
                .findFirst();
    }

    /** Oldest pending first, for the poller. */
    public List<Pending> pending(int limit) {
        return Sql.list(dataSource, "select id, request_id, criada_em from consulta where status = 'PENDENTE'"
                + " order by criada_em limit ?", row -> new Pending(row.getObject(1, UUID.class), row.getString(2),
                        Sql.instant(row.getTimestamp(3))), limit);
    }

    /** Links a process found (caller's transaction); the same process again changes nothing. */
    public void found(UUID id, String processoChave, int instancia) {
        Sql.update(dataSource, "insert into consulta_processo (consulta_id, processo_chave, instancia)"
                + " values (?, ?, ?) on conflict do nothing", id, processoChave, instancia);
    }

    public void concluded(UUID id, String detalhe) {
        Sql.update(dataSource, "update consulta set status = 'CONCLUIDA', concluida_em = now(), detalhe = ?,"
                + " total_processos = (select count(distinct processo_chave) from consulta_processo where consulta_id = ?)"
                + " where id = ?", detalhe, id, id);
    }

    public Optional<Consulta> find(UUID id) {
        // the numbers as the courts format them (the CNJ's usual form for CNJ processes)
        List<String> processos = Sql.list(dataSource, "select distinct p.numero from consulta_processo cp"
                + " join processo p on p.chave = cp.processo_chave and p.instancia = cp.instancia"
                + " where cp.consulta_id = ? order by p.numero", row -> row.getString(1), id);
        return Sql.list(dataSource, "select id, tipo, documento, status, request_id, detalhe, total_processos,"
                + " criada_em, concluida_em from consulta where id = ?", row -> new Consulta(row.getObject(1,
                        UUID.class), row.getString(2), row.getString(3), row.getString(4), row.getString(5),
                        row.getString(6), (Integer) row.getObject(7), Sql.instant(row.getTimestamp(8)),
                        Sql.instant(row.getTimestamp(9)), processos), id).stream().findFirst();
    }
}
