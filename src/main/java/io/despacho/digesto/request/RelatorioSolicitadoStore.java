package io.despacho.digesto.request;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.despacho.shared.Sql;

/** Virtual reports Despacho created at Digesto, followed until their 15/16 events have been processed. */
@ApplicationScoped
public class RelatorioSolicitadoStore {

    /** One report request as the query API shows it. */
    public record RelatorioSolicitado(long id, int totalCnjs, String status, String detalhe, Instant solicitadoEm,
            Instant encomendadoEm, Instant previaEm, Instant concluidoEm, List<Integer> instancias) {
    }

    private final DataSource dataSource;
    private final ObjectMapper mapper;

    public RelatorioSolicitadoStore(DataSource dataSource, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.mapper = mapper;
    }

    public void created(long id, List<String> cnjs, List<Integer> instancias) {
        Sql.update(dataSource, "insert into relatorio_solicitado (id, total_cnjs, cnjs, status, instancias)"
                + " values (?, ?, ?::jsonb, 'CRIADO', ?::jsonb) on conflict (id) do nothing", id, cnjs.size(),
                mapper.valueToTree(cnjs).toString(), mapper.valueToTree(instancias).toString());
    }

    public void ordered(long id) {
        Sql.update(dataSource, "update relatorio_solicitado set status = 'ENCOMENDADO', detalhe = null,"
                + " encomendado_em = now() where id = ? and status = 'CRIADO'", id);
    }

    public void orderFailed(long id, String detalhe) {
        Sql.update(dataSource, "update relatorio_solicitado set detalhe = ? where id = ?", detalhe, id);
    }

    /** A 15 (PREVIEW) or 16 (FINISHED) of this report was processed (inside the importer's transaction). */
    public void advanced(long id, String reportStatus) {
        boolean finished = "FINISHED".equals(reportStatus);
        Sql.update(dataSource, "update relatorio_solicitado set status = case when ? then 'CONCLUIDO'"
                + " when status = 'CONCLUIDO' then status else 'PREVIA' end,"
                + " previa_em = case when ? then previa_em else coalesce(previa_em, now()) end,"
                + " concluido_em = case when ? then coalesce(concluido_em, now()) else concluido_em end where id = ?",
                finished, finished, finished, id);
    }

    public Optional<RelatorioSolicitado> find(long id) {
        return Sql.list(dataSource, "select id, total_cnjs, status, detalhe, solicitado_em, encomendado_em, previa_em,"
                + " concluido_em, instancias::text from relatorio_solicitado where id = ?",
                row -> new RelatorioSolicitado(row.getLong(1), row.getInt(2), row.getString(3), row.getString(4),
                        Sql.instant(row.getTimestamp(5)), Sql.instant(row.getTimestamp(6)),
                        Sql.instant(row.getTimestamp(7)), Sql.instant(row.getTimestamp(8)),
                        instancias(row.getString(9))), id)
                .stream().findFirst();
    }

    private List<Integer> instancias(String json) {
        try {
            return List.of(mapper.readValue(json, Integer[].class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("relatorio_solicitado.instancias is a JSON list", e);
        }
    }
}
