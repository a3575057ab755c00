package io.despacho.anoreg.messaging;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.despacho.anoreg.client.AnoregClient;
import io.despacho.anoreg.mapping.PedidoMapper;
import io.despacho.inbound.InboundRecord;
import io.despacho.inbound.ReceivedEvents;
import io.despacho.ingress.Provider;
import io.despacho.pedido.NormalizedPedido;
import io.despacho.pedido.PedidoStore;
import io.despacho.shared.UnmappableException;

/**
 * What one Anoreg notification does: fetch the pedido and its andamentos (and, once the pedido is closed, its
 * certidões), normalize, store. The notification body only says which pedido changed; the API gives its state.
 */
@ApplicationScoped
public class AnoregEventProcessor {

    private final AnoregClient anoreg;
    private final ReceivedEvents receivedEvents;
    private final PedidoStore pedidos;
    private final ObjectMapper mapper;

    public AnoregEventProcessor(AnoregClient anoreg, ReceivedEvents receivedEvents, PedidoStore pedidos,
            ObjectMapper mapper) {
        this.anoreg = anoreg;
        this.receivedEvents = receivedEvents;
        this.pedidos = pedidos;
        this.mapper = mapper;
    }

    public List<Long> process(InboundRecord record) {
        if (!record.key().matches("\\d{1,18}")) {
            throw new UnmappableException("the record key is not a pedido id");
        }
        if (alreadyHandled(record)) {
            return List.of();
        }
        long id = Long.parseLong(record.key());
        Instant fetchedAt = Instant.now();
        JsonNode pedido = anoreg.pedido(id);
        JsonNode andamentos = anoreg.andamentos(id);
        NormalizedPedido draft = PedidoMapper.map(pedido, andamentos, null);
        // certidões only exist once a pedido is closed: asking earlier would spend the 30-per-minute budget for nothing
        JsonNode certidoes = "ENCERRADO".equals(draft.status()) ? anoreg.certidoes(id) : null;
        ObjectNode raw = mapper.createObjectNode();
        raw.set("pedido", pedido);
        raw.set("andamentos", andamentos);
        raw.set("certidoes", certidoes);
        return store(record, PedidoMapper.map(pedido, andamentos, certidoes), fetchedAt, raw.toString());
    }

    @Transactional
    boolean alreadyHandled(InboundRecord record) {
        return receivedEvents.alreadyHandled(Provider.ANOREG, record);
    }

    @Transactional
    List<Long> store(InboundRecord record, NormalizedPedido pedido, Instant fetchedAt, String raw) {
        OptionalLong outboxId = pedidos.save(pedido, fetchedAt, raw);
        receivedEvents.mark(Provider.ANOREG, record, outboxId.isPresent() ? ReceivedEvents.Status.PROCESSED
                : ReceivedEvents.Status.IGNORED, outboxId.isPresent() ? null : "not newer than the stored pedido");
        return outboxId.isPresent() ? List.of(outboxId.getAsLong()) : List.of();
    }
}
