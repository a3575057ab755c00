package io.despacho.digesto.request;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.despacho.shared.Cnj;
import io.despacho.shared.Sql;

/** On-demand court updates asked of Digesto, and which evt 13 answered each. */
@ApplicationScoped
public class AtualizacaoStore {

    /** One update as the query API shows it. */
    public record Atualizacao(UUID id, String cnj, String status, String detalhe, String eventoId,
            Instant solicitadaEm, Instant concluidaEm) {
    }

    private final DataSource dataSource;

    public AtualizacaoStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void requested(UUID id, Cnj cnj) {
        Sql.update(dataSource, "insert into atualizacao (id, cnj, status) values (?, ?, 'SOLICITADA')", id,
                cnj.digits());
    }

    public void failed(UUID id, String detalhe) {
        Sql.update(dataSource, "update atualizacao set status = 'FALHOU', detalhe = ? where id = ?"
                + " and status = 'SOLICITADA'", detalhe, id);
    }

    /**
     * The evt 13 carrying this id arrived (inside the consumer's transaction). Also after FALHOU: our call may have
     * timed out after Digesto took it. Returns whether a request matched.
     */
    public boolean answered(UUID id, String eventId) {
        return Sql.update(dataSource, "update atualizacao set status = 'CONCLUIDA', evento_id = ?, concluida_em = now()"
                + " where id = ? and status <> 'CONCLUIDA'", eventId, id) > 0;
    }

    public Optional<Atualizacao> find(UUID id) {
        return Sql.list(dataSource, "select id, cnj, status, detalhe, evento_id, solicitada_em, concluida_em"
                + " from atualizacao where id = ?", row -> new Atualizacao(row.getObject(1, UUID.class),
                        new Cnj(row.getString(2)).formatted(), row.getString(3), row.getString(4), row.getString(5),
                        Sql.instant(row.getTimestamp(6)), Sql.instant(row.getTimestamp(7))), id)
                .stream().findFirst();
    }
}
