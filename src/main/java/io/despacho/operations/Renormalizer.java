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

import io.despacho.outbox.DownstreamPublisher;
import io.despacho.pedido.PedidoStore;
import io.despacho.pipeline.InboundConsumers;
import io.despacho.pipeline.Provider;
import io.despacho.pipeline.ProviderPipeline;
import io.despacho.processo.ProcessoStore;
import io.despacho.shared.ProcessNumber;
import io.despacho.shared.Sql;

/**
 * Maps a stored record again from the raw provider payload kept beside it — after a mapping fix — without asking
 * the provider, with the mapper of the provider that sent it (a process may come from Digesto or Judit). The
 * snapshot's own version is kept, so the result replaces the record only when it differs, and is then published like
 * any update.
 */
@ApplicationScoped
public class Renormalizer {

    private final DataSource dataSource;
    private final ObjectMapper mapper;
    private final ProcessoStore processos;
    private final PedidoStore pedidos;
    private final DownstreamPublisher publisher;
    private final InboundConsumers pipelines;

    public Renormalizer(DataSource dataSource, ObjectMapper mapper, ProcessoStore processos, PedidoStore pedidos,
            DownstreamPublisher publisher, InboundConsumers pipelines) {
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.processos = processos;
        this.pedidos = pedidos;
        this.publisher = publisher;
        this.pipelines = pipelines;
    }

    /** Returns how many stored processes had that number (0: unknown); changed ones are published. */
    public int processo(ProcessNumber number, String tribunal) {
        Remapped result = remapProcesso(number, tribunal);
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
    Remapped remapProcesso(ProcessNumber number, String tribunal) {
        List<ProcessoStore.Stored> rows = processos.stored(number, tribunal);
        List<Long> outboxIds = new ArrayList<>();
        for (ProcessoStore.Stored stored : rows) {
            pipeline(stored.provider()).remapProcess(json(stored.raw()), stored.sourceId()).ifPresent(process -> processos
                    .save(process, stored.version(), stored.raw()).ifPresent(outboxIds::add));
        }
        return new Remapped(rows.size(), outboxIds);
    }

    @Transactional
    Remapped remapPedido(long id) {
        record Stored(String raw, Instant version) {
        }
        List<Stored> rows = Sql.list(dataSource, "select raw::text, source_updated_at from pedido where id = ?",
                row -> new Stored(row.getString(1), row.getTimestamp(2).toInstant()), id);
        List<Long> outboxIds = new ArrayList<>();
        for (Stored stored : rows) {
            pipeline(Provider.ANOREG.id()).remapPedido(json(stored.raw())).ifPresent(pedido -> pedidos
                    .save(pedido, stored.version(), stored.raw()).ifPresent(outboxIds::add));
        }
        return new Remapped(rows.size(), outboxIds);
    }

    private ProviderPipeline pipeline(String provider) {
        return Provider.fromId(provider).flatMap(pipelines::pipeline).orElseThrow(() -> new IllegalStateException(
                "no pipeline for the stored provider " + provider));
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored raw payloads are JSON", e);
        }
    }
}
