package io.despacho.operations;

import java.time.Instant;
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
import io.despacho.judit.mapping.JuditLawsuitMapper;
import io.despacho.outbox.DownstreamPublisher;
import io.despacho.pedido.PedidoStore;
import io.despacho.processo.NormalizedProcess;
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

    /** A stored raw payload and the version (source_updated_at) of the snapshot it made. */
    private record Stored(String raw, Instant version, String provider, String sourceId) {
    }

    @Transactional
    Remapped remapProcesso(String cnjDigits) {
        List<Long> outboxIds = new ArrayList<>();
        int found = 0;
        List<Stored> rows = Sql.list(dataSource, "select raw::text, source_updated_at, fonte_provedor, fonte_id"
                + " from processo where cnj = ?", row -> new Stored(row.getString(1), row.getTimestamp(2).toInstant(),
                        row.getString(3), row.getString(4)), cnjDigits);
        for (Stored stored : rows) {
            found++;
            // Judit lawsuits share the table: each row is mapped again by the mapper of the provider that sent it
            NormalizedProcess process = JuditLawsuitMapper.PROVIDER.equals(stored.provider())
                    ? JuditLawsuitMapper.map(json(stored.raw()), stored.sourceId())
                    : TribprocMapper.map(tribproc(json(stored.raw())), false);
            processos.save(process, stored.version(), stored.raw()).ifPresent(outboxIds::add);
        }
        return new Remapped(found, outboxIds);
    }

    @Transactional
    Remapped remapPedido(long id) {
        List<Stored> rows = stored("pedido where id = ?", id);
        if (rows.isEmpty()) {
            return new Remapped(0, List.of());
        }
        Stored stored = rows.get(0);
        JsonNode raw = json(stored.raw());
        List<Long> outboxIds = new ArrayList<>();
        pedidos.save(PedidoMapper.map(raw.get("pedido"), raw.get("andamentos"), raw.get("certidoes")),
                stored.version(), stored.raw()).ifPresent(outboxIds::add);
        return new Remapped(1, outboxIds);
    }

    private List<Stored> stored(String tableAndWhere, Object arg) {
        return Sql.list(dataSource, "select raw::text, source_updated_at from " + tableAndWhere,
                row -> new Stored(row.getString(1), row.getTimestamp(2).toInstant(), null, null), arg);
    }

    /** A report's process is kept with its hit envelope; a webhook's is the process itself. */
    private static JsonNode tribproc(JsonNode raw) {
        return raw.path("_source").isObject() ? raw.get("_source") : raw;
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored raw payloads are JSON", e);
        }
    }
}
