package io.despacho.operations;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;


import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.despacho.anoreg.mapping.PedidoMapper;
import io.despacho.digesto.mapping.TribprocMapper;
import io.despacho.outbox.DownstreamPublisher;
import io.despacho.pedido.PedidoStore;
import io.despacho.processo.ProcessoStore;
import io.despacho.shared.Sql;

/**
 * Maps a stored record again from the raw provider payload kept beside it — after a mapping fix — without asking
 * the provider. The snapshot's own version is kept, so the result replaces the record only when it differs, and is
 * then published like any update.
 */
@ApplicationScoped
public class Renormalizer {

    private final DataSource dataSource;
    private final ObjectMapper mapper;
    private final ProcessoStore processos;
    private final PedidoStore pedidos;
    private final DownstreamPublisher publisher;

    public Renormalizer(DataSource dataSource, ObjectMapper mapper, ProcessoStore processos, PedidoStore pedidos,
            DownstreamPublisher publisher) {
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.processos = processos;
        this.pedidos = pedidos;
        this.publisher = publisher;
    }

    /** Returns how many instances of the process were found (0: unknown); changed ones are published. */
    public int processo(String cnjDigits) {
        Remapped result = remapProcesso(cnjDigits);
        publisher.publish(result.outboxIds());
        return result.found();
    }

    public boolean pedido(long id) {
        Remapped result = remapPedido(id);
        publisher.publish(result.outboxIds());
        return result.found() > 0;
    }

    record Remapped(int found, List<Long> outboxIds) {
    }

    @Transactional
    Remapped remapProcesso(String cnjDigits) {
        List<Long> outboxIds = new ArrayList<>();
        int found = 0;
        for (Object[] row : rows("select raw::text, source_updated_at from processo where cnj = ?", cnjDigits)) {
            found++;
            processos.save(TribprocMapper.map(json((String) row[0]), false), ((Timestamp) row[1]).toInstant(),
                    (String) row[0]).ifPresent(outboxIds::add);
        }
        return new Remapped(found, outboxIds);
    }

    @Transactional
    Remapped remapPedido(long id) {
        List<Object[]> rows = rows("select raw::text, source_updated_at from pedido where id = ?", id);
        if (rows.isEmpty()) {
            return new Remapped(0, List.of());
        }
        JsonNode raw = json((String) rows.get(0)[0]);
        List<Long> outboxIds = new ArrayList<>();
        pedidos.save(PedidoMapper.map(raw.get("pedido"), raw.get("andamentos"), raw.get("certidoes")),
                ((Timestamp) rows.get(0)[1]).toInstant(), (String) rows.get(0)[0]).ifPresent(outboxIds::add);
        return new Remapped(1, outboxIds);
    }

    private List<Object[]> rows(String sql, Object arg) {
        return Sql.list(dataSource, sql, row -> new Object[] { row.getString(1), row.getTimestamp(2) }, arg);
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored raw payloads are JSON", e);
        }
    }

}
